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
  test('gives one stack for the network and one per enclave, each with its own azurerm provider and state', () => {
    // GIVEN
    const model = smallEstate();
    // WHEN
    const stacks = render(model);
    // THEN
    expect([...stacks.keys()]).toEqual(['south-east-net', 'south-east-net-met', 'south-east-net-kent']);
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

  test('enclave stacks depend on the network stack and refer to it by name only', () => {
    // GIVEN
    const stacks = render(smallEstate());
    const networkStack = stacks.get('south-east-net')!;
    // THEN
    expect(networkStack.dependencies).toEqual([]);
    expect(json(networkStack).output).toBeUndefined();
    for (const name of ['south-east-net-met', 'south-east-net-kent']) {
      const stack = stacks.get(name)!;
      const tf = json(stack);
      expect(stack.dependencies).toEqual([networkStack]);
      expect(tf.data?.terraform_remote_state).toBeUndefined();
      const own = addresses(tf);
      expect([...referencedAddresses(tf)].filter((a) => !own.has(a))).toEqual([]);
      const [, subnet] = resourceNamed(tf, 'azurerm_subnet', `snet-${name.split('-').pop()}-data`);
      expect(subnet).toMatchObject({ resource_group_name: 'rg-south-east-net', virtual_network_name: 'vnet-south-east-net' });
    }
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
      expect(a).toHaveLength(3);
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
