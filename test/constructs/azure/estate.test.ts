import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import * as pcloud from '../../../index';
import { renderAzureEstate } from '../../../constructs/azure/estate';
import { newTerraformApp, synthTerraformApp } from '../../../constructs/terraform';
import type { Construct } from 'constructs';
import { SSH_KEY, SUBSCRIPTION, addresses, referencedAddresses, resourceNamed, resourcesOf, type TfJson } from './fixture';

/** A small estate written with the intent API: one Azure network, two forces, three workloads and two flows. */
function smallEstate(): pcloud.EstateModel {
  const cloud = new pcloud.PoliceCloud({ name: 'south-east' });
  const site = pcloud.Site.azure(cloud, 'azure-uk', { subscriptionId: SUBSCRIPTION, location: 'uksouth', vmAdmin: { sshPublicKey: SSH_KEY } });
  const net = new pcloud.AccreditedNetwork(cloud, 'net', {
    site,
    addressSpace: '10.40.0.0/16',
    ceiling: pcloud.Classification.OFFICIAL_SENSITIVE,
    accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2026-040', issued: '2026-03-01', expires: '2027-02-28' },
  });
  const met = new pcloud.TenantEnclave(net, 'met', { tenant: 'met' });
  const web = new pcloud.Workload(met, 'web', { kind: 'vm', tier: 'presentation' });
  const db = new pcloud.Workload(met, 'db', { kind: 'database' });
  db.allowFrom(web, 5432);
  const kent = new pcloud.TenantEnclave(net, 'kent', { tenant: 'kent', classification: pcloud.Classification.OFFICIAL });
  const files = new pcloud.Workload(kent, 'files', { kind: 'objectStore' });
  const app = new pcloud.Workload(kent, 'app', { kind: 'vm' });
  files.allowFrom(app, 443);
  return cloud.toModel();
}

function render(model: pcloud.EstateModel, app: Construct = Testing.app()): Map<string, TerraformStack> {
  renderAzureEstate(app, model, pcloud.planStacks(model, ['azure']), { type: 'local' });
  return new Map(app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => [s.node.id, s]));
}

function json(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack));
}

