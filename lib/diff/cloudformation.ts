import { fullDiff, ResourceImpact, type ResourceDifference } from '@aws-cdk/cloudformation-diff';
import type { CfnTemplate } from '../policy/outputs';
import type { ResourceAction, ResourceChange } from './types';

/** IAM and security-group changes of one stack, as cloudformation-diff tabulates them (header row first). */
export interface SecurityTables {
  /** IAM statement changes; rows start with `+` (added) or `-` (removed). */
  readonly iam: readonly (readonly string[])[];
  /** Security-group rule changes; rows start with `+` or `-`. */
  readonly securityGroups: readonly (readonly string[])[];
  /** cloudformation-diff's own verdict: IAM permissions or security-group rules widened. */
  readonly permissionsBroadened: boolean;
}

export interface CloudFormationStackDiff {
  readonly changes: readonly ResourceChange[];
  readonly security: SecurityTables;
}

const ACTION: Partial<Record<ResourceImpact, ResourceAction>> = {
  [ResourceImpact.WILL_CREATE]: 'add',
  [ResourceImpact.WILL_UPDATE]: 'update',
  [ResourceImpact.MAY_REPLACE]: 'may-replace',
  [ResourceImpact.WILL_REPLACE]: 'replace',
  [ResourceImpact.WILL_DESTROY]: 'remove',
  [ResourceImpact.WILL_ORPHAN]: 'remove',
  [ResourceImpact.WILL_IMPORT]: 'add',
};

/**
 * Properties the CloudFormation specification calls "conditionally" replacing that pcloud's own
 * resources change in place. pcloud's instances boot from EBS: a new instance type stops and starts
 * the instance ("Update requires: Some interruptions"); only instance-store instances are replaced.
 * They sit in a VPC, where security groups are changed on the running instance (ModifyInstanceAttribute);
 * only EC2-Classic instances were replaced for it.
 */
export const IN_PLACE_FOR_PCLOUD: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::Instance': ['InstanceType', 'SecurityGroupIds'],
};

/**
 * Diffs two CloudFormation templates of one stack with @aws-cdk/cloudformation-diff, the engine
 * behind `cdk diff`: replacement comes from the CloudFormation resource specification, and the IAM
 * and security-group tables are its own. A missing side is an added or removed stack.
 */
export function diffCloudFormationStack(stack: string, base: CfnTemplate | undefined, head: CfnTemplate | undefined): CloudFormationStackDiff {
  const diff = fullDiff((base ?? {}) as never, (head ?? {}) as never);
  const changes: ResourceChange[] = [];
  diff.resources.forEachDifference((id: string, change: ResourceDifference) => {
    let action = ACTION[change.changeImpact];
    if (!action) return;
    const updates = change.propertyUpdates;
    const changed = Object.keys(updates).sort();
    const inPlace = IN_PLACE_FOR_PCLOUD[change.resourceType ?? ''] ?? [];
    const replacing = changed.filter(
      (p) => (updates[p].changeImpact === ResourceImpact.WILL_REPLACE || updates[p].changeImpact === ResourceImpact.MAY_REPLACE) && !(updates[p].changeImpact === ResourceImpact.MAY_REPLACE && inPlace.includes(p)),
    );
    if (action === 'may-replace' && replacing.length === 0) action = 'update';
    const before = base?.Resources?.[id];
    const after = head?.Resources?.[id];
    changes.push({
      stack,
      platform: 'aws',
      id,
      type: change.resourceType ?? before?.Type ?? after?.Type ?? 'unknown',
      action,
      changed,
      replacing,
      ...(change.changeImpact === ResourceImpact.WILL_ORPHAN ? { retained: true } : {}),
      source: 'synth',
      ...(before?.Properties ? { before: before.Properties } : {}),
      ...(after?.Properties ? { after: after.Properties } : {}),
    });
  });
  changes.sort((a, b) => a.id.localeCompare(b.id));
  return {
    changes,
    security: {
      iam: diff.iamChanges.hasChanges ? diff.iamChanges.summarizeStatements() : [],
      securityGroups: diff.securityGroupChanges.hasChanges ? diff.securityGroupChanges.summarize() : [],
      permissionsBroadened: diff.permissionsBroadened,
    },
  };
}

/**
 * A described CloudFormation change set (`aws cloudformation describe-change-set --output json`)
 * as resource changes: when a pipeline has one, its verdicts are the authority for that stack.
 */
export function changesFromChangeSet(stack: string, changeSet: unknown): ResourceChange[] {
  const set = changeSet as { Changes?: unknown; StackName?: unknown };
  if (typeof set !== 'object' || set === null || !Array.isArray(set.Changes)) {
    throw new Error('not a described change set: expected the JSON of `aws cloudformation describe-change-set`, with a "Changes" list');
  }
  return set.Changes.filter((c: { Type?: string }) => c?.Type === 'Resource')
    .map((c: { ResourceChange: ChangeSetResourceChange }) => {
      const rc = c.ResourceChange;
      const replacement = rc.Replacement === 'True' ? 'replace' : rc.Replacement === 'Conditional' ? 'may-replace' : 'update';
      const action: ResourceAction = rc.Action === 'Add' || rc.Action === 'Import' ? 'add' : rc.Action === 'Remove' ? 'remove' : replacement;
      const details = rc.Details ?? [];
      const changed = [...new Set(details.map((d) => d.Target?.Name ?? d.Target?.Attribute ?? '').filter(Boolean))].sort();
      const replacing = [...new Set(details.filter((d) => d.Target?.RequiresRecreation && d.Target.RequiresRecreation !== 'Never').map((d) => d.Target!.Name ?? d.Target!.Attribute ?? ''))].filter(Boolean).sort();
      if (typeof rc.LogicalResourceId !== 'string' || typeof rc.ResourceType !== 'string') {
        throw new Error('a change of the change set has no LogicalResourceId or ResourceType');
      }
      return {
        stack,
        platform: 'aws' as const,
        id: rc.LogicalResourceId,
        type: rc.ResourceType,
        action,
        changed,
        replacing,
        ...(rc.PolicyAction === 'Retain' ? { retained: true } : {}),
        source: 'changeset' as const,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

interface ChangeSetResourceChange {
  readonly Action?: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
  readonly LogicalResourceId?: string;
  readonly ResourceType?: string;
  readonly Replacement?: 'True' | 'False' | 'Conditional';
  readonly PolicyAction?: string;
  readonly Details?: readonly { readonly Target?: { readonly Attribute?: string; readonly Name?: string; readonly RequiresRecreation?: string } }[];
}
