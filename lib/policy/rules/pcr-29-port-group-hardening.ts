import { tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, enclavesWithSite, notApplicable, perOwner } from './helpers';

/** PCR-29: port-group layer-2 hardening, and never VLAN 1 or 4095 (vSphere only). */
export const PCR_29: Rule = {
  id: 'PCR-29',
  model: ({ view }) =>
    enclavesWithSite(view).map(({ enclave, site }) =>
      site.vsphere
        ? compliant(enclave.path, [], `VLANs ${enclave.tiers.map((t) => t.vlan).join(', ')}`)
        : notApplicable(enclave.path, `${site.platform} has no port groups; the provider's network is layer-3`),
    ),
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      tfResources<{ allow_promiscuous?: boolean; allow_mac_changes?: boolean; allow_forged_transmits?: boolean; vlan_id?: number }>(outputs, 'vsphere_distributed_port_group').map((resource) => {
        const p = resource.properties;
        const faults = [
          ...(p.allow_promiscuous !== false ? ['promiscuous mode'] : []),
          ...(p.allow_mac_changes !== false ? ['MAC changes'] : []),
          ...(p.allow_forged_transmits !== false ? ['forged transmits'] : []),
          ...(p.vlan_id === undefined || p.vlan_id === 1 || p.vlan_id === 4095 || p.vlan_id === 0 ? [`VLAN ${p.vlan_id ?? 'unset'}`] : []),
        ];
        return faults.length ? { resource, problem: { problem: `${describe(resource)} allows ${faults.join(', ')}`, fix: 'a renderer bug: report it' } } : { resource };
      }),
    ),
};
