import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Testing, TerraformStack } from 'cdktf';
import { synthTerraformEstate } from '../../../constructs/synth';
import cloud from '../../../examples/national-pcloud';
import { FORCE_NEW } from '../../../lib/diff/force-new';
import { changesFromPlan, diffTerraformStack, movedBlocks } from '../../../lib/diff/terraform';
import type { ResourceChange } from '../../../lib/diff/types';
import { planStacks } from '../../../lib/plan/stacks';
import type { TerraformConfig } from '../../../lib/policy/outputs';

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; moved?: { from: string; to: string }[] } & TerraformConfig;

const FIXTURES = path.join(__dirname, '../../fixtures/diff/terraform');
const plan = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

// The national example's Azure and vSphere stacks, rendered once for the whole file.
let outdir: string;
const stacks = new Map<string, Json>();
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-tfdiff-'));
  const model = cloud.toModel();
  synthTerraformEstate(model, planStacks(model).filter((p) => p.platform !== 'aws'), outdir);
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')));
  }
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** A fresh copy of a rendered stack. */
function stack(name: string): Json {
  const s = stacks.get(name);
  if (!s) throw new Error(`no stack ${name}: ${[...stacks.keys()].join(', ')}`);
  return JSON.parse(JSON.stringify(s));
}

/** The address and attributes of the (only, or first) resource of `type` in `config`. */
function first(config: Json, type: string, match = ''): { address: string; name: string; attrs: Record<string, unknown> } {
  const name = Object.keys(config.resource[type] ?? {}).find((n) => n.includes(match));
  if (!name) throw new Error(`no ${type} matching "${match}"`);
  return { address: `${type}.${name}`, name, attrs: config.resource[type]![name]! };
}

const MET = 'national-met-azure-met';
const MET_NETWORK = 'national-met-azure';
const GMP = 'national-gmp-restricted-gmp-intelligence';
const byId = (changes: ResourceChange[], id: string) => changes.find((c) => c.id === id);

