import type { Platform } from '../model/types';

/**
 * What happens to one rendered resource between two synth outputs.
 * - `replace`: the provider deletes it and creates a new one (a stateful one loses its data);
 * - `may-replace`: a changed attribute might force replacement (unknown to pcloud's table, or the
 *   CloudFormation spec says "conditionally");
 * - `move`: the same resource under a new address or logical id (a declared rename), kept in place.
 */
export type ResourceAction = 'add' | 'remove' | 'update' | 'replace' | 'may-replace' | 'move';

export interface ResourceChange {
  /** Stack name (CloudFormation stack or Terraform stack folder). */
  readonly stack: string;
  readonly platform: Platform;
  /** CloudFormation logical id or Terraform address `type.name`, as in HEAD (BASE for a removal). */
  readonly id: string;
  /** CloudFormation resource type or Terraform resource type. */
  readonly type: string;
  readonly action: ResourceAction;
  /** Top-level properties or attributes that changed (updates, replacements). */
  readonly changed: readonly string[];
  /** Of those, the ones that force replacement (from the CloudFormation spec or pcloud's Terraform table). */
  readonly replacing: readonly string[];
  /** For `move`: the BASE address or logical id. */
  readonly movedFrom?: string;
  /** Removed but retained by CloudFormation (DeletionPolicy Retain): orphaned, not deleted. */
  readonly retained?: boolean;
  /** Where the verdict came from: two synth outputs, a Terraform plan, or a CloudFormation change set. */
  readonly source: 'synth' | 'plan' | 'changeset';
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}
