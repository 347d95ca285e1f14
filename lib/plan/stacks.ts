import { fit } from '../naming/fit';
import { stableId } from '../model/renamed-from';
import type { EstateModel, Platform } from '../model/types';

/** One deployable unit: a CloudFormation stack (AWS) or a Terraform stack (Azure, vSphere). */
export interface StackPlan {
  readonly name: string;
  readonly platform: Platform;
  /**
   * `site` stacks hold what exists once per account, subscription or vCenter (audit trail,
   * threat detection, configuration rules, tag categories); `network` the shared plumbing;
   * `enclave` one tenant's resources.
   */
  readonly kind: 'site' | 'network' | 'enclave';
  readonly site: string;
  readonly network?: string;
  readonly enclave?: string;
  /** Names of stacks that must be deployed first. */
  readonly dependsOn: readonly string[];
}

/**
 * Partitions an estate into stacks: per site, a site stack, then one stack per network and one per
 * enclave. A force's pipeline needs rights on its own enclave stack only, and one force's state
 * never holds another's resources. Names come from construct ids, so adding an enclave never
 * renames another's stack; a renamed network or enclave keeps the stack of its previous id
 * (`renamedFrom`), because a new stack name is a new stack (and, for Terraform, a new state).
 */
export function planStacks(model: EstateModel, platforms: readonly Platform[] = ['aws', 'azure', 'vsphere']): StackPlan[] {
  const plans: StackPlan[] = [];
  const siteOf = new Map(model.sites.map((s) => [s.id, s]));
  for (const site of model.sites) {
    if (!platforms.includes(site.platform)) continue;
    const networks = model.networks.filter((n) => n.site === site.id);
    if (networks.length === 0) continue;
    const siteStack = stackName(model.name, site.id);
    plans.push({ name: siteStack, platform: site.platform, kind: 'site', site: site.id, dependsOn: [] });
    for (const network of networks) {
      const networkStack = stackName(model.name, stableId(network));
      plans.push({
        name: networkStack,
        platform: siteOf.get(network.site)!.platform,
        kind: 'network',
        site: site.id,
        network: network.path,
        dependsOn: [siteStack],
      });
      for (const enclave of model.enclaves.filter((e) => e.network === network.path)) {
        plans.push({
          name: stackName(model.name, stableId(network), stableId(enclave)),
          platform: site.platform,
          kind: 'enclave',
          site: site.id,
          network: network.path,
          enclave: enclave.path,
          dependsOn: [siteStack, networkStack],
        });
      }
    }
  }
  return plans;
}

/** Stack names are valid on every platform: letters, digits and hyphens, at most 128. */
function stackName(estate: string, ...parts: string[]): string {
  return fit([estate, ...parts].join('-'), 128);
}