describe('diffTerraformStack on the national example', () => {
  test('finds nothing between two renderings of the same stack', () => {
    for (const name of stacks.keys()) expect(diffTerraformStack(name, 'azure', stack(name), stack(name))).toEqual([]);
  });

  test('every resource type the national example renders on Azure and vSphere is in the force-new table', () => {
    const types = new Set([...stacks.values()].flatMap((s) => Object.keys(s.resource ?? {})));
    expect(types.size).toBeGreaterThan(30);
    expect([...types].filter((t) => !FORCE_NEW[t]).sort()).toEqual([]);
  });

  test('a resource only in HEAD is added, one only in BASE is removed', () => {
    // GIVEN the Met enclave with its key vault lock missing from BASE and its flexible server missing from HEAD
    const base = stack(MET);
    const head = stack(MET);
    const lock = first(base, 'azurerm_management_lock', 'KeyVaultLock');
    const db = first(head, 'azurerm_postgresql_flexible_server');
    delete base.resource.azurerm_management_lock![lock.name];
    delete head.resource.azurerm_postgresql_flexible_server![db.name];

    // WHEN
    const changes = diffTerraformStack(MET, 'azure', base, head);

    // THEN
    expect(byId(changes, lock.address)).toMatchObject({ stack: MET, platform: 'azure', type: 'azurerm_management_lock', action: 'add', changed: [], replacing: [], source: 'synth' });
    expect(byId(changes, lock.address)!.after).toMatchObject({ lock_level: 'CanNotDelete' });
    expect(byId(changes, db.address)).toMatchObject({ type: 'azurerm_postgresql_flexible_server', action: 'remove', changed: [], replacing: [] });
    expect(byId(changes, db.address)!.before).toMatchObject({ backup_retention_days: 35 });
    expect(byId(changes, db.address)!.before).not.toHaveProperty('//');
  });

  test('a changed in-place attribute (tags) is an update', () => {
    const base = stack(MET);
    const head = stack(MET);
    const rg = first(head, 'azurerm_resource_group');
    (rg.attrs.tags as Record<string, string>).owner = 'platform-team';

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(changes).toEqual([expect.objectContaining({ id: rg.address, action: 'update', changed: ['tags'], replacing: [] })]);
    expect(changes[0]!.after).toMatchObject({ tags: { owner: 'platform-team' } });
  });

  test("a changed force-new attribute (the subnet's virtual_network_name) replaces it, and what refers to its id", () => {
    const base = stack(MET);
    const head = stack(MET);
    const subnet = first(head, 'azurerm_subnet', 'ApplicationSubnet');
    subnet.attrs.virtual_network_name = 'vnet-national-met-azure-2';

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(byId(changes, subnet.address)).toMatchObject({ action: 'replace', changed: ['virtual_network_name'], replacing: ['virtual_network_name'] });
    // The association's subnet_id (`${azurerm_subnet.….id}`) is unknown until apply, and ForceNew.
    const association = first(head, 'azurerm_subnet_network_security_group_association', 'ApplicationSubnet');
    expect(byId(changes, association.address)).toMatchObject({ action: 'replace', changed: ['subnet_id'], replacing: ['subnet_id'] });
    // A NIC takes its ip_configuration.subnet_id in place.
    const nic = Object.entries(head.resource.azurerm_network_interface!).find(([, n]) => JSON.stringify(n).includes(subnet.name))!;
    expect(byId(changes, `azurerm_network_interface.${nic[0]}`)).toMatchObject({ action: 'update', changed: ['ip_configuration'], replacing: [] });
  });

  test('renaming the resource group replaces everything named after it, not what only refers to its literal values', () => {
    const base = stack(MET);
    const head = stack(MET);
    first(head, 'azurerm_resource_group').attrs.name = 'rg-national-met-azure-met-2';

    const changes = diffTerraformStack(MET, 'azure', base, head);

    const kv = first(head, 'azurerm_key_vault');
    expect(byId(changes, kv.address)).toMatchObject({ action: 'replace', replacing: ['resource_group_name'] });
    // Subnets live in the network's resource group, written as a literal name: untouched.
    const subnet = first(head, 'azurerm_subnet', 'ApplicationSubnet');
    expect(byId(changes, subnet.address)).toBeUndefined();
  });

  test('the storage account replication type: GRS to LRS in place, GRS to ZRS replaces (the ForceNewIfChange rule)', () => {
    const base = stack(MET);
    const lrs = stack(MET);
    const zrs = stack(MET);
    const account = first(base, 'azurerm_storage_account');
    expect(account.attrs.account_replication_type).toBe('GRS');
    lrs.resource.azurerm_storage_account![account.name]!.account_replication_type = 'LRS';
    zrs.resource.azurerm_storage_account![account.name]!.account_replication_type = 'ZRS';

    expect(byId(diffTerraformStack(MET, 'azure', base, lrs), account.address)).toMatchObject({ action: 'update', changed: ['account_replication_type'], replacing: [] });
    expect(byId(diffTerraformStack(MET, 'azure', base, zrs), account.address)).toMatchObject({ action: 'replace', replacing: ['account_replication_type'] });
  });

  test('an attribute outside the table is "may replace", never an update', () => {
    const base = stack(MET);
    const head = stack(MET);
    const kv = first(head, 'azurerm_key_vault');
    expect(FORCE_NEW.azurerm_key_vault!.forceNew).not.toContain('rbac_authorization_enabled');
    expect(FORCE_NEW.azurerm_key_vault!.inPlace).not.toContain('rbac_authorization_enabled');
    kv.attrs.rbac_authorization_enabled = false;

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(byId(changes, kv.address)).toMatchObject({ action: 'may-replace', changed: ['rbac_authorization_enabled'], replacing: ['rbac_authorization_enabled'] });
  });

  test('a resource type outside the table is "may replace" on any change', () => {
    const base = stack(MET);
    const head = stack(MET);
    base.resource.azurerm_bastion_host = { jump: { name: 'bas-met', sku: 'Basic' } };
    head.resource.azurerm_bastion_host = { jump: { name: 'bas-met', sku: 'Standard' } };

    expect(diffTerraformStack(MET, 'azure', base, head)).toEqual([
      expect.objectContaining({ id: 'azurerm_bastion_host.jump', type: 'azurerm_bastion_host', action: 'may-replace', changed: ['sku'], replacing: ['sku'] }),
    ]);
  });

  test('lifecycle changes are listed updates; depends_on order is noise, a new dependency an update', () => {
    const base = stack(MET);
    const head = stack(MET);
    const kv = first(head, 'azurerm_key_vault');
    expect(kv.attrs.lifecycle).toEqual({ prevent_destroy: true });
    delete kv.attrs.lifecycle;
    const vm = first(head, 'azurerm_linux_virtual_machine');
    (vm.attrs.depends_on as string[]).push(kv.address);
    const reordered = first(base, 'azurerm_key_vault_key');
    reordered.attrs.depends_on = [...(reordered.attrs.depends_on as string[])].reverse();

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(byId(changes, kv.address)).toMatchObject({ action: 'update', changed: ['lifecycle'], replacing: [] });
    expect(byId(changes, vm.address)).toMatchObject({ action: 'update', changed: ['depends_on'], replacing: [] });
    expect(byId(changes, reordered.address)).toBeUndefined();
    expect(changes).toHaveLength(2);
  });

  test('the vSphere port group replaces on a new distributed switch; the vm on it may be replaced', () => {
    const base = stack(GMP);
    const head = stack(GMP);
    const pg = first(head, 'vsphere_distributed_port_group', 'application');
    pg.attrs.distributed_virtual_switch_uuid = '50 1e 7a 4c 11 2d 88 f0-9b 3a 22 17 c4 5e 0d 61';

    const changes = diffTerraformStack(GMP, 'vsphere', base, head);

    expect(byId(changes, pg.address)).toMatchObject({ platform: 'vsphere', action: 'replace', changed: ['distributed_virtual_switch_uuid'], replacing: ['distributed_virtual_switch_uuid'] });
    const vm = first(head, 'vsphere_virtual_machine');
    expect(byId(changes, vm.address)).toMatchObject({ action: 'may-replace', changed: ['network_interface'], replacing: ['network_interface'] });
  });

  test('resizing a vSphere vm is an update; dropping one of its disks may destroy data', () => {
    const base = stack(GMP);
    const resized = stack(GMP);
    const vm = first(resized, 'vsphere_virtual_machine');
    vm.attrs.num_cpus = 16;
    vm.attrs.memory = 65536;
    expect(byId(diffTerraformStack(GMP, 'vsphere', base, resized), vm.address)).toMatchObject({ action: 'update', changed: ['memory', 'num_cpus'], replacing: [] });

    const grown = stack(GMP);
    (first(grown, 'vsphere_virtual_machine').attrs.disk as { size: number }[])[0]!.size = 128;
    expect(byId(diffTerraformStack(GMP, 'vsphere', base, grown), vm.address)).toMatchObject({ action: 'update', changed: ['disk'] });

    const relabelled = stack(GMP);
    (first(relabelled, 'vsphere_virtual_machine').attrs.disk as { label: string }[])[0]!.label = 'disk9';
    expect(byId(diffTerraformStack(GMP, 'vsphere', base, relabelled), vm.address)).toMatchObject({ action: 'may-replace', replacing: ['disk'] });
  });

  test('output is in address order', () => {
    const base = stack(MET);
    const head = stack(MET);
    first(head, 'azurerm_resource_group').attrs.name = 'rg-x';
    const ids = diffTerraformStack(MET, 'azure', base, head).map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  test('a stack missing on one side is all adds or all removes', () => {
    const s = stack(MET_NETWORK);
    const count = Object.values(s.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(diffTerraformStack(MET_NETWORK, 'azure', undefined, s).map((c) => c.action)).toEqual(Array(count).fill('add'));
    expect(diffTerraformStack(MET_NETWORK, 'azure', s, undefined).map((c) => c.action)).toEqual(Array(count).fill('remove'));
  });
});

describe('moved blocks', () => {
  /** HEAD with `address` renamed to `newName` the way cdktf renders a declared rename: a top-level moved block, references updated. */
  function renamed(config: Json, address: string, newName: string): { head: Json; to: string } {
    const [type, name] = address.split('.') as [string, string];
    const to = `${type}.${newName}`;
    const text = JSON.stringify(config).split(`${address}.`).join(`${to}.`).split(`"${address}"`).join(`"${to}"`);
    const head: Json = JSON.parse(text);
    head.resource[type]![newName] = head.resource[type]![name]!;
    delete head.resource[type]![name];
    head.moved = [...(head.moved ?? []), { from: address, to }];
    return { head, to };
  }

  test('cdktf 0.21 renders moveFromId / moveTo as one top-level "moved" array, and the pair is one move', () => {
    // GIVEN a resource group renamed with moveFromId, and another moved with moveTo, as cdktf renders them
    const before = Testing.synthScope((scope) => {
      new ResourceGroup(scope, 'old_a', { name: 'rg-a', location: 'uksouth' });
      new ResourceGroup(scope, 'old_b', { name: 'rg-b', location: 'uksouth' });
    });
    const app = Testing.app();
    const s = new TerraformStack(app, 'moves');
    new ResourceGroup(s, 'new_a', { name: 'rg-a', location: 'uksouth' }).moveFromId('azurerm_resource_group.old_a');
    new ResourceGroup(s, 'new_b', { name: 'rg-b', location: 'uksouth' }).addMoveTarget('b');
    new ResourceGroup(s, 'old_b', { name: 'rg-b', location: 'uksouth' }).moveTo('b');
    const after: Json = JSON.parse(Testing.synth(s));

    // THEN the moved blocks sit at the top level, and only the new addresses are resources
    expect(movedBlocks(after)).toEqual([
      { from: 'azurerm_resource_group.old_a', to: 'azurerm_resource_group.new_a' },
      { from: 'azurerm_resource_group.old_b', to: 'azurerm_resource_group.new_b' },
    ]);
    expect(Object.keys(after.resource.azurerm_resource_group!).sort()).toEqual(['new_a', 'new_b']);
    // AND the diff shows two moves, no remove and add
    expect(diffTerraformStack('moves', 'azure', JSON.parse(before), after)).toEqual([
      { stack: 'moves', platform: 'azure', id: 'azurerm_resource_group.new_a', type: 'azurerm_resource_group', action: 'move', changed: [], replacing: [], movedFrom: 'azurerm_resource_group.old_a', source: 'synth' },
      { stack: 'moves', platform: 'azure', id: 'azurerm_resource_group.new_b', type: 'azurerm_resource_group', action: 'move', changed: [], replacing: [], movedFrom: 'azurerm_resource_group.old_b', source: 'synth' },
    ]);
  });

  test('a renamed storage account is one move; what refers to it does not change', () => {
    const base = stack(MET);
    const account = first(base, 'azurerm_storage_account');
    const { head, to } = renamed(base, account.address, 'met_evidence-archive_4D1C0B2A');

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(changes).toEqual([expect.objectContaining({ id: to, action: 'move', movedFrom: account.address, changed: [], replacing: [] })]);
  });

  test('a move whose attributes also changed carries that action and movedFrom', () => {
    const base = stack(MET);
    const rg = first(base, 'azurerm_resource_group');
    const { head, to } = renamed(base, rg.address, 'met_ResourceGroup_NEW');
    (head.resource.azurerm_resource_group!.met_ResourceGroup_NEW!.tags as Record<string, string>).owner = 'x';

    const changes = diffTerraformStack(MET, 'azure', base, head);

    expect(changes).toEqual([expect.objectContaining({ id: to, action: 'update', movedFrom: rg.address, changed: ['tags'] })]);
  });

  test('without a moved block a rename is a remove and an add', () => {
    const base = stack(MET);
    const rg = first(base, 'azurerm_resource_group');
    const { head } = renamed(base, rg.address, 'met_ResourceGroup_NEW');
    delete head.moved;
    const actions = diffTerraformStack(MET, 'azure', base, head).filter((c) => c.type === 'azurerm_resource_group').map((c) => c.action);
    expect(actions.sort()).toEqual(['add', 'remove']);
  });
});

describe('changesFromPlan', () => {
  test('["update"] is an update with the changed attributes', () => {
    expect(changesFromPlan(MET, 'azure', plan('plan-update'))).toEqual([
      expect.objectContaining({ stack: MET, platform: 'azure', id: 'azurerm_resource_group.met_ResourceGroup_D79B300F', type: 'azurerm_resource_group', action: 'update', changed: ['tags'], replacing: [], source: 'plan' }),
    ]);
  });

  test('["delete","create"] and ["create","delete"] are replacements, replacing from replace_paths', () => {
    const changes = changesFromPlan(MET, 'azure', plan('plan-replace'));
    expect(changes).toEqual([
      expect.objectContaining({ id: 'azurerm_subnet.met_ApplicationSubnet_1F1B2D4E', action: 'replace', changed: ['virtual_network_name'], replacing: ['virtual_network_name'] }),
      expect.objectContaining({ id: 'azurerm_subnet_network_security_group_association.met_ApplicationSubnetNetworkSecurityGroup_66C19A29', action: 'replace', changed: ['subnet_id'], replacing: ['subnet_id'] }),
    ]);
    expect(changes[0]!.before).toMatchObject({ virtual_network_name: 'vnet-national-met-azure' });
    expect(changes[0]!.after).toMatchObject({ virtual_network_name: 'vnet-national-met-azure-2' });
  });

  test('["delete"] is a removal with what was there', () => {
    const [c] = changesFromPlan(MET, 'azure', plan('plan-delete'));
    expect(c).toMatchObject({ id: 'azurerm_postgresql_flexible_server.met_case-db_5F839E55', action: 'remove', changed: [], replacing: [] });
    expect(c!.before).toMatchObject({ name: 'psql-met-case-db-2n24w8' });
    expect(c).not.toHaveProperty('after');
  });

  test('a previous_address is a move, or the update made with it', () => {
    expect(changesFromPlan(GMP, 'vsphere', plan('plan-move'))).toEqual([
      expect.objectContaining({ id: 'vsphere_folder.gmp-intelligence_Folder-renamed_0A1B2C3D', action: 'update', movedFrom: 'vsphere_folder.gmp-intelligence_Folder_81218500', changed: ['tags'] }),
      expect.objectContaining({ id: 'vsphere_virtual_machine.gmp-intelligence_intel-analytics_5C2E77A1', action: 'move', movedFrom: 'vsphere_virtual_machine.gmp-intelligence_intel-app_9E4D21E1', changed: [], replacing: [] }),
    ]);
  });

  test('["no-op"] and data-source ["read"] are left out', () => {
    expect(changesFromPlan(MET, 'azure', plan('plan-no-op'))).toEqual([]);
    expect(changesFromPlan(MET, 'azure', { format_version: '1.2', planned_values: {} })).toEqual([]);
  });

  test('["create"] is an add and ["forget"] a removal that keeps the resource', () => {
    const changes = changesFromPlan(MET, 'azure', {
      format_version: '1.2',
      resource_changes: [
        { address: 'azurerm_resource_group.b', type: 'azurerm_resource_group', change: { actions: ['forget'], before: { name: 'rg-b' }, after: null } },
        { address: 'azurerm_resource_group.a', type: 'azurerm_resource_group', change: { actions: ['create'], before: null, after: { name: 'rg-a' }, after_unknown: { id: true } } },
      ],
    });
    expect(changes).toEqual([
      expect.objectContaining({ id: 'azurerm_resource_group.a', action: 'add', changed: [], after: { name: 'rg-a' } }),
      expect.objectContaining({ id: 'azurerm_resource_group.b', action: 'remove', retained: true }),
    ]);
  });

  test.each([
    ['null', null, /expected the JSON `terraform show -json PLANFILE` prints.*got null/],
    ['a string', 'plan', /not a Terraform plan.*got a string/],
    ['an array', [], /not a Terraform plan.*got an array/],
    ['an object without format_version', { resource_changes: [] }, /format_version is missing/],
    ['a state, not a plan', { format_version: '1.0', values: { root_module: {} } }, /neither resource_changes nor planned_values.*state/],
    ['resource_changes that is not an array', { format_version: '1.2', resource_changes: {} }, /resource_changes to be an array/],
    ['a change without an address', { format_version: '1.2', resource_changes: [{ type: 'x', change: { actions: ['update'] } }] }, /resource_changes\[0\] to have address, type and change/],
    ['actions that are not strings', { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', change: { actions: 'update' } }] }, /change\.actions to be an array of strings/],
    ['an action pcloud does not know', { format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', change: { actions: ['explode'] } }] }, /a\.b.*\[explode\].*expected one of/],
  ])('fails when the input is %s', (_what, input, message) => {
    expect(() => changesFromPlan(MET, 'azure', input)).toThrow(message);
  });
});
