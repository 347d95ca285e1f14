import { CfnResource, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * A finding of a construct-checking rule pack (cdk-nag's `AwsSolutions-S1`, or one finding of a
 * rule, `AwsSolutions-IAM5[Resource::*]`) that pcloud acknowledges, with the reason it stands.
 */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

/** CloudFormation metadata key cdk-nag writes acknowledgements under: `{ rules_to_suppress: [{ id, reason }] }`. */
export const NAG_METADATA_KEY = 'cdk_nag';

/** Reasons shorter than this say nothing an accreditor could check. */
export const MIN_REASON_LENGTH = 20;

const ACKNOWLEDGED = Symbol.for('pcloud.aws.nagAcknowledgements');

type Marked = CfnResource & { [ACKNOWLEDGED]?: NagAcknowledgement[] };

/**
 * Acknowledges findings of cdk-nag (or any CDK policy-validation plugin) on one CloudFormation
 * resource: `resource` itself or the construct's main resource (its default child). Two records,
 * from aws-cdk-lib alone so that constructs never need cdk-nag at run time:
 *
 * - `Validations.of(resource).acknowledge(...)`, CDK's acknowledgement, which cdk-nag 3 reads;
 * - `Metadata: { cdk_nag: { rules_to_suppress: [{ id, reason }] } }` on the resource, the format
 *   cdk-nag writes into templates, from which the evidence pack lists what was acknowledged and why.
 */
export function acknowledge(resource: IConstruct, ...rules: readonly NagAcknowledgement[]): void {
  const target = cfnResourceOf(resource) as Marked;
  const list = target[ACKNOWLEDGED] ?? [];
  for (const rule of rules) {
    if (typeof rule.reason !== 'string' || rule.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`pcloud internal error: the acknowledgement of ${rule.id} on ${target.node.path} gives no reason`);
    }
    if (list.some((r) => r.id === rule.id)) continue;
    list.push({ id: rule.id, reason: rule.reason });
    Validations.of(target).acknowledge({ id: rule.id, reason: rule.reason });
  }
  if (!target[ACKNOWLEDGED]) Object.defineProperty(target, ACKNOWLEDGED, { value: list });
  target.addMetadata(NAG_METADATA_KEY, { rules_to_suppress: list });
}

function cfnResourceOf(construct: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(construct)) return construct;
  const child = construct.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child;
  throw new Error(`pcloud internal error: ${construct.node.path} is not a CloudFormation resource and has none as its default child`);
}
