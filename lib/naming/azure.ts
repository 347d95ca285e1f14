import { shortHash } from '../hash';
import { alnum, fit } from './fit';

/**
 * Names of Azure resources, within each type's length and character rules. Key Vault, storage
 * account and PostgreSQL server names are global, so they carry a short hash of subscription and
 * construct path.
 */
export const azureNames = {
  /** Resource group: at most 90. */
  resourceGroup(estate: string, network: string, enclave?: string): string {
    return fit(['rg', estate, network, enclave].filter(Boolean).join('-'), 90);
  },
  /** Virtual network: at most 64. */
  virtualNetwork(estate: string, network: string): string {
    return fit(`vnet-${estate}-${network}`, 64);
  },
  /** Subnet: at most 80, unique in the VNet. */
  subnet(enclave: string, tier: string): string {
    return fit(`snet-${enclave}-${tier}`, 80);
  },
  /** Network security group: at most 80. */
  networkSecurityGroup(enclave: string, tier: string): string {
    return fit(`nsg-${enclave}-${tier}`, 80);
  },
  /** Application security group: at most 80. */
  applicationSecurityGroup(workload: string): string {
    return fit(`asg-${workload}`, 80);
  },
  /** Key Vault: 3–24 letters, digits and single hyphens, globally unique. */
  keyVault(subscriptionId: string, enclavePath: string, tenantCode: string): string {
    const prefix = `kv-${tenantCode}-`;
    return prefix + shortHash(`${subscriptionId}/${enclavePath}`, 24 - prefix.length);
  },
  /** Storage account: 3–24 lowercase letters and digits, globally unique. */
  storageAccount(subscriptionId: string, path: string, code: string): string {
    const prefix = `st${alnum(code)}`.slice(0, 12);
    return prefix + shortHash(`${subscriptionId}/${path}`, 24 - prefix.length);
  },
  /** Log Analytics workspace: 4–63. */
  logAnalytics(estate: string, network: string, enclave?: string): string {
    return fit(['log', estate, network, enclave].filter(Boolean).join('-'), 63);
  },
  /** Linux virtual machine resource name: at most 64. */
  virtualMachine(tenantCode: string, workload: string): string {
    return fit(`vm-${tenantCode}-${workload}`, 64);
  },
  /** Guest host name: at most 63 (one DNS label). */
  computerName(workload: string): string {
    return fit(workload, 63);
  },
  networkInterface(workload: string): string {
    return fit(`nic-${workload}`, 80);
  },
  diskEncryptionSet(enclave: string): string {
    return fit(`des-${enclave}`, 80);
  },
  userAssignedIdentity(enclave: string): string {
    return fit(`id-${enclave}-cmk`, 128);
  },
  /** PostgreSQL flexible server: 3–63 lowercase letters, digits and hyphens, globally unique. */
  postgresServer(subscriptionId: string, workloadPath: string, tenantCode: string, workload: string): string {
    const hash = shortHash(`${subscriptionId}/${workloadPath}`, 6);
    return `psql-${tenantCode}-${workload.slice(0, 63 - 13 - tenantCode.length).replace(/-+$/, '')}-${hash}`;
  },
  privateEndpoint(workload: string, subresource: string): string {
    return fit(`pe-${workload}-${subresource}`, 64);
  },
  managementLock(resource: string): string {
    return fit(`lock-${resource}`, 90);
  },
};
