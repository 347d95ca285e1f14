import type { RenderedOutputs } from '../policy/outputs';
import { compareKeys } from './private/order';
import type { CdkNagAcknowledgement } from './types';

/**
 * The cdk-nag rules acknowledged in the CloudFormation templates: cdk-nag writes them to each
 * resource as `Metadata.cdk_nag.rules_to_suppress`, a list of `{ id, reason }` (granular ones add
 * `applies_to`). Sorted by stack, logical id and rule, so the pack is the same run after run.
 */
export function cdkNagAcknowledgements(outputs: RenderedOutputs): CdkNagAcknowledgement[] {
  const found: CdkNagAcknowledgement[] = [];
  for (const stack of outputs.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.cloudformation?.Resources ?? {})) {
      const nag = resource.Metadata?.cdk_nag as { rules_to_suppress?: unknown } | undefined;
      const rules = Array.isArray(nag?.rules_to_suppress) ? (nag.rules_to_suppress as unknown[]) : [];
      for (const rule of rules) {
        if (typeof rule !== 'object' || rule === null) continue;
        const { id, reason, applies_to: appliesTo } = rule as { id?: unknown; reason?: unknown; applies_to?: unknown };
        if (typeof id !== 'string') continue;
        found.push({
          stack: stack.plan.name,
          logicalId,
          type: resource.Type,
          rule: id,
          reason: typeof reason === 'string' ? reason : '',
          ...(Array.isArray(appliesTo) && appliesTo.length ? { appliesTo: appliesTo.map(showAppliesTo) } : {}),
        });
      }
    }
  }
  const key = (a: CdkNagAcknowledgement) => [a.stack, a.logicalId, a.rule];
  return found.sort((a, b) => compareKeys(key(a), key(b)));
}

/** cdk-nag's granular findings are strings or `{ regex: '...' }`. */
function showAppliesTo(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'object' && x !== null && typeof (x as { regex?: unknown }).regex === 'string') return `regex ${(x as { regex: string }).regex}`;
  return JSON.stringify(x);
}
