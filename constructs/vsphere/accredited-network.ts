import { Construct } from 'constructs';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { fail, show } from '../../lib/errors';
import { firewallManifests, type FirewallManifest } from '../../lib/firewall-manifest';
import { checkId, requireProps } from '../../lib/model/checks';
import type { AccreditedNetworkProps as NetworkIntentProps } from '../../lib/model/network';
import { resolveVsphereSite, type VsphereSiteProps } from '../../lib/model/site';
import type { NetworkModel, SiteModel } from '../../lib/model/types';
import { kebab } from '../../lib/naming/fit';
import { vsphereNames } from '../../lib/naming/vsphere';
import { networkTags } from '../../lib/tags';
import { validateWithRules } from '../private/own-stack-rules';
import { TargetNetworkState, previousConstructId } from '../private/target-state';
import { movedFrom } from '../terraform';
import { SiteInventory } from './private/site-inventory';
import { VSPHERE_NETWORK, hasSymbol } from './private/symbols';
import { EnclaveOperatorRole, type IEnclaveOperatorRole } from './enclave-operator-role';
import { TagCatalogue, type ITagSource } from './tag-catalogue';

export interface AccreditedNetworkProps extends NetworkIntentProps {
  /** The vSphere site (vCenter, datacenter, cluster, datastore, switch, templates) the network is placed on. */
  readonly site: VsphereSiteProps;
  /**
   * Estate name: it prefixes folder, pool, port group and tag category names.
   * @default 'pcloud'
   */
  readonly estate?: string;
  /**
   * Id of the site in the network's model and in its firewall manifest.
   * @default - `vsphere-` and the datacenter name in kebab case, e.g. `vsphere-dc1`
   */
  readonly siteId?: string;
  /**
   * Where the tag ids of the network's objects (and of enclaves in its stack) come from.
   * @default - a TagCatalogue created inside the network
   */
  readonly tags?: ITagSource;
  /**
   * The role the network's enclaves grant their administrators on their folders and pools (and
   * that enclaves in other stacks look up by name).
   * @default - an EnclaveOperatorRole created inside the network
   */
  readonly operatorRole?: IEnclaveOperatorRole;
}

/**
 * An accredited network on a vSphere site: a VM folder holding its enclaves' folders. vSphere
 * has no network object of its own to render; the address plan, VLANs and flows live in the
 * network's state and reach the site firewall through `firewallManifest()`.
 *
 * A renamed network (`renamedFrom`) keeps the folder name and tags of its previous id; its
 * resources move to their new addresses through `moved` blocks.
 */
export class AccreditedNetwork extends Construct {
  /** True for any vSphere AccreditedNetwork, even one from another copy of the package. */
  static isAccreditedNetwork(x: unknown): x is AccreditedNetwork {
    return hasSymbol(x, VSPHERE_NETWORK);
  }

  /** The network's model, enclaves and allocations. */
  readonly state: TargetNetworkState;
  readonly estate: string;
  /** The tag source of the network's objects. */
  readonly tags: ITagSource;
  /** Data sources for the site's inventory in the network's stack. */
  readonly inventory: SiteInventory;
  /** The network's VM folder. */
  readonly folder: Folder;
  /** The role enclaves in the network's stack grant their administrators. */
  readonly operatorRole: IEnclaveOperatorRole;

  constructor(scope: Construct, id: string, props: AccreditedNetworkProps) {
    const path = scope?.node?.path ? `${scope.node.path}/${id}` : String(id);
    requireProps(props, path, 'AccreditedNetwork');
    const estate = checkId(props.estate ?? 'pcloud', path, 'estate name');
    if (typeof props.site !== 'object' || props.site === null) {
      fail({
        code: 'SITE_MISSING',
        path,
        problem: 'network is not placed on a vSphere site',
        given: show(props.site),
        expected: "site: { operator, country: 'GB', assurance, server, datacenter, cluster, datastore, distributedSwitch, templates }",
        fix: 'describe the vSphere site the network is placed on in props.site',
      });
    }
    const site = resolveVsphereSite(props.siteId ?? defaultSiteId(props.site), props.site);
    const previousId = previousConstructId(scope, id, props);
    const state = new TargetNetworkState(estate, site, id, props);
    super(scope, id);
    Object.defineProperty(this, VSPHERE_NETWORK, { value: true });
    if (previousId !== undefined) movedFrom(this, previousId);
    this.state = state;
    this.estate = estate;
    this.tags = props.tags ?? new TagCatalogue(this, 'Tags', { estate });
    this.operatorRole = props.operatorRole ?? new EnclaveOperatorRole(this, 'OperatorRole', { estate });
    this.inventory = new SiteInventory(this, 'Site', site.vsphere!);
    this.folder = new Folder(this, 'Resource', {
      // A renamed network keeps the folder of its previous id (the enclaves' folders are inside it).
      path: vsphereNames.networkFolder(estate, state.stableId),
      type: 'vm',
      datacenterId: this.inventory.datacenter.id,
      tags: this.tags.tagIds(networkTags(estate, state.model)),
    });
    validateWithRules(this);
  }

  get model(): NetworkModel {
    return this.state.model;
  }

  get site(): SiteModel {
    return this.state.site;
  }

  /**
   * What the site firewall must enforce for this network's enclaves: a segment per port group,
   * an allow rule per declared flow, then the default deny. The vSphere provider has no firewall
   * resources, so this manifest is the only place flows go. Secure exchanges, shared services and
   * interconnects are declared on a PoliceCloud: the estate path's manifests carry them.
   */
  firewallManifest(): FirewallManifest {
    return firewallManifests(this.state.toModel())[0];
  }

}

function defaultSiteId(site: VsphereSiteProps): string {
  const slug = typeof site.datacenter === 'string' ? kebab(site.datacenter) : '';
  return slug ? `vsphere-${slug}` : 'vsphere';
}
