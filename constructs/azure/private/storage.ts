import type { StorageAccountConfig } from '@cdktf/provider-azurerm/lib/storage-account';

/**
 * What every storage account pcloud renders has in common: Azure AD access only (no shared keys),
 * TLS 1.2 and HTTPS only, no public blobs, no cross-tenant replication, double encryption at rest,
 * and a network default of Deny with the trusted-services bypass that Azure Monitor and Network
 * Watcher write through. One place, so a hardening change reaches the log archive, the flow-log
 * store and workload stores alike.
 */
export function hardenedStorageAccount(name: string, location: string, resourceGroupName: string) {
  return {
    name,
    location,
    resourceGroupName,
    accountKind: 'StorageV2',
    accountTier: 'Standard',
    // Geo-redundant within the UK: UK South and UK West are each other's pair.
    accountReplicationType: 'GRS',
    minTlsVersion: 'TLS1_2',
    httpsTrafficOnlyEnabled: true,
    allowNestedItemsToBePublic: false,
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    crossTenantReplicationEnabled: false,
    infrastructureEncryptionEnabled: true,
    networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
  } satisfies StorageAccountConfig;
}
