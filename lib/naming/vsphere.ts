import { fit } from './fit';

/** Names of vSphere inventory objects (at most 80 characters each). */
export const vsphereNames = {
  /** Top-level VM folder of a network. */
  networkFolder(estate: string, network: string): string {
    return fit(`pcloud-${estate}-${network}`, 80);
  },
  /** VM folder of an enclave, inside its network's folder (a path). */
  enclaveFolder(estate: string, network: string, enclave: string): string {
    return `${vsphereNames.networkFolder(estate, network)}/${fit(enclave, 80)}`;
  },
  resourcePool(estate: string, network: string, enclave: string): string {
    return fit(`pcloud-${estate}-${network}-${enclave}`, 80);
  },
  portGroup(estate: string, network: string, enclave: string, tier: string): string {
    return fit(`pg-${estate}-${network}-${enclave}-${tier}`, 80);
  },
  virtualMachine(tenantCode: string, workload: string): string {
    return fit(`${tenantCode}-${workload}`, 80);
  },
  /** Guest host name: one DNS label. */
  hostName(workload: string): string {
    return fit(workload, 63);
  },
  /** Tag category, one per tag key per estate. */
  tagCategory(estate: string, key: string): string {
    return fit(`pcloud-${estate}-${key}`, 80);
  },
};
