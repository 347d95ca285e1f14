// The benchmark's hand-written Azure equivalent: the same Terraform stacks, resource types and
// counts as pcloud's Azure output for a bench estate, written with cdktf and deep imports of
// @cdktf/provider-azurerm classes directly (no pcloud import). It follows pcloud's renderers under
// constructs/azure, without the model, the rules, name fitting and hashing.
import { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { BackupPolicyVm } from '@cdktf/provider-azurerm/lib/backup-policy-vm';
import { BackupProtectedVm } from '@cdktf/provider-azurerm/lib/backup-protected-vm';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkInterfaceApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-security-group-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateEndpointApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/private-endpoint-application-security-group-association';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RecoveryServicesVault } from '@cdktf/provider-azurerm/lib/recovery-services-vault';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Aspects, type App, type IAspect, type TerraformStack } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { BenchEnclave, BenchEstate, BenchNetwork } from '../estate-spec';
import { enclaveCidr, enclaveTags, networkTags, siteTags, tierCidr, TIERS } from './common';
import { newStack } from './terraform';

const SUBSCRIPTION = '2f0c8a7e-4b1d-4c3a-9e2f-6d5b1a0c9e81';
const LOCATION = 'uksouth';
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8d7cQ2vX1mWkq0aVbY4uTq8s2yH1nLrZp6oFcEw3Gt platform-breakglass';
const VM_SIZES = { small: 'Standard_D2s_v5', medium: 'Standard_D4s_v5', large: 'Standard_D8s_v5', xlarge: 'Standard_D16s_v5' } as const;
const POSTGRES_SKUS = { small: 'GP_Standard_D2ds_v5', medium: 'GP_Standard_D4ds_v5', large: 'GP_Standard_D8ds_v5', xlarge: 'GP_Standard_D16ds_v5' } as const;
const ALLOWED_LOCATIONS = '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c';
const UK_OFFICIAL = '/providers/Microsoft.Authorization/policySetDefinitions/3937f550-eedd-4639-9c5e-294358be442e';
const DNS_ZONES = { postgres: 'privatelink.postgres.database.azure.com', blob: 'privatelink.blob.core.windows.net' } as const;
const ACTIVITY_LOG = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'];
const DEFENDER: readonly [string, string?][] = [['VirtualMachines', 'P2'], ['StorageAccounts', 'DefenderForStorageV2'], ['KeyVaults'], ['OpenSourceRelationalDatabases'], ['Arm']];
const OPERATOR_ACTIONS = [
  '*/read',
  'Microsoft.Compute/virtualMachines/start/action',
  'Microsoft.Compute/virtualMachines/restart/action',
  'Microsoft.Compute/virtualMachines/powerOff/action',
  'Microsoft.Compute/virtualMachines/deallocate/action',
  'Microsoft.Compute/virtualMachines/retrieveBootDiagnosticsData/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/start/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/stop/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/restart/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/provisionInstantItemRecovery/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/revokeInstantItemRecovery/action',
  'Microsoft.Compute/disks/write',
];
const OPERATOR_NOT_ACTIONS = [
  'Microsoft.Authorization/*/write',
  'Microsoft.Authorization/*/delete',
  'Microsoft.Authorization/elevateAccess/action',
  'Microsoft.Network/networkSecurityGroups/write',
  'Microsoft.Network/networkSecurityGroups/delete',
  'Microsoft.Network/networkSecurityGroups/securityRules/write',
  'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  'Microsoft.Insights/diagnosticSettings/write',
  'Microsoft.Insights/diagnosticSettings/delete',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/read',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
];

/** Adds tags to every azurerm resource under a scope that takes them; a resource's own tags win. */
class Tagger implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}

  visit(node: IConstruct): void {
    if (!('tagsInput' in node)) return;
    const resource = node as unknown as { tagsInput?: Record<string, string>; tags?: Record<string, string> };
    resource.tags = { ...this.tags, ...(resource.tagsInput ?? {}) };
  }
}

interface Protectable {
  addOverride(path: string, value: unknown): void;
}

