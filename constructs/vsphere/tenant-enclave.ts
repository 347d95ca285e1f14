import { Construct } from 'constructs';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { EntityPermissions } from '@cdktf/provider-vsphere/lib/entity-permissions';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { fail, show } from '../../lib/errors';
import type { TenantEnclaveProps as EnclaveIntentProps } from '../../lib/model/enclave';
import { requireProps } from '../../lib/model/checks';
import { TIERS, type EnclaveModel, type Tier, type TierLayoutModel } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { vsphereNames } from '../../lib/naming/vsphere';
import { stableId } from '../../lib/model/renamed-from';
import { enclaveTags } from '../../lib/tags';
import { dependOn, movedFrom, stackOf } from '../terraform';
import { previousConstructId, type TargetEnclaveState } from '../private/target-state';
import { AccreditedNetwork } from './accredited-network';
import { EnclaveOperatorRoleLookup, type IEnclaveOperatorRole } from './enclave-operator-role';
import { SiteInventory } from './private/site-inventory';
import { VSPHERE_ENCLAVE, describeValue, hasSymbol } from './private/symbols';
import { TagLookup, type ITagSource } from './tag-catalogue';
import { Workload } from './workload';

export interface TenantEnclaveProps extends EnclaveIntentProps {
  /** The network the enclave is a slice of; it may be in another Terraform stack. */
  readonly network: AccreditedNetwork;
  /**
   * Where the tag ids of the enclave's objects come from.
   * @default - the network's tag source when the enclave is in the network's stack; otherwise a
   * TagLookup created inside the enclave
   */
  readonly tags?: ITagSource;
  /**
   * The role the enclave's administrator groups get on its folder and resource pool.
   * @default - the network's role when the enclave is in the network's stack; otherwise an
   * EnclaveOperatorRoleLookup created inside the enclave
   */
  readonly operatorRole?: IEnclaveOperatorRole;
}

/**
 * One tenant's isolated slice of a vSphere network (rule PCR-11): its own VM folder inside the
 * network's folder, its own resource pool and a hardened distributed port group per tier on its
 * own VLAN. Its administrator groups hold the enclave operator role on the folder and the pool,
 * and on nothing else (PCR-19). It refers to the network only by name, so it can live in its own
 * Terraform stack.
 *
 * A renamed enclave (`renamedFrom`) keeps the names, descriptions and tags of its previous id;
 * its resources move to their new addresses through `moved` blocks.
 */
export class TenantEnclave extends Construct {
  /** True for any vSphere TenantEnclave, even one from another copy of the package. */
  static isTenantEnclave(x: unknown): x is TenantEnclave {
    return hasSymbol(x, VSPHERE_ENCLAVE);
  }

  readonly network: AccreditedNetwork;
  /** The enclave's model, workloads and flows. */
  readonly state: TargetEnclaveState;
  readonly tags: ITagSource;
  /** Data sources for the site's inventory in the enclave's stack. */
  readonly inventory: SiteInventory;
  readonly folder: Folder;
  readonly resourcePool: ResourcePool;
  /** One port group per tier. */
  readonly portGroups: Readonly<Record<Tier, DistributedPortGroup>>;
  /** The role the administrator groups hold. */
  readonly operatorRole: IEnclaveOperatorRole;
  /** The administrator groups' permissions on the folder and on the resource pool. */
  readonly permissions: { readonly folder: EntityPermissions; readonly resourcePool: EntityPermissions };

