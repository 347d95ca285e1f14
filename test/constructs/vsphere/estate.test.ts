import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { DataVsphereRole } from '@cdktf/provider-vsphere/lib/data-vsphere-role';
import { DataVsphereTag } from '@cdktf/provider-vsphere/lib/data-vsphere-tag';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload, planStacks, type EstateModel } from 'pcloud';
import { newTerraformApp, synthTerraformApp } from '../../../constructs/terraform';
import { ENCLAVE_OPERATOR_PRIVILEGES } from '../../../constructs/vsphere/enclave-operator-role';
import { renderVsphereEstate } from '../../../constructs/vsphere/estate';
import national from '../../../examples/national-pcloud';
import { type Tf, tagsOf, addresses, references } from './terraform-json';

function smallEstate(): EstateModel {
  const cloud = new PoliceCloud({ name: 'south-east' });
  const dc = Site.vsphere(cloud, 'dc', {
    operator: 'force',
    country: 'GB',
    assurance: { level: 'accredited-private', reference: 'Kent data centre accreditation 2026' },
    server: 'vcenter.kent.police.uk',
    datacenter: 'dc1',
    cluster: 'prod',
    datastore: 'vsan',
    distributedSwitch: 'dvs-prod',
    templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404', vtpm: true } },
    databaseTemplate: { name: 'tpl-postgres-16', vtpm: true },
    ssoDomain: 'KENT.POLICE.UK',
  });
  const net = new AccreditedNetwork(cloud, 'net', {
    site: dc,
    addressSpace: '10.80.0.0/16',
    ceiling: Classification.SECRET,
    accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2026-12', issued: '2026-01-10', expires: '2027-01-09' },
  });
  const kent = new TenantEnclave(net, 'kent', {
    tenant: 'kent',
    administrators: [
      { name: 'kent-platform', vetting: 'SC' },
      { name: 'kent-dba', vetting: 'NPPV3', ssoGroup: 'AD.KENT.POLICE.UK\\kent-database-admins' },
    ],
  });
  const app = new Workload(kent, 'app', { kind: 'vm' });
  new Workload(kent, 'db', { kind: 'database' }).allowFrom(app, 5432);
  const essex = new TenantEnclave(net, 'essex', { tenant: 'essex', classification: Classification.OFFICIAL_SENSITIVE });
  new Workload(essex, 'web', { kind: 'vm', tier: 'presentation' });
  return cloud.toModel();
}

/** Every resource type the vSphere renderer creates. */
const VSPHERE_TYPES = ['vsphere_tag_category', 'vsphere_tag', 'vsphere_role', 'vsphere_folder', 'vsphere_resource_pool', 'vsphere_distributed_port_group', 'vsphere_entity_permissions', 'vsphere_virtual_machine'];

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Synthesises the estate's vSphere stacks into a fresh folder; returns it. */
function synth(model: EstateModel): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-vsphere-'));
  outdirs.push(outdir);
  const app = newTerraformApp(outdir);
  renderVsphereEstate(app, model, planStacks(model, ['vsphere']), { type: 'local' });
  synthTerraformApp(app);
  return outdir;
}

function stackJson(outdir: string, stack: string): string {
  return fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
}

function files(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}

