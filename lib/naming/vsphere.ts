import { fit } from './fit';

/** vSphere inventory names (folders, pools, port groups, VMs, tags) are at most 80 characters. */
export const VSPHERE_NAME_MAX = 80;
/** A guest host name is one DNS label. */
export const HOST_NAME_MAX = 63;

/** Names of vSphere inventory objects (at most 80 characters each). */
export const vsphereNames = {
  /** Top-level VM folder of a network. */
  networkFolder(estate: string, network: string): string {
    return fit(`pcloud-${estate}-${network}`, VSPHERE_NAME_MAX);
  },
  /** VM folder of an enclave, inside its network's folder (a path; each part is at most 80 characters). */
  enclaveFolder(estate: string, network: string, enclave: string): string {
    return `${vsphereNames.networkFolder(estate, network)}/${fit(enclave, VSPHERE_NAME_MAX)}`;
  },
  resourcePool(estate: string, network: string, enclave: string): string {
    return fit(`pcloud-${estate}-${network}-${enclave}`, VSPHERE_NAME_MAX);
  },
  portGroup(estate: string, network: string, enclave: string, tier: string): string {
    return fit(`pg-${estate}-${network}-${enclave}-${tier}`, VSPHERE_NAME_MAX);
  },
  /**
   * VM name. A tenant has one enclave per network, so tenant, network and workload name a VM
   * uniquely on its site; it is the host name too when that fits in a DNS label.
   */
  virtualMachine(network: string, tenantCode: string, workload: string): string {
    return fit(`${tenantCode}-${network}-${workload}`, VSPHERE_NAME_MAX);
  },
  /**
   * Guest host name: one DNS label, unique among the site's workloads (two enclaves may both
   * have an `app`, and they share the site's DNS domain).
   */
  hostName(network: string, tenantCode: string, workload: string): string {
    return fit(`${tenantCode}-${network}-${workload}`.toLowerCase(), HOST_NAME_MAX);
  },
  /** Tag category, one per tag key per estate. */
  tagCategory(estate: string, key: string): string {
    return fit(`pcloud-${estate}-${key}`, VSPHERE_NAME_MAX);
  },
  /** Tag for one value of a category (the full value is the tag's description). */
  tag(value: string): string {
    return fit(value, VSPHERE_NAME_MAX);
  },
  /** The custom role of enclave administrators, one per estate on a vCenter. */
  enclaveOperatorRole(estate: string): string {
    return fit(`pcloud-${estate}-enclave-operator`, VSPHERE_NAME_MAX);
  },
  /** The vCenter SSO principal of an administrator group: its `ssoGroup`, or its name in the site's SSO domain (`DOMAIN\\group`). */
  ssoPrincipal(ssoDomain: string, group: { readonly name: string; readonly ssoGroup?: string }): string {
    return group.ssoGroup ?? `${ssoDomain}\\${group.name}`;
  },
};
