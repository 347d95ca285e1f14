import { TerraformStack, Testing } from 'cdktf';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { SecurityCenterAutomation } from '@cdktf/provider-azurerm/lib/security-center-automation';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Classification } from '../../../lib/classification';
import { azureNames } from '../../../lib/naming/azure';
import * as azure from 'pcloud/azure';
import { STANDARD_TAG_KEYS, SUBSCRIPTION, address, dependsOnOf, newStack, pcloudErrorOf, ref, resourceNamed, resourcesOf, site, synthJson, taggableResources } from './fixture';

const UK_OFFICIAL = '/providers/Microsoft.Authorization/policySetDefinitions/3937f550-eedd-4639-9c5e-294358be442e';
const ALLOWED_LOCATIONS = '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c';

function newBaseline(props: Partial<azure.SiteBaselineProps> = {}, stack: TerraformStack = newStack()) {
  const baseline = new azure.SiteBaseline(stack, 'Site', { estate: 'met', site: site(), ...props });
  return { stack, baseline };
}

describe('azure.SiteBaseline', () => {
  test('creates a resource group for the site logging, kept in the UK by the built-in Allowed locations policy', () => {
    // GIVEN
    const { stack } = newBaseline();
    // WHEN
    const out = Testing.synth(stack);
    const tf = synthJson(stack);
    // THEN
    expect(out).toHaveResourceWithProperties(ResourceGroup, { name: 'rg-met-logs_uksouth', location: 'uksouth' });
    const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-logs_uksouth');
    expect(out).toHaveResourceWithProperties(ResourceGroupPolicyAssignment, {
      name: 'pcloud-allowed-locations',
      resource_group_id: ref('azurerm_resource_group', rg, 'id'),
      policy_definition_id: ALLOWED_LOCATIONS,
    });
    const [assignment] = Object.values(resourcesOf(tf, 'azurerm_resource_group_policy_assignment'));
    expect(JSON.parse(assignment.parameters)).toEqual({ listOfAllowedLocations: { value: ['uksouth', 'ukwest'] } });
  });

  test('the site workspace keeps 365 days by default, has no local authentication and is locked', () => {
    // GIVEN
    const { stack } = newBaseline();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const [workspace, body] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-audit-uksouth');
    expect(body).toMatchObject({ sku: 'PerGB2018', retention_in_days: 365, local_authentication_enabled: false, location: 'uksouth', lifecycle: { prevent_destroy: true } });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      scope: ref('azurerm_log_analytics_workspace', workspace, 'id'),
      lock_level: 'CanNotDelete',
    });
  });

  test('the log archive is immutable for the retention, TLS 1.2, HTTPS only, not public, keyless, default deny and locked', () => {
    // GIVEN
    const { stack, baseline } = newBaseline();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const accounts = Object.entries(resourcesOf(tf, 'azurerm_storage_account'));
    expect(accounts).toHaveLength(1);
    const [archive, body] = accounts[0];
    expect(body).toMatchObject({
      name: azureNames.logArchive(SUBSCRIPTION, 'met', 'uksouth'),
      location: 'uksouth',
      account_kind: 'StorageV2',
      account_replication_type: 'GRS',
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
      blob_properties: { versioning_enabled: true },
      immutability_policy: { state: 'Unlocked', period_since_creation_in_days: 365, allow_protected_append_writes: true },
      lifecycle: { prevent_destroy: true },
    });
    expect(body.name).toMatch(/^stlogs[a-z0-9]{18}$/);
    expect(body.public_network_access_enabled).not.toBe(true);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, {
      scope: ref('azurerm_storage_account', archive, 'id'),
      lock_level: 'CanNotDelete',
    });
    expect(baseline.names.logArchiveId).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-met-logs_uksouth/providers/Microsoft.Storage/storageAccounts/${body.name}`,
    );
  });

  test('the subscription activity log, every category, goes to the workspace and the archive', () => {
    // GIVEN
    const { stack } = newBaseline();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const [workspace] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-audit-uksouth');
    const archive = Object.keys(resourcesOf(tf, 'azurerm_storage_account'))[0];
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: 'activity-log-met-uksouth',
      target_resource_id: `/subscriptions/${SUBSCRIPTION}`,
      log_analytics_workspace_id: ref('azurerm_log_analytics_workspace', workspace, 'id'),
      storage_account_id: ref('azurerm_storage_account', archive, 'id'),
    });
    const [setting] = Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting'));
    expect(setting.enabled_log.map((l: { category: string }) => l.category).sort()).toEqual(
      ['Administrative', 'Alert', 'Autoscale', 'Policy', 'Recommendation', 'ResourceHealth', 'Security', 'ServiceHealth'].sort(),
    );
    expect(setting.enabled_log.every((l: Record<string, unknown>) => l.category_group === undefined)).toBe(true);
  });

  test('Defender for Cloud is on at Standard for servers, storage, key vaults, open-source databases and ARM, one plan after another', () => {
    // GIVEN
    const { stack } = newBaseline();
    // WHEN
    const out = Testing.synth(stack);
    const tf = synthJson(stack);
    // THEN
    expect(out).toHaveResourceWithProperties(SecurityCenterSubscriptionPricing, { resource_type: 'VirtualMachines', tier: 'Standard', subplan: 'P2' });
    expect(out).toHaveResourceWithProperties(SecurityCenterSubscriptionPricing, { resource_type: 'StorageAccounts', tier: 'Standard', subplan: 'DefenderForStorageV2' });
    for (const type of ['KeyVaults', 'OpenSourceRelationalDatabases', 'Arm']) {
      expect(out).toHaveResourceWithProperties(SecurityCenterSubscriptionPricing, { resource_type: type, tier: 'Standard' });
    }
    const plans = Object.entries(resourcesOf(tf, 'azurerm_security_center_subscription_pricing'));
    expect(plans).toHaveLength(5);
    expect(plans.every(([, p]) => p.tier === 'Standard')).toBe(true);
    // a chain: exactly one plan waits for nothing, every other waits for exactly one other
    const waits = plans.map(([, p]) => dependsOnOf(p) ?? []);
    expect(waits.filter((w) => w.length === 0)).toHaveLength(1);
    expect(new Set(waits.flat()).size).toBe(4);
    for (const w of waits.flat()) expect(plans.map(([name]) => address('azurerm_security_center_subscription_pricing', name))).toContain(w);
  });

  test('without native threat detection there are no Defender plans', () => {
    // GIVEN
    const { stack } = newBaseline({ monitoring: { nativeThreatDetection: false } });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    expect(tf.resource?.azurerm_security_center_subscription_pricing).toBeUndefined();
    expect(tf.resource?.azurerm_security_center_automation).toBeUndefined();
    expect(Object.keys(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting'))).toHaveLength(1);
  });

  test('with a SIEM export, Defender alerts and recommendations are exported continuously to the site workspace', () => {
    // GIVEN
    const { stack } = newBaseline({ monitoring: { soc: 'NMC', siemExport: { kind: 'sentinel', endpoint: 'nmc-sentinel' } } });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const [workspace] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-audit-uksouth');
    const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-logs_uksouth');
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SecurityCenterAutomation, {
      name: 'ExportToWorkspace',
      location: 'uksouth',
      resource_group_name: ref('azurerm_resource_group', rg, 'name'),
      scopes: [`/subscriptions/${SUBSCRIPTION}`],
      source: [{ event_source: 'Alerts' }, { event_source: 'Assessments' }],
      action: [{ type: 'Workspace', resource_id: ref('azurerm_log_analytics_workspace', workspace, 'id') }],
    });
  });

  test('without a SIEM export there is no continuous export', () => {
    const tf = synthJson(newBaseline().stack);
    expect(tf.resource?.azurerm_security_center_automation).toBeUndefined();
  });

  test('a baseline that is not subscription-wide has no Defender plans or export, but still the activity log and archive', () => {
    // GIVEN
    const { stack } = newBaseline({ subscriptionWide: false, monitoring: { siemExport: { kind: 'syslog', endpoint: 'syslog.nmc.police.uk:6514' } } });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    expect(tf.resource?.azurerm_security_center_subscription_pricing).toBeUndefined();
    expect(tf.resource?.azurerm_security_center_automation).toBeUndefined();
    expect(Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting'))[0].target_resource_id).toBe(`/subscriptions/${SUBSCRIPTION}`);
    expect(Object.values(resourcesOf(tf, 'azurerm_storage_account'))[0].immutability_policy).toBeDefined();
  });

  test.each([
    [400, 400, 400],
    [2000, 730, 2000],
    [10, 30, 10],
  ])('audit retention %i days keeps the workspace %i days and the archive immutable for %i', (days, workspaceDays, archiveDays) => {
    // GIVEN
    const { stack, baseline } = newBaseline({ auditRetentionDays: days });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    expect(baseline.auditRetentionDays).toBe(days);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(LogAnalyticsWorkspace, { name: 'log-met-audit-uksouth', retention_in_days: workspaceDays });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(StorageAccount, {
      immutability_policy: { state: 'Unlocked', period_since_creation_in_days: archiveDays, allow_protected_append_writes: true },
    });
    expect(Object.keys(resourcesOf(tf, 'azurerm_storage_account'))).toHaveLength(1);
  });

  test('every taggable resource carries the site tags, at OFFICIAL-SENSITIVE unless told', () => {
    for (const [classification, marking] of [
      [undefined, 'OFFICIAL-SENSITIVE'],
      [Classification.OFFICIAL, 'OFFICIAL'],
    ] as const) {
      // GIVEN
      const { stack } = newBaseline(classification ? { classification } : {});
      // WHEN
      const tf = synthJson(stack);
      const tagged = taggableResources(stack, tf);
      // THEN
      expect(tagged.length).toBeGreaterThanOrEqual(3);
      for (const [where, body] of tagged) {
        expect({ where, tags: body.tags }).toEqual({
          where,
          tags: { classification: marking, force: 'none', enclave: 'none', network: 'none', 'accreditation-reference': 'none', 'managed-by': 'pcloud', estate: 'met' },
        });
        expect(Object.keys(body.tags)).toEqual(expect.arrayContaining(STANDARD_TAG_KEYS));
      }
    }
  });

  test('names derive from estate, subscription and location only, so other stacks can build them', () => {
    // GIVEN two baselines under different construct ids
    const a = newBaseline().baseline;
    const b = new azure.SiteBaseline(newStack('other'), 'Elsewhere', { estate: 'met', site: site() });
    // THEN
    expect(b.names).toEqual(a.names);
    expect(a.names).toMatchObject({ estate: 'met', subscriptionId: SUBSCRIPTION, location: 'uksouth', resourceGroup: 'rg-met-logs_uksouth', workspace: 'log-met-audit-uksouth' });
    expect(newBaseline({ site: site({ location: 'ukwest' }) }).baseline.names.logArchive).not.toBe(a.names.logArchive);
  });

  test('synthesising the same baseline twice gives byte-identical JSON', () => {
    const monitoring = { siemExport: { kind: 'splunk-hec' as const, endpoint: 'https://hec.nmc.police.uk' } };
    expect(Testing.synth(newBaseline({ monitoring }).stack)).toBe(Testing.synth(newBaseline({ monitoring }).stack));
  });

  test('isSiteBaseline recognises a baseline and nothing else', () => {
    expect(azure.SiteBaseline.isSiteBaseline(newBaseline().baseline)).toBe(true);
    expect(azure.SiteBaseline.isSiteBaseline(newStack())).toBe(false);
    expect(azure.SiteBaseline.isSiteBaseline(undefined)).toBe(false);
  });

  test('fails when the estate name is not kebab-case', () => {
    const error = pcloudErrorOf(() => newBaseline({ estate: 'Met Police' }));
    expect(error.code).toBe('ESTATE_NAME_INVALID');
    expect(error.path).toBe('stack/Site');
  });

  test('fails when the site is outside the UK, naming the site prop', () => {
    const error = pcloudErrorOf(() => newBaseline({ site: site({ location: 'westeurope' }) }));
    expect(error.code).toBe('REGION_OUTSIDE_UK');
    expect(error.path).toBe('stack/Site/site');
  });

  test('fails when the audit retention is not a number of days', () => {
    const error = pcloudErrorOf(() => newBaseline({ auditRetentionDays: 0 }));
    expect(error.code).toBe('DAYS_INVALID');
    expect(error.path).toBe('stack/Site');
  });

  test('the UK OFFICIAL initiative is not assigned at the site (it guards the enclaves)', () => {
    const tf = synthJson(newBaseline().stack);
    expect(Object.values(resourcesOf(tf, 'azurerm_resource_group_policy_assignment')).map((a) => a.policy_definition_id)).toEqual([ALLOWED_LOCATIONS]);
    expect(JSON.stringify(tf)).not.toContain(UK_OFFICIAL);
  });
});