  constructor(scope: Construct, id: string, props: TenantEnclaveProps) {
    const path = scope?.node?.path ? `${scope.node.path}/${id}` : String(id);
    requireProps(props, path, 'TenantEnclave');
    const network = props.network;
    if (!AccreditedNetwork.isAccreditedNetwork(network)) {
      fail({
        code: 'NETWORK_MISSING',
        path,
        problem: 'enclave is not placed in a vSphere accredited network',
        given: describeValue(network),
        expected: "network: a vsphere.AccreditedNetwork, e.g. new vsphere.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' })",
        fix: 'create the vsphere.AccreditedNetwork first and pass it as props.network',
      });
    }
    const previousId = previousConstructId(scope, id, props);
    const state = network.state.addEnclave(id, props);
    const principals = administratorPrincipals(state.model, network.site.vsphere!.ssoDomain);
    super(scope, id);
    Object.defineProperty(this, VSPHERE_ENCLAVE, { value: true });
    if (previousId !== undefined) movedFrom(this, previousId);
    this.network = network;
    this.state = state;
    const sameStack = stackOf(this) === stackOf(network);
    this.tags = props.tags ?? (sameStack ? network.tags : new TagLookup(this, 'Tags', { estate: network.estate }));
    this.inventory = new SiteInventory(this, 'Site', network.site.vsphere!);

    const estate = network.estate;
    const model = state.model;
    // A renamed network or enclave keeps the names of its previous ids; the firewall manifest names the port groups by them too.
    const [networkName, name] = [network.state.stableId, stableId(model)];
    const tagIds = this.tags.tagIds(enclaveTags(estate, network.model, model));
    this.folder = new Folder(this, 'Folder', {
      path: vsphereNames.enclaveFolder(estate, networkName, name),
      type: 'vm',
      datacenterId: this.inventory.datacenter.id,
      tags: tagIds,
    });
    // The parent folder is the network's: a depends_on in one stack, a stack ordering across stacks.
    dependOn(this.folder, network.folder);
    this.resourcePool = new ResourcePool(this, 'ResourcePool', {
      name: vsphereNames.resourcePool(estate, networkName, name),
      parentResourcePoolId: this.inventory.cluster.resourcePoolId,
      tags: tagIds,
    });
    const portGroups: Partial<Record<Tier, DistributedPortGroup>> = {};
    for (const layout of model.tiers) {
      portGroups[layout.tier] = new DistributedPortGroup(this, `PortGroup-${layout.tier}`, {
        name: vsphereNames.portGroup(estate, networkName, name, layout.tier),
        description: `pcloud ${state.stablePath} ${layout.tier} tier ${layout.cidr}, gateway ${layout.gateway}`,
        distributedVirtualSwitchUuid: this.inventory.distributedSwitch.id,
        vlanId: usableVlan(layout, model),
        // Layer-2 hardening (rule PCR-29), and no port may loosen it or leave the VLAN.
        allowPromiscuous: false,
        allowMacChanges: false,
        allowForgedTransmits: false,
        securityPolicyOverrideAllowed: false,
        vlanOverrideAllowed: false,
        tags: tagIds,
      });
    }
    this.portGroups = portGroups as Record<Tier, DistributedPortGroup>;

    this.operatorRole = props.operatorRole ?? (sameStack ? network.operatorRole : new EnclaveOperatorRoleLookup(this, 'OperatorRole', { estate }));
    // vsphere_entity_permissions owns every permission set directly on its entity: one per entity, a block per group.
    const permissions = principals.map((principal) => ({ userOrGroup: principal, isGroup: true, propagate: true, roleId: this.operatorRole.roleId }));
    this.permissions = {
      folder: new EntityPermissions(this, 'FolderPermissions', { entityType: 'Folder', entityId: this.folder.id, permissions }),
      resourcePool: new EntityPermissions(this, 'ResourcePoolPermissions', { entityType: 'ResourcePool', entityId: this.resourcePool.id, permissions }),
    };
  }

  get model(): EnclaveModel {
    return this.state.model;
  }

  /** The tier layout (subnet, gateway, VLAN) of one tier. */
  tier(tier: Tier): TierLayoutModel {
    return this.model.tiers.find((t) => t.tier === tier)!;
  }

  /** Adds a VM or database to the enclave. */
  addWorkload(id: string, props: WorkloadProps): Workload {
    return new Workload(this, id, props);
  }
}

/** The vCenter SSO group of each administrator group, sorted as vCenter returns permissions (so a plan shows no reordering). */
function administratorPrincipals(enclave: EnclaveModel, ssoDomain: string): string[] {
  // lib/model/enclave.ts refuses two groups with one principal.
  const groups = enclave.administrators.map((g) => ({ name: g.name, principal: vsphereNames.ssoPrincipal(ssoDomain, g) }));
  return groups.map((g) => g.principal).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

/** VLAN 1 is the default VLAN and 4095 trunks every VLAN: a tenant port group must never use them. */
function usableVlan(layout: TierLayoutModel, enclave: EnclaveModel): number {
  const vlan = layout.vlan;
  if (vlan === undefined || !Number.isInteger(vlan) || vlan < 2 || vlan > 4094) {
    fail({
      code: 'VLAN_INVALID',
      path: enclave.path,
      problem: `the ${layout.tier} tier has no usable VLAN`,
      given: show(vlan),
      expected: `a VLAN id from 2 to 4094 for each of ${TIERS.join(', ')} (never 1 or 4095)`,
      fix: "omit vlans to allocate them from the site's vlanRange, or give VLANs inside it",
    });
  }
  return vlan;
}