/** prevent_destroy on the resource and a CanNotDelete lock on it. */
function protect(scope: Construct, id: string, resource: Protectable, armId: string, name: string): void {
  resource.addOverride('lifecycle.prevent_destroy', true);
  new ManagementLock(scope, id, { name: `lock-${name}`, scope: armId, lockLevel: 'CanNotDelete', notes: 'Stateful resource of an accredited estate (pcloud): lift the lock only in a reviewed change.' });
}

function hardenedStorage(name: string, resourceGroupName: string) {
  return {
    name,
    location: LOCATION,
    resourceGroupName,
    accountKind: 'StorageV2',
    accountTier: 'Standard',
    accountReplicationType: 'GRS',
    minTlsVersion: 'TLS1_2',
    httpsTrafficOnlyEnabled: true,
    allowNestedItemsToBePublic: false,
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    crossTenantReplicationEnabled: false,
    infrastructureEncryptionEnabled: true,
    networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
  };
}

function allowedLocations(scope: Construct, group: ResourceGroup): void {
  new ResourceGroupPolicyAssignment(scope, 'AllowedLocations', {
    name: 'pcloud-allowed-locations',
    displayName: 'Allowed locations: UK South and UK West (pcloud, rule PCR-03)',
    resourceGroupId: group.id,
    policyDefinitionId: ALLOWED_LOCATIONS,
    parameters: JSON.stringify({ listOfAllowedLocations: { value: ['uksouth', 'ukwest'] } }),
  });
}

function provider(stack: TerraformStack): void {
  new AzurermProvider(stack, 'azurerm', {
    features: [
      {
        keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
        storage: [{ dataPlaneAvailable: false }],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
      },
    ],
    subscriptionId: SUBSCRIPTION,
    storageUseAzuread: true,
  });
}

interface Site {
  readonly logArchive: StorageAccount;
  readonly logArchiveName: string;
  readonly logArchiveId: string;
}