describe('renderAzureEstate', () => {
  test('gives a site stack, one stack for the network and one per enclave, each with its own azurerm provider and state', () => {
    // GIVEN
    const model = smallEstate();
    // WHEN
    const stacks = render(model);
    // THEN
    expect([...stacks.keys()]).toEqual(['south-east-azure-uk', 'south-east-net', 'south-east-net-met', 'south-east-net-kent']);
    for (const [name, stack] of stacks) {
      const out = Testing.synth(stack);
      expect(out).toHaveProviderWithProperties(AzurermProvider, {
        subscription_id: SUBSCRIPTION,
        storage_use_azuread: true,
        features: [
          expect.objectContaining({
            key_vault: [expect.objectContaining({ purge_soft_delete_on_destroy: false, purge_soft_deleted_keys_on_destroy: false })],
            storage: [{ data_plane_available: false }],
          }),
        ],
      });
      expect(json(stack).terraform?.backend).toEqual({ local: { path: `../../../terraform-state/${name}.tfstate` } });
    }
  });

  test('the network stack holds the network and the enclave stacks hold only their own enclave', () => {
    // GIVEN
    const stacks = render(smallEstate());
    // WHEN
    const network = json(stacks.get('south-east-net')!);
    const met = json(stacks.get('south-east-net-met')!);
    const kent = json(stacks.get('south-east-net-kent')!);
    // THEN
    expect(Object.values(resourcesOf(network, 'azurerm_virtual_network')).map((v) => v.name)).toEqual(['vnet-south-east-net']);
    expect(resourcesOf(network, 'azurerm_subnet')).toEqual({});
    expect(Object.values(resourcesOf(met, 'azurerm_resource_group')).map((r) => r.name)).toEqual(['rg-south-east-net-met']);
    expect(Object.values(resourcesOf(kent, 'azurerm_resource_group')).map((r) => r.name)).toEqual(['rg-south-east-net-kent']);
    expect(Object.values(resourcesOf(met, 'azurerm_linux_virtual_machine')).map((v) => v.name)).toEqual(['vm-met-web']);
    expect(Object.values(resourcesOf(kent, 'azurerm_linux_virtual_machine')).map((v) => v.name)).toEqual(['vm-kent-app']);
    expect(resourcesOf(met, 'azurerm_storage_account')).toEqual({});
    expect(resourcesOf(kent, 'azurerm_postgresql_flexible_server')).toEqual({});
    expect(resourcesOf(met, 'azurerm_virtual_network')).toEqual({});
    expect(JSON.stringify(met)).not.toContain('kent');
  });

  test('enclave stacks depend on the site and network stacks and refer to them by name only', () => {
    // GIVEN
    const stacks = render(smallEstate());
    const siteStack = stacks.get('south-east-azure-uk')!;
    const networkStack = stacks.get('south-east-net')!;
    // THEN
    expect(siteStack.dependencies).toEqual([]);
    expect(json(siteStack).output).toBeUndefined();
    expect(networkStack.dependencies).toEqual([siteStack]);
    expect(json(networkStack).output).toBeUndefined();
    for (const name of ['south-east-net-met', 'south-east-net-kent']) {
      const stack = stacks.get(name)!;
      const tf = json(stack);
      expect(stack.dependencies).toEqual([siteStack, networkStack]);
      expect(tf.data?.terraform_remote_state).toBeUndefined();
      const own = addresses(tf);
      expect([...referencedAddresses(tf)].filter((a) => !own.has(a))).toEqual([]);
      const [, subnet] = resourceNamed(tf, 'azurerm_subnet', `snet-${name.split('-').pop()}-data`);
      expect(subnet).toMatchObject({ resource_group_name: 'rg-south-east-net', virtual_network_name: 'vnet-south-east-net' });
    }
  });

  test('the site stack holds the baseline: activity log, immutable archive, workspace and Defender at Standard', () => {
    // GIVEN
    const stacks = render(smallEstate());
    // WHEN
    const site = json(stacks.get('south-east-azure-uk')!);
    // THEN
    const [activity] = Object.values(resourcesOf(site, 'azurerm_monitor_diagnostic_setting'));
    expect(activity.target_resource_id).toBe(`/subscriptions/${SUBSCRIPTION}`);
    const [archive] = Object.values(resourcesOf(site, 'azurerm_storage_account'));
    expect(archive.immutability_policy).toEqual({ state: 'Unlocked', period_since_creation_in_days: 365, allow_protected_append_writes: true });
    expect(resourceNamed(site, 'azurerm_log_analytics_workspace', 'log-south-east-audit-uksouth')[1].retention_in_days).toBe(365);
    const plans = Object.values(resourcesOf(site, 'azurerm_security_center_subscription_pricing'));
    expect(plans.map((p) => [p.resource_type, p.tier]).sort()).toEqual(
      [['Arm', 'Standard'], ['KeyVaults', 'Standard'], ['OpenSourceRelationalDatabases', 'Standard'], ['StorageAccounts', 'Standard'], ['VirtualMachines', 'Standard']].sort(),
    );
    // no tenant's resources in the site stack, and its tags are the site's
    expect(resourcesOf(site, 'azurerm_key_vault')).toEqual({});
    expect(archive.tags).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', force: 'none', estate: 'south-east' });
  });

  test('each enclave sends its vault and workspace audit logs to the site archive by id, and backs its VMs up in its own vault', () => {
    // GIVEN
    const stacks = render(smallEstate());
    const archiveName = Object.values(resourcesOf(json(stacks.get('south-east-azure-uk')!), 'azurerm_storage_account'))[0].name;
    const archiveId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-south-east-logs_uksouth/providers/Microsoft.Storage/storageAccounts/${archiveName}`;
    for (const [name, vm] of [
      ['south-east-net-met', 'vm-met-web'],
      ['south-east-net-kent', 'vm-kent-app'],
    ]) {
      // WHEN
      const tf = json(stacks.get(name)!);
      // THEN
      const toArchive = Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting')).filter((d) => d.storage_account_id !== undefined);
      expect(toArchive.map((d) => d.storage_account_id)).toEqual([archiveId, archiveId]);
      const [vmName] = resourceNamed(tf, 'azurerm_linux_virtual_machine', vm);
      expect(Object.values(resourcesOf(tf, 'azurerm_backup_protected_vm')).map((p) => p.source_vm_id)).toEqual([`\${azurerm_linux_virtual_machine.${vmName}.id}`]);
      expect(Object.keys(resourcesOf(tf, 'azurerm_recovery_services_vault'))).toHaveLength(1);
      expect(Object.values(resourcesOf(tf, 'azurerm_backup_policy_vm'))[0].retention_daily).toEqual({ count: 35 });
      expect(Object.values(resourcesOf(tf, 'azurerm_resource_group_policy_assignment')).map((a) => a.policy_definition_id).sort()).toEqual(
        [
          '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
          '/providers/Microsoft.Authorization/policySetDefinitions/3937f550-eedd-4639-9c5e-294358be442e',
        ].sort(),
      );
    }
  });

  test('no stack refers to a resource of another stack by token or remote state', () => {
    // GIVEN
    const stacks = render(smallEstate());
    for (const [name, stack] of stacks) {
      // WHEN
      const tf = json(stack);
      // THEN
      expect({ name, remote: tf.data?.terraform_remote_state }).toEqual({ name, remote: undefined });
      const own = addresses(tf);
      expect({ name, foreign: [...referencedAddresses(tf)].filter((a) => !own.has(a)) }).toEqual({ name, foreign: [] });
    }
  });

  test('renders the model facts: retention, backup and disk encryption', () => {
    // GIVEN an estate whose met enclave keeps audit logs 400 days and backups 90, kent has backups off, and a plain VM
    const cloud = new pcloud.PoliceCloud({ name: 'south-east', monitoring: { siemExport: { kind: 'sentinel', endpoint: 'nmc' } } });
    const site = pcloud.Site.azure(cloud, 'azure-uk', { subscriptionId: SUBSCRIPTION, location: 'uksouth', vmAdmin: { sshPublicKey: SSH_KEY } });
    const net = new pcloud.AccreditedNetwork(cloud, 'net', {
      site,
      addressSpace: '10.40.0.0/16',
      ceiling: pcloud.Classification.OFFICIAL_SENSITIVE,
      accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2026-040', issued: '2026-03-01', expires: '2027-02-28' },
      flowLogRetentionDays: 400,
    });
    const met = new pcloud.TenantEnclave(net, 'met', { tenant: 'met', auditRetentionDays: 400, backup: { retentionDays: 90 } });
    new pcloud.Workload(met, 'plain', { kind: 'vm', diskEncryption: false });
    const kent = new pcloud.TenantEnclave(net, 'kent', { tenant: 'kent', backup: { enabled: false } });
    new pcloud.Workload(kent, 'app', { kind: 'vm' });
    // WHEN
    const stacks = render(cloud.toModel());
    const siteTf = json(stacks.get('south-east-azure-uk')!);
    const netTf = json(stacks.get('south-east-net')!);
    const metTf = json(stacks.get('south-east-net-met')!);
    const kentTf = json(stacks.get('south-east-net-kent')!);
    // THEN the site archive keeps the longest enclave retention, and Defender's export goes to the site workspace
    expect(Object.values(resourcesOf(siteTf, 'azurerm_storage_account'))[0].immutability_policy.period_since_creation_in_days).toBe(400);
    expect(Object.values(resourcesOf(siteTf, 'azurerm_security_center_automation'))).toHaveLength(1);
    // and the network, enclaves and workload render their own facts
    expect(Object.values(resourcesOf(netTf, 'azurerm_network_watcher_flow_log'))[0].retention_policy).toEqual({ enabled: true, days: 400 });
    expect(resourceNamed(netTf, 'azurerm_log_analytics_workspace', 'log-south-east-net')[1].retention_in_days).toBe(400);
    expect(resourceNamed(metTf, 'azurerm_log_analytics_workspace', 'log-south-east-net-met')[1].retention_in_days).toBe(400);
    expect(resourceNamed(kentTf, 'azurerm_log_analytics_workspace', 'log-south-east-net-kent')[1].retention_in_days).toBe(365);
    expect(Object.values(resourcesOf(metTf, 'azurerm_backup_policy_vm'))[0].retention_daily).toEqual({ count: 90 });
    expect(Object.keys(resourcesOf(metTf, 'azurerm_backup_protected_vm'))).toHaveLength(1);
    for (const type of ['azurerm_recovery_services_vault', 'azurerm_backup_policy_vm', 'azurerm_backup_protected_vm']) expect(kentTf.resource?.[type]).toBeUndefined();
    expect(resourceNamed(metTf, 'azurerm_linux_virtual_machine', 'vm-met-plain')[1].os_disk.disk_encryption_set_id).toBeUndefined();
    expect(resourceNamed(kentTf, 'azurerm_linux_virtual_machine', 'vm-kent-app')[1].os_disk.disk_encryption_set_id).toBeDefined();
  });

  test('without native threat detection the site stack has no Defender plans', () => {
    // GIVEN
    const base = smallEstate();
    const model = { ...base, monitoring: { ...base.monitoring, nativeThreatDetection: false } };
    // WHEN
    const site = json(render(model).get('south-east-azure-uk')!);
    // THEN
    expect(site.resource?.azurerm_security_center_subscription_pricing).toBeUndefined();
    expect(Object.values(resourcesOf(site, 'azurerm_monitor_diagnostic_setting'))[0].target_resource_id).toBe(`/subscriptions/${SUBSCRIPTION}`);
  });

  test('two sites in one subscription: both have an activity log and archive, only the first holds the Defender plans', () => {
    // GIVEN sites in UK South and UK West of the same subscription, each with a network
    const cloud = new pcloud.PoliceCloud({ name: 'south-east' });
    const accreditation = { authority: 'NPIRMT', reference: 'NPIRMT-2026-040', issued: '2026-03-01', expires: '2027-02-28' };
    const south = pcloud.Site.azure(cloud, 'azure-south', { subscriptionId: SUBSCRIPTION, location: 'uksouth' });
    const west = pcloud.Site.azure(cloud, 'azure-west', { subscriptionId: SUBSCRIPTION, location: 'ukwest' });
    new pcloud.AccreditedNetwork(cloud, 'south', { site: south, addressSpace: '10.40.0.0/16', accreditation });
    new pcloud.AccreditedNetwork(cloud, 'west', { site: west, addressSpace: '10.41.0.0/16', accreditation });
    // WHEN
    const stacks = render(cloud.toModel());
    const a = json(stacks.get('south-east-azure-south')!);
    const b = json(stacks.get('south-east-azure-west')!);
    // THEN
    expect(Object.keys(resourcesOf(a, 'azurerm_security_center_subscription_pricing'))).toHaveLength(5);
    expect(b.resource?.azurerm_security_center_subscription_pricing).toBeUndefined();
    const activity = (tf: TfJson) => Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting'))[0];
    expect([activity(a).target_resource_id, activity(b).target_resource_id]).toEqual([`/subscriptions/${SUBSCRIPTION}`, `/subscriptions/${SUBSCRIPTION}`]);
    expect(activity(a).name).not.toBe(activity(b).name);
    expect(Object.values(resourcesOf(b, 'azurerm_storage_account'))[0].location).toBe('ukwest');
    expect(stacks.get('south-east-west')!.dependencies).toEqual([stacks.get('south-east-azure-west')]);
  });

  test('renders the model as it is: allocated address spaces, workload classification and declared flows', () => {
    // GIVEN
    const model = smallEstate();
    // WHEN
    const stacks = render(model);
    const met = json(stacks.get('south-east-net-met')!);
    const kent = json(stacks.get('south-east-net-kent')!);
    // THEN
    const metModel = model.enclaves.find((e) => e.id === 'met')!;
    expect(resourceNamed(met, 'azurerm_subnet', 'snet-met-data')[1].address_prefixes).toEqual([metModel.tiers.find((t) => t.tier === 'data')!.cidr]);
    expect(resourceNamed(kent, 'azurerm_resource_group', 'rg-south-east-net-kent')[1].tags).toMatchObject({ classification: 'OFFICIAL', force: 'kent', estate: 'south-east' });
    const allows = (tf: TfJson) => Object.values(resourcesOf(tf, 'azurerm_network_security_rule')).filter((r) => r.access === 'Allow');
    expect(allows(met).map((r) => [r.direction, r.protocol, r.destination_port_range])).toEqual([
      ['Inbound', 'Tcp', '5432'],
      ['Outbound', 'Tcp', '5432'],
    ]);
    expect(allows(kent).map((r) => [r.direction, r.destination_port_range])).toEqual([
      ['Inbound', '443'],
      ['Outbound', '443'],
    ]);
    expect(Object.values(resourcesOf(kent, 'azurerm_role_assignment')).map((r) => r.role_definition_name)).toContain('Storage Blob Data Contributor');
  });

  test('nothing in any stack has a public IP or an allow rule from any address, the Internet or 0.0.0.0/0', () => {
    // GIVEN
    const stacks = render(smallEstate());
    for (const stack of stacks.values()) {
      // WHEN
      const tf = json(stack);
      // THEN
      expect(JSON.stringify(tf)).not.toMatch(/public_ip/);
      for (const rule of Object.values(resourcesOf(tf, 'azurerm_network_security_rule'))) {
        if (rule.access !== 'Allow') continue;
        expect(['*', 'Internet', '0.0.0.0/0', 'Any']).not.toContain(rule.source_address_prefix ?? 'unset');
        expect(rule.source_address_prefixes).toBeUndefined();
        expect(rule.source_application_security_group_ids).toHaveLength(1);
      }
    }
  });

  test('synthesising the same estate twice gives byte-identical JSON', () => {
    // WHEN
    const first = render(smallEstate());
    const second = render(smallEstate());
    // THEN
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, stack] of first) expect(Testing.synth(second.get(name)!)).toBe(Testing.synth(stack));
  });

  test('written to disk twice, the stacks are byte-identical and hold no absolute path', () => {
    // GIVEN
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-azure-')));
    try {
      // WHEN
      for (const dir of dirs) {
        const app = newTerraformApp(dir);
        render(smallEstate(), app);
        synthTerraformApp(app);
      }
      // THEN
      const files = (dir: string) =>
        fs
          .readdirSync(path.join(dir, 'stacks'))
          .sort()
          .map((stack) => fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const [a, b] = dirs.map(files);
      expect(a).toHaveLength(4);
      expect(b).toEqual(a);
      for (const text of a) {
        expect(text).not.toContain(dirs[0]);
        expect(text).not.toContain(os.tmpdir());
      }
    } finally {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an invalid model surfaces as a PcloudError naming the path', () => {
    // GIVEN a model whose VM sits on a site without an administrator key (as a hand-edited model.json could say)
    const model = smallEstate();
    const broken = { ...model, sites: model.sites.map((s) => ({ ...s, azure: { ...s.azure!, vmAdmin: undefined } })) } as pcloud.EstateModel;
    // WHEN
    let error: unknown;
    try {
      render(broken);
    } catch (e) {
      error = e;
    }
    // THEN
    expect(pcloud.PcloudError.isPcloudError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'AZURE_VM_ADMIN_MISSING', path: 'net/met/web' });
  });
});
