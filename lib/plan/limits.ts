import { fail } from '../errors';
import type { RenderedOutputs } from '../policy/outputs';

/** CloudFormation's quotas per stack that pcloud's partitioning must stay within. */
export const CLOUDFORMATION_LIMITS = {
  /** Resources per stack. */
  resources: 500,
  /** Bytes of a template deployed from S3 (the CDK uploads it there). */
  templateBytes: 1_000_000,
  /** Outputs per stack (exports included). */
  outputs: 200,
} as const;

/**
 * Refuses a rendered AWS stack that CloudFormation would refuse at deployment: more than 500
 * resources, a template over 1 MB or more than 200 outputs. One stack per enclave keeps real
 * estates far below; an enclave that still passes a limit must be split by the definition.
 */
export function checkStackLimits(outputs: RenderedOutputs): void {
  for (const stack of outputs.stacks) {
    const template = stack.cloudformation;
    if (!template) continue;
    const figures: [number, number, string][] = [
      [Object.keys(template.Resources ?? {}).length, CLOUDFORMATION_LIMITS.resources, 'resources'],
      [Buffer.byteLength(JSON.stringify(template, undefined, 1)), CLOUDFORMATION_LIMITS.templateBytes, 'bytes of template'],
      [Object.keys(template.Outputs ?? {}).length, CLOUDFORMATION_LIMITS.outputs, 'outputs'],
    ];
    for (const [figure, limit, what] of figures) {
      if (figure <= limit) continue;
      fail({
        code: 'STACK_LIMIT_EXCEEDED',
        path: stack.plan.enclave ?? stack.plan.network ?? stack.plan.site,
        problem: `CloudFormation stack ${stack.plan.name} has ${figure} ${what}; CloudFormation allows ${limit}`,
        given: `${figure} ${what}`,
        expected: `at most ${limit} ${what} per stack`,
        fix: stack.plan.kind === 'enclave' ? 'split the enclave: move some of its workloads into another enclave of the same tenant on another network, or into a second network' : 'split the network into two networks',
      });
    }
  }
}