describe('renderVsphereEstate', () => {
  const model = smallEstate();
  const plans = planStacks(model, ['vsphere']);
  const outdir = synth(model);
  const stack = (name: string): { out: string; tf: Tf } => {
    const out = stackJson(outdir, name);
    return { out, tf: JSON.parse(out) };
  };

  test('gives a site stack, a network stack and a stack per enclave', () => {
    // THEN
    expect(plans.map((p) => [p.kind, p.name])).toEqual([
      ['site', 'south-east-dc'],
      ['network', 'south-east-net'],
      ['enclave', 'south-east-net-kent'],
      ['enclave', 'south-east-net-essex'],
    ]);
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(plans.map((p) => p.name).sort());
  });

  test('orders the stacks: networks after the site, enclaves after both', () => {
    // WHEN
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    // THEN
    expect(manifest.stacks['south-east-dc'].dependencies).toEqual([]);
    expect(manifest.stacks['south-east-net'].dependencies).toEqual(['south-east-dc']);
    expect([...manifest.stacks['south-east-net-kent'].dependencies].sort()).toEqual(['south-east-dc', 'south-east-net']);
    expect([...manifest.stacks['south-east-net-essex'].dependencies].sort()).toEqual(['south-east-dc', 'south-east-net']);
  });

  test('configures the vSphere provider of every stack without credentials and with verified TLS', () => {
    for (const plan of plans) {
      // WHEN
      const { out, tf } = stack(plan.name);
      // THEN
      expect(out).toHaveProviderWithProperties(VsphereProvider, { vsphere_server: 'vcenter.kent.police.uk', allow_unverified_ssl: false });
      expect(tf.provider!.vsphere).toHaveLength(1);
      expect(Object.keys(tf.provider!.vsphere[0]).sort()).toEqual(['allow_unverified_ssl', 'vsphere_server']);
      expect(tf.terraform!.required_providers.vsphere.source).toBe('vmware/vsphere');
      expect(tf.terraform!.backend.local.path).toBe(`../../../terraform-state/${plan.name}.tfstate`);
    }
  });

  test('creates every tag category and tag and the enclave operator role in the site stack, and nothing else', () => {
    // WHEN
    const { tf } = stack('south-east-dc');
    // THEN
    expect(Object.keys(tf.resource!).sort()).toEqual(['vsphere_role', 'vsphere_tag', 'vsphere_tag_category']);
    expect(tf.data).toBeUndefined();
    expect(Object.keys(tf.resource!.vsphere_tag_category)).toHaveLength(7);
    const byCategory: Record<string, string[]> = {};
    for (const tag of Object.values(tf.resource!.vsphere_tag)) {
      const [, category] = /^\$\{vsphere_tag_category\.([^.]+)\.id\}$/.exec(tag.category_id)!;
      (byCategory[tf.resource!.vsphere_tag_category[category].name] ??= []).push(tag.name);
    }
    for (const values of Object.values(byCategory)) values.sort();
    expect(byCategory).toEqual({
      'pcloud-south-east-classification': ['OFFICIAL-SENSITIVE', 'SECRET'],
      'pcloud-south-east-force': ['essex', 'kent', 'none'],
      'pcloud-south-east-enclave': ['net/essex', 'net/kent', 'none'],
      'pcloud-south-east-network': ['net'],
      'pcloud-south-east-accreditation-reference': ['NPIRMT-2026-12'],
      'pcloud-south-east-managed-by': ['pcloud'],
      'pcloud-south-east-estate': ['south-east'],
    });
  });

  test('every other stack looks up only tags the site stack creates', () => {
    // GIVEN
    const site = stack('south-east-dc').tf;
    const created = new Set(
      Object.values(site.resource!.vsphere_tag).map((t) => {
        const [, category] = /^\$\{vsphere_tag_category\.([^.]+)\.id\}$/.exec(t.category_id)!;
        return `${site.resource!.vsphere_tag_category[category].name}=${t.name}`;
      }),
    );
    for (const plan of plans.filter((p) => p.kind !== 'site')) {
      // WHEN
      const { tf } = stack(plan.name);
      // THEN
      expect(tf.resource!.vsphere_tag).toBeUndefined();
      for (const tag of Object.values(tf.data!.vsphere_tag)) {
        const [, category] = /^\$\{data\.vsphere_tag_category\.([^.]+)\.id\}$/.exec(tag.category_id)!;
        expect(created).toContain(`${tf.data!.vsphere_tag_category[category].name}=${tag.name}`);
      }
    }
  });

  test('creates one enclave operator role in the site stack, with no privilege over access, roles or global settings', () => {
    // WHEN
    const { tf } = stack('south-east-dc');
    // THEN
    const roles = Object.values(tf.resource!.vsphere_role);
    expect(roles).toHaveLength(1);
    expect(roles[0].name).toBe('pcloud-south-east-enclave-operator');
    expect(roles[0].role_privileges).toEqual([...ENCLAVE_OPERATOR_PRIVILEGES]);
    expect(roles[0].role_privileges.filter((p: string) => /^(Authorization|Global)\./.test(p))).toEqual([]);
  });

  test("grants each enclave's administrator groups the site's role on the enclave folder and pool, found by name", () => {
    const expected: Record<string, string[]> = {
      kent: ['AD.KENT.POLICE.UK\\kent-database-admins', 'KENT.POLICE.UK\\kent-platform'],
      // The default group: the enclave's own, in the site's SSO domain.
      essex: ['KENT.POLICE.UK\\essex-essex-admins'],
    };
    for (const [enclave, principals] of Object.entries(expected)) {
      // WHEN
      const { out, tf } = stack(`south-east-net-${enclave}`);
      // THEN the role is the site stack's, looked up by its name
      expect(tf.resource!.vsphere_role).toBeUndefined();
      expect(out).toHaveDataSourceWithProperties(DataVsphereRole, { label: 'pcloud-south-east-enclave-operator' });
      const [role] = Object.keys(tf.data!.vsphere_role);
      // and the permissions sit on the enclave's own folder and pool
      const [folder] = Object.keys(tf.resource!.vsphere_folder);
      const [pool] = Object.keys(tf.resource!.vsphere_resource_pool);
      const permissions = Object.values(tf.resource!.vsphere_entity_permissions);
      expect(permissions.map((p) => [p.entity_type, p.entity_id]).sort()).toEqual([
        ['Folder', `\${vsphere_folder.${folder}.id}`],
        ['ResourcePool', `\${vsphere_resource_pool.${pool}.id}`],
      ]);
      for (const p of permissions) {
        expect(p.permissions).toEqual(principals.map((user_or_group) => ({ user_or_group, is_group: true, propagate: true, role_id: `\${data.vsphere_role.${role}.id}` })));
      }
    }
  });

  test('renders the network folder in the network stack', () => {
    const { out, tf } = stack('south-east-net');
    expect(out).toHaveResourceWithProperties(Folder, { path: 'pcloud-south-east-net', type: 'vm' });
    expect(out).toHaveDataSourceWithProperties(DataVsphereTag, { name: 'NPIRMT-2026-12' });
    expect(Object.keys(tf.resource!)).toEqual(['vsphere_folder']);
    expect(tf.data!.vsphere_role).toBeUndefined();
  });

  test('renders each enclave from the model: VLANs and addresses as allocated', () => {
    for (const enclave of model.enclaves) {
      // WHEN
      const { out, tf } = stack(`south-east-net-${enclave.id}`);
      // THEN
      expect(out).toHaveResourceWithProperties(Folder, { path: `pcloud-south-east-net/${enclave.id}` });
      for (const layout of enclave.tiers) {
        expect(out).toHaveResourceWithProperties(DistributedPortGroup, {
          name: `pg-south-east-net-${enclave.id}-${layout.tier}`,
          vlan_id: layout.vlan,
          allow_promiscuous: false,
          allow_mac_changes: false,
          allow_forged_transmits: false,
        });
      }
      const workloads = model.workloads.filter((w) => w.enclave === enclave.path);
      expect(Object.keys(tf.resource!.vsphere_virtual_machine)).toHaveLength(workloads.length);
      for (const w of workloads) {
        const layout = enclave.tiers.find((t) => t.tier === w.tier)!;
        expect(out).toHaveResourceWithProperties(VirtualMachine, { name: `${enclave.tenant.code}-net-${w.id}` });
        const vm = Object.values(tf.resource!.vsphere_virtual_machine).find((v) => v.name === `${enclave.tenant.code}-net-${w.id}`)!;
        expect(vm.clone.customize).toMatchObject({
          ipv4_gateway: layout.gateway,
          network_interface: [{ ipv4_address: w.address, ipv4_netmask: 24 }],
        });
      }
    }
  });

  test('tags enclave objects and VMs with the tags named in the site stack', () => {
    // WHEN
    const { tf } = stack('south-east-net-essex');
    // THEN
    const tagged = [
      ...Object.values(tf.resource!.vsphere_folder),
      ...Object.values(tf.resource!.vsphere_resource_pool),
      ...Object.values(tf.resource!.vsphere_distributed_port_group),
      ...Object.values(tf.resource!.vsphere_virtual_machine),
    ];
    expect(tagged).toHaveLength(7);
    for (const item of tagged) {
      expect(tagsOf(tf, item)).toEqual({
        'pcloud-south-east-classification': 'OFFICIAL-SENSITIVE',
        'pcloud-south-east-force': 'essex',
        'pcloud-south-east-enclave': 'net/essex',
        'pcloud-south-east-network': 'net',
        'pcloud-south-east-accreditation-reference': 'NPIRMT-2026-12',
        'pcloud-south-east-managed-by': 'pcloud',
        'pcloud-south-east-estate': 'south-east',
      });
    }
  });

  test('no stack refers to a resource of another stack', () => {
    for (const plan of plans) {
      // WHEN
      const { out, tf } = stack(plan.name);
      // THEN
      expect(out).not.toContain('terraform_remote_state');
      const own = addresses(tf);
      expect(references(out).filter((r) => !own.has(r))).toEqual([]);
    }
    expect(stack('south-east-net-kent').out).not.toMatch(/\$\{vsphere_folder\.net/);
  });

  test('a flow renders nothing, but the model carries it for the firewall manifest', () => {
    // GIVEN the same estate without its flow
    const withoutFlow: EstateModel = { ...model, flows: [] };
    // WHEN
    const other = synth(withoutFlow);
    // THEN
    expect(model.flows).toHaveLength(1);
    expect(stackJson(other, 'south-east-net-kent')).toBe(stack('south-east-net-kent').out);
  });

  test('two syntheses are byte-identical', () => {
    // WHEN
    const again = synth(smallEstate());
    // THEN
    const names = files(outdir);
    expect(files(again)).toEqual(names);
    for (const name of names) expect(fs.readFileSync(path.join(again, name), 'utf8')).toBe(fs.readFileSync(path.join(outdir, name), 'utf8'));
    expect(names.join('\n')).not.toContain(outdir);
    for (const name of names) expect(fs.readFileSync(path.join(outdir, name), 'utf8')).not.toContain(os.tmpdir());
  });

  test('the national example: kent, essex and GMP administrators hold the operator role on their own enclaves only', () => {
    // GIVEN
    const model = national.toModel();
    // WHEN
    const dir = synth(model);
    // THEN
    const principalsOf = (name: string) => {
      const tf: Tf = JSON.parse(stackJson(dir, name));
      return Object.values(tf.resource!.vsphere_entity_permissions).map((p) => [p.entity_type, p.permissions.map((x: { user_or_group: string }) => x.user_or_group)]);
    };
    expect(principalsOf('national-supplier-dc1-kent')).toEqual([
      ['Folder', ['SUPPLIER.POLICE.EXAMPLE\\kent-platform-admins']],
      ['ResourcePool', ['SUPPLIER.POLICE.EXAMPLE\\kent-platform-admins']],
    ]);
    expect(principalsOf('national-supplier-dc1-essex')).toEqual([
      ['Folder', ['SUPPLIER.POLICE.EXAMPLE\\essex-platform-admins']],
      ['ResourcePool', ['SUPPLIER.POLICE.EXAMPLE\\essex-platform-admins']],
    ]);
    expect(principalsOf('national-gmp-restricted-gmp-intelligence')).toEqual([
      ['Folder', ['vsphere.local\\gmp-restricted-platform']],
      ['ResourcePool', ['vsphere.local\\gmp-restricted-platform']],
    ]);
    // Exchanges, services and interconnects have no vSphere resources: they are in the firewall manifest.
    for (const name of fs.readdirSync(path.join(dir, 'stacks'))) {
      expect(Object.keys(JSON.parse(stackJson(dir, name)).resource ?? {}).filter((t) => !VSPHERE_TYPES.includes(t))).toEqual([]);
    }
  });

  test('fails when an enclave stack is planned before its network stack', () => {
    // GIVEN
    const app = Testing.app();
    const enclaveOnly = plans.filter((p) => p.kind === 'enclave').map((p) => ({ ...p, dependsOn: [] }));
    // WHEN / THEN
    expect(() => renderVsphereEstate(app, model, enclaveOnly, { type: 'local' })).toThrow(/planned before its network/);
  });
});
