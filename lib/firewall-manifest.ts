import { shortHash } from './hash';
import { flowKey } from './model/workload';
import { stableId } from './model/renamed-from';
import { EstateView } from './model/view';
import type { EstateModel, SiteModel, Tier } from './model/types';
import { vsphereNames } from './naming/vsphere';

export const FIREWALL_MANIFEST_VERSION = 1;

export interface FirewallEndpoint {
  readonly workload: string;
  readonly address: string;
  readonly portGroup: string;
  readonly vlan: number;
}

export interface FirewallRule {
  /** Stable id derived from the flow, so a firewall change ticket can name it. */
  readonly id: string;
  readonly action: 'allow' | 'deny';
  readonly protocol: 'tcp' | 'udp' | 'any';
  /** Port or range, `any` for the default rule. */
  readonly ports: string;
  readonly source: FirewallEndpoint | 'any';
  readonly destination: FirewallEndpoint | 'any';
  readonly reason: string;
}

export interface FirewallSegment {
  readonly portGroup: string;
  readonly vlan: number;
  readonly cidr: string;
  readonly gateway: string;
  readonly network: string;
  readonly enclave: string;
  readonly tenant: string;
  readonly tier: Tier;
  readonly classification: string;
}

/**
 * What the estate's firewall must enforce on a vSphere site. The vSphere provider has no
 * firewall resources, so pcloud writes this manifest for the firewall team (NSX, a physical or a
 * virtual appliance) instead of pretending: default deny, then one allow rule per declared flow.
 */
export interface FirewallManifest {
  readonly schemaVersion: typeof FIREWALL_MANIFEST_VERSION;
  readonly estate: string;
  readonly site: string;
  readonly vcenter: string;
  readonly note: string;
  readonly defaultAction: 'deny';
  /** One segment per port group: enclave tier, VLAN, subnet and gateway. */
  readonly segments: readonly FirewallSegment[];
  /** Ordered: every declared flow, then the default deny. */
  readonly rules: readonly FirewallRule[];
  /** Controls the vSphere provider cannot set, which the site's operators must. */
  readonly operatorControls: readonly { readonly control: string; readonly requirement: string; readonly rule: string }[];
}

export const VSPHERE_OPERATOR_CONTROLS: FirewallManifest['operatorControls'] = [
  {
    control: 'Network filtering between port groups',
    requirement: 'Apply the rules of this manifest on the site firewall: default deny between every segment; allow only the listed flows.',
    rule: 'PCR-13',
  },
  {
    control: 'Fault Tolerance encryption',
    requirement: 'Set ftEncryptionMode to ftEncryptionRequired on any VM that is given Fault Tolerance (the provider cannot set it).',
    rule: 'PCR-09',
  },
];

/** Firewall manifests, one per vSphere site that has networks. */
export function firewallManifests(model: EstateModel): FirewallManifest[] {
  const view = new EstateView(model);
  return model.sites
    .filter((s) => s.platform === 'vsphere' && view.networksOn(s).length > 0)
    .map((site) => manifestFor(view, site));
}

function manifestFor(view: EstateView, site: SiteModel): FirewallManifest {
  const model = view.model;
  const segments: FirewallSegment[] = [];
  const segmentOf = new Map<string, FirewallSegment>();
  for (const network of view.networksOn(site)) {
    for (const enclave of view.enclavesOf(network)) {
      for (const layout of enclave.tiers) {
        const segment: FirewallSegment = {
          // The port group's name, which keeps the previous ids of a renamed network or enclave.
          portGroup: vsphereNames.portGroup(model.name, stableId(network), stableId(enclave), layout.tier),
          vlan: layout.vlan!,
          cidr: layout.cidr,
          gateway: layout.gateway,
          network: network.path,
          enclave: enclave.path,
          tenant: enclave.tenant.code,
          tier: layout.tier,
          classification: enclave.classification,
        };
        segments.push(segment);
        segmentOf.set(`${enclave.path}#${layout.tier}`, segment);
      }
    }
  }
  const endpoint = (path: string): FirewallEndpoint => {
    const w = view.workload(path);
    const segment = segmentOf.get(`${w.enclave}#${w.tier}`)!;
    return { workload: w.path, address: `${w.address}/32`, portGroup: segment.portGroup, vlan: segment.vlan };
  };
  const onSite = new Set(segments.map((s) => s.enclave));
  const rules: FirewallRule[] = model.flows
    .filter((f) => onSite.has(view.workload(f.to).enclave))
    .map((f) => ({
      // From the stable paths, so that renaming a workload keeps its firewall rules' ids.
      id: `pcloud-${shortHash(flowKey({ ...f, from: view.stablePath(f.from), to: view.stablePath(f.to) }), 10)}`,
      action: 'allow' as const,
      protocol: f.protocol,
      ports: f.fromPort === f.toPort ? String(f.fromPort) : `${f.fromPort}-${f.toPort}`,
      source: endpoint(f.from),
      destination: endpoint(f.to),
      reason: `declared flow ${flowKey(f)}`,
    }));
  rules.push({
    id: 'pcloud-default-deny',
    action: 'deny',
    protocol: 'any',
    ports: 'any',
    source: 'any',
    destination: 'any',
    reason: 'default deny (rule PCR-13): nothing else crosses a segment',
  });
  return {
    schemaVersion: FIREWALL_MANIFEST_VERSION,
    estate: model.name,
    site: site.id,
    vcenter: site.vsphere!.server,
    note:
      'The vSphere Terraform provider has no firewall resources. pcloud renders port groups, folders, resource pools and VMs; ' +
      'this manifest is what the site firewall must enforce between the port groups.',
    defaultAction: 'deny',
    segments,
    rules,
    operatorControls: VSPHERE_OPERATOR_CONTROLS,
  };
}