/** The site stack: logging resource group, UK-only policy, audit workspace, immutable archive, activity log, Defender plans. */
function siteBaseline(stack: TerraformStack, estate: string): Site {
  const site = new Construct(stack, 'azure-uksouth');
  const groupName = `rg-${estate}-logs_${LOCATION}`;
  const group = new ResourceGroup(site, 'ResourceGroup', { name: groupName, location: LOCATION });
  allowedLocations(site, group);
  const workspaceName = `log-${estate}-audit-${LOCATION}`;
  const workspace = new LogAnalyticsWorkspace(site, 'AuditLog', { name: workspaceName, location: LOCATION, resourceGroupName: group.name, sku: 'PerGB2018', retentionInDays: 365, localAuthenticationEnabled: false });
  protect(site, 'AuditLogLock', workspace, workspace.id, workspaceName);
  const archiveName = 'stlogs0123456789abcdef01';
  const archive = new StorageAccount(site, 'LogArchive', {
    ...hardenedStorage(archiveName, group.name),
    blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 365 }, containerDeleteRetentionPolicy: { days: 365 } },
    immutabilityPolicy: { state: 'Unlocked', periodSinceCreationInDays: 365, allowProtectedAppendWrites: true },
  });
  protect(site, 'LogArchiveLock', archive, archive.id, archiveName);
  new MonitorDiagnosticSetting(site, 'ActivityLog', {
    name: `activity-log-${estate}-${LOCATION}`,
    targetResourceId: `/subscriptions/${SUBSCRIPTION}`,
    logAnalyticsWorkspaceId: workspace.id,
    storageAccountId: archive.id,
    enabledLog: ACTIVITY_LOG.map((category) => ({ category })),
  });
  let previous: SecurityCenterSubscriptionPricing | undefined;
  for (const [resourceType, subplan] of DEFENDER) {
    const pricing: SecurityCenterSubscriptionPricing = new SecurityCenterSubscriptionPricing(site, `Defender${resourceType}`, { resourceType, tier: 'Standard', ...(subplan ? { subplan } : {}) });
    if (previous) pricing.dependsOn = [`${previous.terraformResourceType}.${previous.friendlyUniqueId}`];
    previous = pricing;
  }
  Aspects.of(site).add(new Tagger(siteTags(estate)));
  return {
    logArchive: archive,
    logArchiveName: archiveName,
    logArchiveId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${groupName}/providers/Microsoft.Storage/storageAccounts/${archiveName}`,
  };
}

interface Network {
  readonly spec: BenchNetwork;
  readonly stack: TerraformStack;
  readonly resourceGroup: string;
  readonly virtualNetwork: string;
}

/** The network stack: resource group, UK-only policy, VNet, flow log with traffic analytics, private DNS zones. */
function accreditedNetwork(stack: TerraformStack, spec: BenchNetwork, estate: string): Network {
  const net = new Construct(stack, spec.id);
  const groupName = `rg-${estate}-${spec.id}`;
  const group = new ResourceGroup(net, 'ResourceGroup', { name: groupName, location: LOCATION });
  allowedLocations(net, group);
  const vnetName = `vnet-${estate}-${spec.id}`;
  const vnet = new VirtualNetwork(net, 'Resource', { name: vnetName, location: LOCATION, resourceGroupName: group.name, addressSpace: [spec.addressSpace] });
  const workspaceName = `log-${estate}-${spec.id}`;
  const workspace = new LogAnalyticsWorkspace(net, 'TrafficAnalytics', { name: workspaceName, location: LOCATION, resourceGroupName: group.name, sku: 'PerGB2018', retentionInDays: 365 });
  protect(net, 'TrafficAnalyticsLock', workspace, workspace.id, workspaceName);
  const storageName = 'stflazurenet0123456789ab';
  const storage = new StorageAccount(net, 'FlowLogStorage', hardenedStorage(storageName, group.name));
  protect(net, 'FlowLogStorageLock', storage, storage.id, storageName);
  new NetworkWatcherFlowLog(net, 'FlowLog', {
    name: `fl-${estate}-${spec.id}`,
    location: LOCATION,
    networkWatcherName: `NetworkWatcher_${LOCATION}`,
    resourceGroupName: 'NetworkWatcherRG',
    targetResourceId: vnet.id,
    storageAccountId: storage.id,
    enabled: true,
    version: 2,
    retentionPolicy: { enabled: true, days: 365 },
    trafficAnalytics: { enabled: true, workspaceId: workspace.workspaceId, workspaceRegion: LOCATION, workspaceResourceId: workspace.id, intervalInMinutes: 10 },
  });
  for (const [key, zoneName] of Object.entries(DNS_ZONES)) {
    const label = key.charAt(0).toUpperCase() + key.slice(1);
    const zone = new PrivateDnsZone(net, `${label}DnsZone`, { name: zoneName, resourceGroupName: group.name });
    new PrivateDnsZoneVirtualNetworkLink(net, `${label}DnsZoneLink`, {
      name: `link-${estate}-${spec.id}`,
      resourceGroupName: group.name,
      privateDnsZoneName: zone.name,
      virtualNetworkId: vnet.id,
      registrationEnabled: false,
    });
  }
  Aspects.of(net).add(new Tagger(networkTags(estate, spec)));
  return { spec, stack, resourceGroup: groupName, virtualNetwork: vnetName };
}

const ROLE_CRYPTO_OFFICER = 'Key Vault Crypto Officer';
const ROLE_CRYPTO_USER = 'Key Vault Crypto Service Encryption User';

/** An enclave stack: resource group and policies, tier subnets and NSGs, key vault and key, identities, audit, backup, administrators, workloads and flows. */
function tenantEnclave(stack: TerraformStack, spec: BenchEnclave, network: Network, estate: string, site: Site, siteStack: TerraformStack): void {
  const net = network.spec;
  const path = `${net.id}/${spec.id}`;
  const enc = new Construct(stack, spec.id);
  const dependsOn = (resource: { dependsOn?: string[] }, on: { terraformResourceType: string; friendlyUniqueId: string }) => {
    resource.dependsOn = [...(resource.dependsOn ?? []), `${on.terraformResourceType}.${on.friendlyUniqueId}`];
  };
  const groupName = `rg-${estate}-${net.id}-${spec.id}`;
  const group = new ResourceGroup(enc, 'ResourceGroup', { name: groupName, location: LOCATION });
  const rg = group.name;
  const ukOfficial = new ResourceGroupPolicyAssignment(enc, 'UkOfficial', {
    name: 'pcloud-uk-official',
    displayName: 'UK OFFICIAL and UK NHS (pcloud)',
    resourceGroupId: group.id,
    policyDefinitionId: UK_OFFICIAL,
    location: LOCATION,
    identity: { type: 'SystemAssigned' },
  });
  new RoleAssignment(enc, 'UkOfficialRemediation', {
    scope: group.id,
    roleDefinitionName: 'Contributor',
    principalId: ukOfficial.identity.principalId,
    principalType: 'ServicePrincipal',
    description: 'pcloud: the UK OFFICIAL and UK NHS assignment remediates its DeployIfNotExists and Modify members here',
  });
  allowedLocations(enc, group);

  const cidr = enclaveCidr(net, spec.index);
  const subnets = new Map<string, Subnet>();
  const nsgs = new Map<string, NetworkSecurityGroup>();
  for (const [t, tier] of TIERS.entries()) {
    const label = tier.charAt(0).toUpperCase() + tier.slice(1);
    const subnet = new Subnet(enc, `${label}Subnet`, {
      name: `snet-${spec.id}-${tier}`,
      resourceGroupName: network.resourceGroup,
      virtualNetworkName: network.virtualNetwork,
      addressPrefixes: [tierCidr(cidr, t)],
      defaultOutboundAccessEnabled: false,
      privateEndpointNetworkPolicies: 'Enabled',
    });
    const nsg = new NetworkSecurityGroup(enc, `${label}NetworkSecurityGroup`, { name: `nsg-${spec.id}-${tier}`, location: LOCATION, resourceGroupName: rg });
    for (const direction of ['Inbound', 'Outbound']) {
      new NetworkSecurityRule(enc, `${label}DenyAll${direction}`, {
        name: `DenyAll${direction}`,
        resourceGroupName: rg,
        networkSecurityGroupName: nsg.name,
        priority: 4096,
        direction,
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
        description: 'Default deny (rule PCR-13): only declared flows are allowed above this rule.',
      });
    }
    new SubnetNetworkSecurityGroupAssociation(enc, `${label}SubnetNetworkSecurityGroup`, { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
    subnets.set(tier, subnet);
    nsgs.set(tier, nsg);
  }

  const client = new DataAzurermClientConfig(enc, 'ClientConfig', {});
  const vaultName = `kv-${spec.tenant}-0123456789`.slice(0, 24);
  const vault = new KeyVault(enc, 'KeyVault', {
    name: vaultName,
    location: LOCATION,
    resourceGroupName: rg,
    skuName: 'premium',
    tenantId: client.tenantId,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: 90,
    rbacAuthorizationEnabled: true,
    publicNetworkAccessEnabled: false,
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
  });
  protect(enc, 'KeyVaultLock', vault, vault.id, vaultName);
  const deployer = new RoleAssignment(enc, 'DeployerCryptoOfficer', {
    scope: vault.id,
    roleDefinitionName: ROLE_CRYPTO_OFFICER,
    principalId: client.objectId,
    description: 'pcloud: the deploying principal creates and rotates the enclave key',
  });
  const keyName = `cmk-${spec.id}`;
  const key = new KeyVaultKey(enc, 'Key', {
    name: keyName,
    keyVaultId: vault.id,
    keyType: 'RSA-HSM',
    keySize: 3072,
    keyOpts: ['wrapKey', 'unwrapKey'],
    rotationPolicy: { automatic: { timeAfterCreation: 'P1Y' }, expireAfter: 'P2Y', notifyBeforeExpiry: 'P30D' },
  });
  dependsOn(key, deployer);
  protect(enc, 'KeyLock', key, key.resourceVersionlessId, keyName);
  const identity = new UserAssignedIdentity(enc, 'CmkIdentity', { name: `id-${spec.id}-cmk`, location: LOCATION, resourceGroupName: rg });
  const identityAccess = new RoleAssignment(enc, 'CmkIdentityKeyAccess', { scope: vault.id, roleDefinitionName: ROLE_CRYPTO_USER, principalId: identity.principalId, principalType: 'ServicePrincipal' });
  const des = new DiskEncryptionSet(enc, 'DiskEncryptionSet', {
    name: `des-${spec.id}`,
    location: LOCATION,
    resourceGroupName: rg,
    keyVaultKeyId: key.versionlessId,
    autoKeyRotationEnabled: true,
    encryptionType: 'EncryptionAtRestWithCustomerKey',
    identity: { type: 'SystemAssigned' },
  });
  const desAccess = new RoleAssignment(enc, 'DiskEncryptionSetKeyAccess', { scope: vault.id, roleDefinitionName: ROLE_CRYPTO_USER, principalId: des.identity.principalId, principalType: 'ServicePrincipal' });

  const workspaceName = `log-${estate}-${net.id}-${spec.id}`;
  const workspace = new LogAnalyticsWorkspace(enc, 'AuditLog', { name: workspaceName, location: LOCATION, resourceGroupName: rg, sku: 'PerGB2018', retentionInDays: 365, localAuthenticationEnabled: false });
  protect(enc, 'AuditLogLock', workspace, workspace.id, workspaceName);
  new MonitorDiagnosticSetting(enc, 'KeyVaultAudit', { name: `audit-to-${workspaceName}`, targetResourceId: vault.id, logAnalyticsWorkspaceId: workspace.id, enabledLog: [{ categoryGroup: 'audit' }] });
  new MonitorDiagnosticSetting(enc, 'KeyVaultArchive', { name: `archive-to-${site.logArchiveName}`, targetResourceId: vault.id, storageAccountId: site.logArchiveId, enabledLog: [{ categoryGroup: 'audit' }] });
  new MonitorDiagnosticSetting(enc, 'AuditLogArchive', { name: `archive-to-${site.logArchiveName}`, targetResourceId: workspace.id, storageAccountId: site.logArchiveId, enabledLog: [{ categoryGroup: 'audit' }] });

  const recoveryName = `rsv-${spec.id}`;
  const recovery = new RecoveryServicesVault(enc, 'RecoveryVault', {
    name: recoveryName,
    location: LOCATION,
    resourceGroupName: rg,
    sku: 'Standard',
    softDeleteEnabled: true,
    storageModeType: 'GeoRedundant',
    crossRegionRestoreEnabled: false,
    immutability: 'Unlocked',
    publicNetworkAccessEnabled: false,
  });
  protect(enc, 'RecoveryVaultLock', recovery, recovery.id, recoveryName);
  const policy = new BackupPolicyVm(enc, 'BackupPolicy', {
    name: `bkpol-vm-${spec.id}-daily`,
    resourceGroupName: rg,
    recoveryVaultName: recovery.name,
    policyType: 'V2',
    timezone: 'UTC',
    backup: { frequency: 'Daily', time: '23:00' },
    instantRestoreRetentionDays: 7,
    retentionDaily: { count: 35 },
  });

  const admins = new Construct(enc, 'Administrators');
  const role = new RoleDefinition(admins, 'EnclaveOperator', {
    name: `pcloud-enclave-operator-${estate}-${net.id}-${spec.id}-a1b2c3`,
    scope: group.id,
    assignableScopes: [group.id],
    description: `pcloud ${estate}/${path}: enclave-operator: operate the enclave's VMs and databases, read and restore its backups, read everything in its resource group; no access, policy, lock, network-rule or diagnostic changes`,
    permissions: [{ actions: OPERATOR_ACTIONS, notActions: OPERATOR_NOT_ACTIONS }],
  });
  const groupId = `00000000-0000-4000-8000-${(1000 + spec.index).toString(16).padStart(12, '0')}`;
  new RoleAssignment(admins, `${spec.tenant}-platform-admins`, {
    scope: group.id,
    principalId: groupId,
    principalType: 'Group',
    roleDefinitionId: role.roleDefinitionResourceId,
    description: `pcloud ${estate}/${path}: administrator group ${spec.tenant}-platform-admins (vetting SC, MFA required) as enclave-operator`,
  });

  interface Rendered {
    readonly tier: string;
    readonly scope: Construct;
    readonly group: ApplicationSecurityGroup;
    readonly vm?: LinuxVirtualMachine;
    readonly storage?: StorageAccount;
  }
  const rendered = new Map<string, Rendered>();
  for (const [j, w] of spec.workloads.entries()) {
    const scope = new Construct(enc, w.id);
    const subnetId = subnets.get(w.tier)!.id;
    const asg = new ApplicationSecurityGroup(scope, 'ApplicationSecurityGroup', { name: `asg-${w.id}`, location: LOCATION, resourceGroupName: rg });
    const zone = String((j % 2) + 1);
    if (w.kind === 'vm') {
      const nic = new NetworkInterface(scope, 'NetworkInterface', {
        name: `nic-${w.id}`,
        location: LOCATION,
        resourceGroupName: rg,
        ipConfiguration: [{ name: 'internal', subnetId, privateIpAddressAllocation: 'Dynamic' }],
      });
      new NetworkInterfaceApplicationSecurityGroupAssociation(scope, 'NetworkInterfaceSecurityGroup', { networkInterfaceId: nic.id, applicationSecurityGroupId: asg.id });
      const vmName = `vm-${spec.tenant}-${w.id}`;
      const vm = new LinuxVirtualMachine(scope, 'Resource', {
        name: vmName,
        computerName: w.id,
        location: LOCATION,
        resourceGroupName: rg,
        size: VM_SIZES[w.size],
        networkInterfaceIds: [nic.id],
        sourceImageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        adminUsername: 'pcloudadmin',
        adminSshKey: [{ username: 'pcloudadmin', publicKey: SSH_KEY }],
        disablePasswordAuthentication: true,
        osDisk: { name: `osdisk-${spec.tenant}-${w.id}`, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', diskEncryptionSetId: des.id, diskSizeGb: w.diskGiB ?? 64 },
        secureBootEnabled: true,
        vtpmEnabled: true,
        identity: { type: 'SystemAssigned' },
        provisionVmAgent: true,
        patchMode: 'AutomaticByPlatform',
        patchAssessmentMode: 'AutomaticByPlatform',
        bootDiagnostics: {},
        zone,
      });
      dependsOn(vm, desAccess);
      protect(scope, 'Lock', vm, vm.id, vmName);
      new BackupProtectedVm(scope, 'Backup', { resourceGroupName: rg, recoveryVaultName: recovery.name, sourceVmId: vm.id, backupPolicyId: policy.id });
      rendered.set(w.id, { tier: w.tier, scope, group: asg, vm });
      continue;
    }
    let target: PostgresqlFlexibleServer | StorageAccount;
    let storage: StorageAccount | undefined;
    const link = w.kind === 'database' ? { subresource: 'postgresqlServer', zone: DNS_ZONES.postgres } : { subresource: 'blob', zone: DNS_ZONES.blob };
    if (w.kind === 'database') {
      const serverName = `psql-${spec.tenant}-${w.id}-a1b2c3`;
      const server = new PostgresqlFlexibleServer(scope, 'Resource', {
        name: serverName,
        location: LOCATION,
        resourceGroupName: rg,
        version: '16',
        skuName: POSTGRES_SKUS[w.size],
        storageMb: 262144,
        publicNetworkAccessEnabled: false,
        authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: client.tenantId },
        backupRetentionDays: 35,
        geoRedundantBackupEnabled: false,
        identity: { type: 'UserAssigned', identityIds: [identity.id] },
        customerManagedKey: { keyVaultKeyId: key.versionlessId, primaryUserAssignedIdentityId: identity.id },
        zone,
      });
      dependsOn(server, identityAccess);
      new PostgresqlFlexibleServerConfiguration(scope, 'RequireSecureTransport', { serverId: server.id, name: 'require_secure_transport', value: 'ON' });
      new PostgresqlFlexibleServerConfiguration(scope, 'MinimumTlsVersion', { serverId: server.id, name: 'ssl_min_protocol_version', value: 'TLSv1.2' });
      protect(scope, 'Lock', server, server.id, serverName);
      target = server;
    } else {
      const accountName = `st${spec.tenant}${w.id}0123456789`.slice(0, 24);
      storage = new StorageAccount(scope, 'Resource', {
        ...hardenedStorage(accountName, rg),
        publicNetworkAccessEnabled: false,
        blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } },
        identity: { type: 'UserAssigned', identityIds: [identity.id] },
        customerManagedKey: { keyVaultKeyId: key.versionlessId, userAssignedIdentityId: identity.id },
      });
      dependsOn(storage, identityAccess);
      protect(scope, 'Lock', storage, storage.id, accountName);
      target = storage;
    }
    const endpoint = new PrivateEndpoint(scope, 'PrivateEndpoint', {
      name: `pe-${w.id}-${link.subresource}`,
      location: LOCATION,
      resourceGroupName: rg,
      subnetId,
      privateServiceConnection: { name: `psc-${w.id}-${link.subresource}`, isManualConnection: false, privateConnectionResourceId: target.id, subresourceNames: [link.subresource] },
      privateDnsZoneGroup: {
        name: link.zone.replace(/\./g, '-'),
        privateDnsZoneIds: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/${network.resourceGroup}/providers/Microsoft.Network/privateDnsZones/${link.zone}`],
      },
    });
    new PrivateEndpointApplicationSecurityGroupAssociation(scope, 'PrivateEndpointSecurityGroup', { privateEndpointId: endpoint.id, applicationSecurityGroupId: asg.id });
    rendered.set(w.id, { tier: w.tier, scope, group: asg, ...(storage ? { storage } : {}) });
  }

  const priorities = new Map<string, number>();
  const priority = (nsg: string) => {
    const next = (priorities.get(nsg) ?? 99) + 1;
    priorities.set(nsg, next);
    return next;
  };
  for (const f of spec.flows) {
    const from = rendered.get(f.from)!;
    const to = rendered.get(f.to)!;
    for (const direction of ['Inbound', 'Outbound'] as const) {
      const tier = direction === 'Inbound' ? to.tier : from.tier;
      new NetworkSecurityRule(to.scope, `Allow${direction}-${f.from}-tcp-${f.port}`, {
        name: `allow-${direction === 'Inbound' ? 'in' : 'out'}-${f.from}-to-${f.to}-tcp-${f.port}`,
        resourceGroupName: rg,
        networkSecurityGroupName: nsgs.get(tier)!.name,
        priority: priority(`${tier}/${direction}`),
        direction,
        access: 'Allow',
        protocol: 'Tcp',
        sourceApplicationSecurityGroupIds: [from.group.id],
        sourcePortRange: '*',
        destinationApplicationSecurityGroupIds: [to.group.id],
        destinationPortRange: String(f.port),
        description: `Declared flow ${f.from} -> ${f.to} tcp/${f.port}`,
      });
    }
    if (to.storage) {
      new RoleAssignment(to.scope, `BlobDataAccess-${f.from}`, {
        scope: to.storage.id,
        roleDefinitionName: 'Storage Blob Data Contributor',
        principalId: from.vm!.identity.principalId,
        principalType: 'ServicePrincipal',
        description: `pcloud: ${f.from} reads and writes ${f.to}`,
      });
    }
  }
  Aspects.of(enc).add(new Tagger(enclaveTags(estate, net, spec)));
  // The network's VNet and DNS zones and the site's archive are referred to by name: deploy their stacks first.
  stack.addDependency(network.stack);
  if (!stack.dependencies.includes(siteStack)) stack.addDependency(siteStack);
}

/** Adds the estate's Azure stacks to a cdktf app: site, network and enclave stacks, each with its provider and local state. */
export function addAzureStacks(app: App, estate: BenchEstate): void {
  const azure = estate.networks.filter((n) => n.platform === 'azure');
  if (!azure.length) return;
  const siteStack = newStack(app, `${estate.name}-azure-uksouth`);
  provider(siteStack);
  const site = siteBaseline(siteStack, estate.name);
  for (const spec of azure) {
    const networkStack = newStack(app, `${estate.name}-${spec.id}`);
    provider(networkStack);
    networkStack.addDependency(siteStack);
    const network = accreditedNetwork(networkStack, spec, estate.name);
    for (const enclave of spec.enclaves) {
      const stack = newStack(app, `${estate.name}-${spec.id}-${enclave.id}`);
      provider(stack);
      stack.addDependency(siteStack);
      tenantEnclave(stack, enclave, network, estate.name, site, siteStack);
    }
  }
}
