import { Testing } from 'cdktf';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Classification } from '../../../lib/classification';
import * as azure from '../../../constructs/azure';
import {
  ACCREDITATION,
  newNetwork,
  newStack,
  pcloudErrorOf,
  ref,
  resourceNamed,
  resourcesOf,
  site,
  synthJson,
  taggableResources,
} from './fixture';

describe('azure.AccreditedNetwork', () => {
  test('creates its own resource group and a VNet with the network CIDR and no inline subnets', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const out = Testing.synth(stack);
    const tf = synthJson(stack);
    // THEN
    expect(out).toHaveResourceWithProperties(ResourceGroup, { name: 'rg-met-network', location: 'uksouth' });
    expect(out).toHaveResourceWithProperties(VirtualNetwork, {
      name: 'vnet-met-network',
      location: 'uksouth',
      address_space: ['10.20.0.0/16'],
      resource_group_name: ref('azurerm_resource_group', Object.keys(resourcesOf(tf, 'azurerm_resource_group'))[0], 'name'),
    });
    const [vnet] = Object.values(resourcesOf(tf, 'azurerm_virtual_network'));
    expect(vnet.subnet).toBeUndefined();
  });

  test('records its model through the target state', () => {
    // WHEN
    const network = newNetwork(newStack());
    // THEN
    expect(network.model).toMatchObject({ id: 'network', path: 'network', cidr: '10.20.0.0/16', servicesCidr: '10.20.255.0/24', ceiling: 'OFFICIAL-SENSITIVE' });
    expect(network.state.site).toMatchObject({ id: 'azure-uksouth', platform: 'azure', azure: { location: 'uksouth' } });
    expect(network.estate).toBe('met');
  });

  test('the traffic analytics workspace keeps logs for 365 days and is locked against deletion', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const [tfName, workspace] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-network');
    expect(workspace).toMatchObject({ sku: 'PerGB2018', retention_in_days: 365, lifecycle: { prevent_destroy: true } });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      scope: ref('azurerm_log_analytics_workspace', tfName, 'id'),
      lock_level: 'CanNotDelete',
    });
  });

  test('the flow-log storage account is UK geo-redundant, TLS 1.2, HTTPS only, keyless, not public, default deny and locked', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const accounts = Object.entries(resourcesOf(tf, 'azurerm_storage_account'));
    expect(accounts).toHaveLength(1);
    const [tfName, account] = accounts[0];
    expect(account).toMatchObject({
      account_replication_type: 'GRS',
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
      lifecycle: { prevent_destroy: true },
    });
    expect(account.name).toMatch(/^stflnetwork[a-z0-9]{13}$/);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      scope: ref('azurerm_storage_account', tfName, 'id'),
      lock_level: 'CanNotDelete',
    });
  });

  test('a VNet flow log with traffic analytics covers the VNet, kept for 365 days, in the automatic Network Watcher', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const vnet = Object.keys(resourcesOf(tf, 'azurerm_virtual_network'))[0];
    const storage = Object.keys(resourcesOf(tf, 'azurerm_storage_account'))[0];
    const [workspace] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-network');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkWatcherFlowLog, {
      name: 'fl-met-network',
      network_watcher_name: 'NetworkWatcher_uksouth',
      resource_group_name: 'NetworkWatcherRG',
      target_resource_id: ref('azurerm_virtual_network', vnet, 'id'),
      storage_account_id: ref('azurerm_storage_account', storage, 'id'),
      enabled: true,
      version: 2,
      retention_policy: { enabled: true, days: 365 },
      traffic_analytics: {
        enabled: true,
        workspace_id: ref('azurerm_log_analytics_workspace', workspace, 'workspace_id'),
        workspace_resource_id: ref('azurerm_log_analytics_workspace', workspace, 'id'),
        workspace_region: 'uksouth',
        interval_in_minutes: 10,
      },
    });
    const [flowLog] = Object.values(resourcesOf(tf, 'azurerm_network_watcher_flow_log'));
    expect(flowLog.network_security_group_id).toBeUndefined();
  });

  test.each([
    [400, 400, 400],
    [90, 90, 365],
    [1000, 1000, 730],
  ])('a flow-log retention of %i days keeps the flow logs %i days and traffic analytics %i days', (days, flowLogDays, workspaceDays) => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const network = newNetwork(stack, { flowLogRetentionDays: days });
    // THEN
    expect(network.model.flowLogRetentionDays).toBe(days);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkWatcherFlowLog, { retention_policy: { enabled: true, days: flowLogDays } });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogAnalyticsWorkspace, { name: 'log-met-network', retention_in_days: workspaceDays });
  });

  test('the resource group allows only UK South and UK West through the built-in Allowed locations policy', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ResourceGroupPolicyAssignment, {
      name: 'pcloud-allowed-locations',
      resource_group_id: ref('azurerm_resource_group', rg, 'id'),
      // Looked up in Azure/azure-policy (see constructs/azure/private/mapping.ts), not derived here.
      policy_definition_id: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
    });
    const assignments = Object.values(resourcesOf(tf, 'azurerm_resource_group_policy_assignment'));
    expect(assignments).toHaveLength(1);
    expect(JSON.parse(assignments[0].parameters)).toEqual({ listOfAllowedLocations: { value: ['uksouth', 'ukwest'] } });
    expect(assignments[0].identity).toBeUndefined();
  });

  test('the flow log goes to the Network Watcher given', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack, { networkWatcher: { name: 'nw-uks', resourceGroupName: 'rg-network-watchers' } });
    // THEN
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkWatcherFlowLog, {
      network_watcher_name: 'nw-uks',
      resource_group_name: 'rg-network-watchers',
    });
  });

  test('private DNS zones for PostgreSQL and blob storage are linked to the VNet without registration', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const vnet = Object.keys(resourcesOf(tf, 'azurerm_virtual_network'))[0];
    const zones = resourcesOf(tf, 'azurerm_private_dns_zone');
    expect(Object.values(zones).map((z) => z.name).sort()).toEqual(['privatelink.blob.core.windows.net', 'privatelink.postgres.database.azure.com']);
    for (const tfName of Object.keys(zones)) {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(PrivateDnsZoneVirtualNetworkLink, {
        private_dns_zone_name: ref('azurerm_private_dns_zone', tfName, 'name'),
        virtual_network_id: ref('azurerm_virtual_network', vnet, 'id'),
        registration_enabled: false,
      });
    }
  });

  test('every taggable resource carries the network tags', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf = synthJson(stack);
    // THEN
    const taggable = taggableResources(stack, tf);
    expect(taggable.length).toBeGreaterThanOrEqual(8);
    for (const [address, body] of taggable) {
      expect({ address, tags: body.tags }).toEqual({
        address,
        tags: {
          classification: 'OFFICIAL-SENSITIVE',
          force: 'none',
          enclave: 'none',
          network: 'network',
          'accreditation-reference': 'NPIRMT-2026-031',
          'managed-by': 'pcloud',
          estate: 'met',
        },
      });
    }
  });

  test('a network in UK West is placed there, with its flow log in that location', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const network = newNetwork(stack, { site: site({ location: 'UK West' }) });
    // THEN
    expect(network.state.site.id).toBe('azure-ukwest');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualNetwork, { location: 'ukwest' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkWatcherFlowLog, { network_watcher_name: 'NetworkWatcher_ukwest', location: 'ukwest' });
  });

  test('the estate defaults to "pcloud"', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new azure.AccreditedNetwork(stack, 'Core', { addressSpace: '10.30.0.0/20', accreditation: ACCREDITATION, site: site() });
    // THEN
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ResourceGroup, { name: 'rg-pcloud-core', tags: expect.objectContaining({ estate: 'pcloud', classification: 'OFFICIAL' }) });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogAnalyticsWorkspace, { name: 'log-pcloud-core' });
  });

  test('isAccreditedNetwork tells an azure network from anything else', () => {
    const network = newNetwork(newStack());
    expect(azure.AccreditedNetwork.isAccreditedNetwork(network)).toBe(true);
    expect(azure.AccreditedNetwork.isAccreditedNetwork({})).toBe(false);
  });

  test('fails when the address space is public', () => {
    // WHEN
    const error = pcloudErrorOf(() => newNetwork(newStack(), { addressSpace: '8.8.0.0/16' }));
    // THEN
    expect(error.code).toBe('CIDR_NOT_PRIVATE');
    expect(error.path).toBe('network');
    expect(error.given).toContain('8.8.0.0/16');
  });

  test('fails when the location is outside the UK, naming the site prop of the construct', () => {
    // WHEN
    const error = pcloudErrorOf(() => newNetwork(newStack(), { site: site({ location: 'westeurope' }) }));
    // THEN
    expect(error.code).toBe('REGION_OUTSIDE_UK');
    expect(error.path).toBe('stack/Network/site');
    expect(error.given).toBe('"westeurope"');
  });

  test('fails when there is no site', () => {
    const error = pcloudErrorOf(() => newNetwork(newStack(), { site: undefined as never }));
    expect(error.code).toBe('SITE_MISSING');
    expect(error.path).toBe('stack/Network');
  });

  test('fails when SECRET is asked for on Azure', () => {
    const error = pcloudErrorOf(() => newNetwork(newStack(), { ceiling: Classification.SECRET }));
    expect(error.code).toBe('SECRET_ON_PUBLIC_CLOUD');
    expect(error.path).toBe('network');
  });

  test('fails when the estate name is not kebab-case', () => {
    const error = pcloudErrorOf(() => newNetwork(newStack(), { estate: 'Met Police' }));
    expect(error.code).toBe('ESTATE_NAME_INVALID');
    expect(error.path).toBe('stack/Network');
    expect(error.given).toBe('"Met Police"');
  });

  test('fails when the accreditation has expired before it was issued', () => {
    const error = pcloudErrorOf(() => newNetwork(newStack(), { accreditation: { ...ACCREDITATION, expires: '2025-01-01' } }));
    expect(error.code).toBe('ACCREDITATION_DATES_INVALID');
    expect(error.path).toBe('network/accreditation');
  });
});
