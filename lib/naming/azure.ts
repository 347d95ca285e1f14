import { shortHash } from '../hash';
import { alnum, fit } from './fit';

/** The private DNS zones Azure Private Link uses for the services pcloud puts behind private endpoints. */
export const AZURE_PRIVATE_DNS_ZONES = {
  postgres: 'privatelink.postgres.database.azure.com',
  blob: 'privatelink.blob.core.windows.net',
} as const;

export type AzurePrivateDnsZone = keyof typeof AZURE_PRIVATE_DNS_ZONES;

/**
 * Names of Azure resources, within each type's length and character rules. Key Vault, storage
 * account and PostgreSQL server names are global, so they carry a short hash of subscription,
 * estate and construct path.
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
  /** The explicit deny-all rule every NSG carries at priority 4096. */
  denyAllRule(direction: 'Inbound' | 'Outbound'): string {
    return `DenyAll${direction}`;
  },
  /** NSG rule of a declared flow: at most 80, unique in its NSG. */
  flowRule(direction: 'Inbound' | 'Outbound', from: string, to: string, protocol: string, fromPort: number, toPort: number): string {
    const ports = fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
    return fit(`allow-${direction === 'Inbound' ? 'in' : 'out'}-${from}-to-${to}-${protocol}-${ports}`, 80);
  },
  /** Application security group: at most 80. */
  applicationSecurityGroup(workload: string): string {
    return fit(`asg-${workload}`, 80);
  },
  /** Key Vault: 3–24 letters, digits and single hyphens, starting with a letter, globally unique. */
  keyVault(subscriptionId: string, estate: string, enclavePath: string, tenantCode: string): string {
    const prefix = `kv-${alnum(tenantCode).slice(0, 8)}-`;
    return prefix + shortHash(`${subscriptionId}/${estate}/${enclavePath}`, 24 - prefix.length);
  },
  /** Key Vault key: at most 127 letters, digits and hyphens. */
  keyVaultKey(enclave: string): string {
    return fit(`cmk-${enclave}`, 127);
  },
  /** Storage account: 3–24 lowercase letters and digits, globally unique. */
  storageAccount(subscriptionId: string, estate: string, path: string, code: string): string {
    const prefix = `st${alnum(code)}`.slice(0, 12);
    return prefix + shortHash(`${subscriptionId}/${estate}/${path}`, 24 - prefix.length);
  },
  /** Log Analytics workspace: 4–63 letters, digits and hyphens. */
  logAnalytics(estate: string, network: string, enclave?: string): string {
    return fit(['log', estate, network, enclave].filter(Boolean).join('-'), 63);
  },
  /** Azure's automatic Network Watcher of a location. */
  networkWatcher(location: string): string {
    return `NetworkWatcher_${location}`;
  },
  /** The resource group Azure creates automatic Network Watchers in. */
  networkWatcherResourceGroup(): string {
    return 'NetworkWatcherRG';
  },
  /** VNet flow log: at most 80, unique under its Network Watcher (shared by every estate of the subscription and location). */
  flowLog(estate: string, network: string): string {
    return fit(`fl-${estate}-${network}`, 80);
  },
  /** Link of a private DNS zone to a VNet: at most 80. */
  privateDnsZoneLink(estate: string, network: string): string {
    return fit(`link-${estate}-${network}`, 80);
  },
  /** Resource id of a private DNS zone, built from names so that another stack can refer to it. */
  privateDnsZoneId(subscriptionId: string, resourceGroup: string, zone: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/privateDnsZones/${zone}`;
  },
  /** Linux virtual machine resource name: at most 64. */
  virtualMachine(tenantCode: string, workload: string): string {
    return fit(`vm-${tenantCode}-${workload}`, 64);
  },
  /** Guest host name: at most 63 (one DNS label). */
  computerName(workload: string): string {
    return fit(workload, 63);
  },
  /** Managed OS disk of a VM: at most 80. */
  osDisk(tenantCode: string, workload: string): string {
    return fit(`osdisk-${tenantCode}-${workload}`, 80);
  },
  networkInterface(workload: string): string {
    return fit(`nic-${workload}`, 80);
  },
  /** IP configuration of a NIC. */
  ipConfiguration(): string {
    return 'internal';
  },
  diskEncryptionSet(enclave: string): string {
    return fit(`des-${enclave}`, 80);
  },
  userAssignedIdentity(enclave: string): string {
    return fit(`id-${enclave}-cmk`, 128);
  },
  /** PostgreSQL flexible server: 3–63 lowercase letters, digits and hyphens, globally unique. */
  postgresServer(subscriptionId: string, estate: string, workloadPath: string, tenantCode: string, workload: string): string {
    const hash = shortHash(`${subscriptionId}/${estate}/${workloadPath}`, 6);
    const code = alnum(tenantCode).slice(0, 8);
    return `psql-${code}-${workload.slice(0, 63 - 13 - code.length).replace(/-+$/, '')}-${hash}`;
  },
  /** Private endpoint: 2–64. */
  privateEndpoint(workload: string, subresource: string): string {
    return fit(`pe-${workload}-${subresource}`, 64);
  },
  /** Private service connection of a private endpoint: at most 80. */
  privateServiceConnection(workload: string, subresource: string): string {
    return fit(`psc-${workload}-${subresource}`, 80);
  },
  /** DNS zone group of a private endpoint: at most 80. */
  privateDnsZoneGroup(zone: string): string {
    return fit(zone.replace(/\./g, '-'), 80);
  },
  /** Diagnostic setting that sends a resource's audit logs to a workspace: at most 260. */
  diagnosticSetting(workspace: string): string {
    return fit(`audit-to-${workspace}`, 260);
  },
  managementLock(resource: string): string {
    return fit(`lock-${resource}`, 90);
  },

  // --- The site baseline: what exists once per estate, subscription and location. Enclaves and
  // networks in other stacks refer to it by these names, so they are built from the estate,
  // subscription and location only (never from a construct id).

  /**
   * Resource group of a site's logging: at most 90. The underscore keeps it apart from every
   * network and enclave resource group, whose ids are kebab-case.
   */
  siteResourceGroup(estate: string, location: string): string {
    return fit(`rg-${estate}-logs_${location}`, 90);
  },
  /** Log Analytics workspace of a site's audit trail: 4–63 letters, digits and hyphens. */
  siteLogAnalytics(estate: string, location: string): string {
    return fit(`log-${estate}-audit-${location}`, 63);
  },
  /**
   * Immutable log archive of a site: a storage account name (3–24 lowercase letters and digits,
   * globally unique). `#site/` is no construct path, so no workload or network store shares its hash.
   */
  logArchive(subscriptionId: string, estate: string, location: string): string {
    return azureNames.storageAccount(subscriptionId, estate, `#site/${location}`, 'logs');
  },
  /** ARM id of a storage account, built from names so that another stack can refer to it. */
  storageAccountId(subscriptionId: string, resourceGroup: string, account: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account}`;
  },
  /** ARM id of a subscription: the scope of its activity log and Defender for Cloud plans. */
  subscriptionScope(subscriptionId: string): string {
    return `/subscriptions/${subscriptionId}`;
  },
  /** Diagnostic setting of a subscription's activity log: at most 260, unique in the subscription (at most five per subscription). */
  activityLogSetting(estate: string, location: string): string {
    return fit(`activity-log-${estate}-${location}`, 260);
  },
  /**
   * Defender for Cloud continuous export to a workspace. The portal lists an automation under
   * Continuous Export only under this name (one per resource group).
   */
  securityExport(): string {
    return 'ExportToWorkspace';
  },
  /** Diagnostic setting that sends a resource's audit logs to a site's log archive: at most 260. */
  archiveDiagnosticSetting(archive: string): string {
    return fit(`archive-to-${archive}`, 260);
  },
  /** Policy assignment at a resource group: at most 64, unique at its scope. */
  policyAssignment(guardrail: 'uk-official' | 'allowed-locations'): string {
    return `pcloud-${guardrail}`;
  },
  /** Recovery Services vault: 2–50 letters, digits and hyphens, starting with a letter. */
  recoveryServicesVault(enclave: string): string {
    return fit(`rsv-${enclave}`, 50);
  },
  /** VM backup policy: a letter, then 2–149 letters, digits, hyphens and underscores. */
  backupPolicyVm(enclave: string): string {
    return fit(`bkpol-vm-${enclave}-daily`, 150);
  },

  // --- Shared services, secure exchanges and interconnects. Names of resources another enclave
  // owns or that sit beside a workload's own carry an underscore: construct ids are kebab-case, so
  // no workload, flow or enclave name can ever take them.

  /** ARM id of a subnet, built from names so that another stack can refer to it. */
  subnetId(subscriptionId: string, resourceGroup: string, virtualNetwork: string, subnet: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${virtualNetwork}/subnets/${subnet}`;
  },
  /** ARM id of an application security group, built from names so that another stack can refer to it. */
  applicationSecurityGroupId(subscriptionId: string, resourceGroup: string, group: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/applicationSecurityGroups/${group}`;
  },
  /** NSG rule of a secure exchange: at most 80, unique in its NSG (an exchange has one end in it). */
  exchangeRule(exchange: string, direction: 'Inbound' | 'Outbound', protocol: string, fromPort: number, toPort: number): string {
    return fit(`exchange_${exchange}_${direction === 'Inbound' ? 'in' : 'out'}_${protocol}-${portText(fromPort, toPort)}`, 80);
  },
  /**
   * NSG rule of a shared service: at most 80, unique in its NSG. `role` says whom it admits: `in`
   * and `out` the consumer enclave to its endpoint (or a remote service), `nat` the Private Link
   * service's NAT address, `probe` the load balancer's health probes, `from-<consumer>` a consumer
   * on another site; `provider` names the provider workload the rule admits to.
   */
  serviceRule(service: string, role: string, protocol: string, fromPort: number, toPort: number, provider?: string): string {
    return fit(['service', service, role, provider, `${protocol}-${portText(fromPort, toPort)}`].filter(Boolean).join('_'), 80);
  },
  /** Internal load balancer in front of a shared service's providers: at most 80, unique in the provider's resource group. */
  loadBalancer(service: string): string {
    return fit(`lbi-${service}`, 80);
  },
  /** The load balancer's one frontend IP configuration. */
  loadBalancerFrontend(): string {
    return 'frontend';
  },
  loadBalancerBackendPool(service: string): string {
    return fit(`pool-${service}`, 80);
  },
  loadBalancerProbe(protocol: string, port: number): string {
    return `probe-${protocol}-${port}`;
  },
  loadBalancerRule(protocol: string, port: number): string {
    return `rule-${protocol}-${port}`;
  },
  /** Private Link service of a shared service: at most 80, unique in the provider's resource group. */
  privateLinkService(service: string): string {
    return fit(`pls-${service}`, 80);
  },
  /** NAT IP configuration of a Private Link service. */
  privateLinkServiceNat(service: string): string {
    return fit(`nat-${service}`, 80);
  },
  /** ARM id of a Private Link service, built from names so that a consumer's stack can refer to it. */
  privateLinkServiceId(subscriptionId: string, resourceGroup: string, service: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/privateLinkServices/${service}`;
  },
  /** A consumer's private endpoint of a shared service: 2–64, unique in the consumer's resource group. */
  servicePrivateEndpoint(service: string): string {
    return fit(`pe_svc-${service}`, 64);
  },
  /** Private service connection of a consumer's endpoint of a shared service: at most 80. */
  servicePrivateServiceConnection(service: string): string {
    return fit(`psc_svc-${service}`, 80);
  },
  /** Application security group of a consumer's endpoint of a shared service: at most 80. */
  serviceApplicationSecurityGroup(service: string): string {
    return fit(`asg_svc-${service}`, 80);
  },
  /** Route table of an enclave tier's subnet: at most 80. */
  routeTable(enclave: string, tier: string): string {
    return fit(`rt-${enclave}-${tier}`, 80);
  },
  /** A route to a remote prefix through an interconnect: at most 80, unique in its table. */
  route(interconnect: string, prefix: string): string {
    return fit(`${interconnect}_${prefix.replace('/', '_')}`, 80);
  },
  /** Azure requires a VPN gateway's subnet to have exactly this name. */
  gatewaySubnet(): string {
    return 'GatewaySubnet';
  },
  /** Public IP of a network's VPN gateway: at most 80. */
  vpnGatewayPublicIp(estate: string, network: string): string {
    return fit(`pip-vgw-${estate}-${network}`, 80);
  },
  /** A network's VPN gateway: at most 80. */
  vpnGateway(estate: string, network: string): string {
    return fit(`vgw-${estate}-${network}`, 80);
  },
  /** IP configuration of a VPN gateway. */
  vpnGatewayIpConfiguration(): string {
    return 'vgw-ipconfig';
  },
  /** Local network gateway (the far end) of an interconnect: at most 80, unique in the network's resource group. */
  localNetworkGateway(interconnect: string): string {
    return fit(`lgw-${interconnect}`, 80);
  },
  /** IPsec connection of an interconnect: at most 80, unique in the network's resource group. */
  vpnConnection(interconnect: string): string {
    return fit(`vcn-${interconnect}`, 80);
  },
  /**
   * Terraform input variable holding an interconnect's IPsec pre-shared key (set it with
   * `TF_VAR_<name>`): letters, digits and underscores, so that it is a valid environment variable.
   */
  ipsecSharedKeyVariable(interconnect: string): string {
    return `ipsec_psk_${interconnect.replace(/[^A-Za-z0-9]/g, '_')}`;
  },
  /**
   * Custom table of an exchange's records in the audit workspace of the enclave that logs them
   * (DPA 2018 s.62): a sender's disclosures, or the collection from a partner. 4–63 letters,
   * digits and underscores, ending `_CL` as Azure requires of custom tables.
   */
  exchangeRecordsTable(exchange: string, records: 'disclosures' | 'collections'): string {
    const prefix = records === 'disclosures' ? 'Disclosures' : 'Collections';
    return `${fit(`${prefix}_${exchange.replace(/[^A-Za-z0-9]/g, '_')}`, 60, '_')}_CL`;
  },
};

function portText(fromPort: number, toPort: number): string {
  return fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
}
