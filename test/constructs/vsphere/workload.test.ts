import { TerraformStack, Testing } from 'cdktf';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Classification } from '../../../lib/classification';
import { PcloudError } from '../../../lib/errors';
import type { VsphereSiteProps } from '../../../lib/model/site';
import { Port } from '../../../lib/ports';
import * as vsphere from '../../../constructs/vsphere';
import { VSPHERE_FACTS } from '../../fixtures/sites';
import { type Tf, tagsOf } from './terraform-json';

const ACCREDITATION = { authority: 'Kent SIRO', reference: 'KENT-ACC-2026-01', issued: '2026-04-01', expires: '2027-03-31' };

function site(overrides: Partial<VsphereSiteProps> = {}): VsphereSiteProps {
  return {
    ...VSPHERE_FACTS,
    operator: 'supplier',
    country: 'GB',
    assurance: { level: 'PASF', reference: 'Supplier PASF assessment 2025' },
    server: 'vcenter.kent.police.uk',
    datacenter: 'dc1',
    cluster: 'prod',
    datastore: 'vsan',
    distributedSwitch: 'dvs-prod',
    templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404', vtpm: true }, 'ubuntu-22.04': 'tpl-ubuntu-2204' },
    databaseTemplate: 'tpl-postgres-16',
    encryptionStoragePolicy: 'pcloud encrypted',
    dnsDomain: 'kent.police.internal',
    dnsServers: ['10.70.255.10', '10.70.255.11'],
    ...overrides,
  };
}

function newEnclave(siteProps: VsphereSiteProps = site()): { stack: TerraformStack; enclave: vsphere.TenantEnclave } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const network = new vsphere.AccreditedNetwork(stack, 'Official', {
    addressSpace: '10.70.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    site: siteProps,
    estate: 'kent',
  });
  return { stack, enclave: new vsphere.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', addressSpace: '10.70.4.0/22' }) };
}

function vms(tf: Tf): Record<string, any>[] {
  return Object.values(tf.resource!.vsphere_virtual_machine);
}

function vmNamed(tf: Tf, name: string): Record<string, any> {
  return vms(tf).find((vm) => vm.name === name)!;
}

/** The data source a `${data.TYPE.NAME.ATTR}` reference points at. */
function dataOf(tf: Tf, ref: string): Record<string, any> {
  const [, type, name] = /^\$\{data\.([a-z_]+)\.([^.]+)\./.exec(ref)!;
  return tf.data![type][name];
}

describe('Workload', () => {
  test('clones a vm from the template of its image with EFI secure boot and a vTPM', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('app', { kind: 'vm' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveDataSourceWithProperties(DataVsphereVirtualMachine, { name: 'tpl-ubuntu-2404' });
    expect(out).toHaveResourceWithProperties(VirtualMachine, {
      name: 'kent-official-app',
      firmware: 'efi',
      efi_secure_boot_enabled: true,
      vtpm: { version: '2.0' },
    });
    const vm = vmNamed(tf, 'kent-official-app');
    expect(dataOf(tf, vm.clone.template_uuid).name).toBe('tpl-ubuntu-2404');
    expect(dataOf(tf, vm.guest_id).name).toBe('tpl-ubuntu-2404');
  });

  test('has no vTPM when the template does not support one, and keeps EFI secure boot', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('legacy', { kind: 'vm', image: 'ubuntu-22.04' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const vm = vmNamed(tf, 'kent-official-legacy');
    expect(vm).not.toHaveProperty('vtpm');
    expect(vm).toMatchObject({ firmware: 'efi', efi_secure_boot_enabled: true });
    expect(dataOf(tf, vm.clone.template_uuid).name).toBe('tpl-ubuntu-2204');
  });

  test('clones a database from the site database template', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    new vsphere.Workload(enclave, 'db', { kind: 'database', size: 'large', diskGiB: 500 });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const vm = vmNamed(tf, 'kent-official-db');
    expect(dataOf(tf, vm.clone.template_uuid).name).toBe('tpl-postgres-16');
    expect(vm).not.toHaveProperty('vtpm');
    expect(vm).toMatchObject({ num_cpus: 8, memory: 32768, disk: [{ size: 500 }] });
  });

  test.each([
    ['small', 2, 8192],
    ['medium', 4, 16384],
    ['large', 8, 32768],
    ['xlarge', 16, 65536],
  ] as const)('maps size %s to %i vCPU and %i MiB', (size, cpus, memory) => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('app', { kind: 'vm', size });
    // THEN
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualMachine, { num_cpus: cpus, memory });
  });

  test('puts the encryption storage policy on the VM home and on its disk, sized from diskGiB', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('app', { kind: 'vm', diskGiB: 128 });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveDataSourceWithProperties(DataVsphereStoragePolicy, { name: 'pcloud encrypted' });
    const [policy] = Object.keys(tf.data!.vsphere_storage_policy);
    const ref = `\${data.vsphere_storage_policy.${policy}.id}`;
    const vm = vmNamed(tf, 'kent-official-app');
    expect(vm.storage_policy_id).toBe(ref);
    expect(vm.disk).toHaveLength(1);
    expect(vm.disk[0]).toMatchObject({ label: 'disk0', size: 128, storage_policy_id: ref });
  });

  test('customises the guest with its host name, the site DNS and its static address, netmask and gateway', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    const app = enclave.addWorkload('app', { kind: 'vm', tier: 'presentation', address: '10.70.4.20' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    expect(app.model.address).toBe('10.70.4.20');
    expect(vmNamed(tf, 'kent-official-app').clone.customize).toEqual({
      linux_options: { host_name: 'kent-official-app', domain: 'kent.police.internal' },
      network_interface: [{ ipv4_address: '10.70.4.20', ipv4_netmask: 24 }],
      ipv4_gateway: '10.70.4.1',
      dns_suffix_list: ['kent.police.internal'],
      dns_server_list: ['10.70.255.10', '10.70.255.11'],
    });
  });

  test('allocates a static address in its tier when none is given, and uses the tier gateway', () => {
    // GIVEN
    const { stack, enclave } = newEnclave(site({ dnsServers: undefined }));
    // WHEN
    const db = enclave.addWorkload('db', { kind: 'database' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const data = enclave.tier('data');
    expect(db.model.address).toMatch(/^10\.70\.6\.\d+$/);
    expect(db.model.address).not.toBe(data.gateway);
    const customize = vmNamed(tf, 'kent-official-db').clone.customize;
    expect(customize.network_interface).toEqual([{ ipv4_address: db.model.address, ipv4_netmask: 24 }]);
    expect(customize.ipv4_gateway).toBe(data.gateway);
    // without DNS servers the template's resolver configuration is kept
    expect(customize).not.toHaveProperty('dns_server_list');
  });

  test("connects its NIC to its tier's port group", () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('db', { kind: 'database' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const [, name] = /^\$\{vsphere_distributed_port_group\.([^.]+)\.id\}$/.exec(vmNamed(tf, 'kent-official-db').network_interface[0].network_id)!;
    expect(tf.resource!.vsphere_distributed_port_group[name]).toMatchObject({ name: 'pg-kent-official-kent-data', vlan_id: enclave.tier('data').vlan });
  });

  test('requires encrypted vMotion through the VMX option and is protected from destroy', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    enclave.addWorkload('app', { kind: 'vm' });
    enclave.addWorkload('db', { kind: 'database' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    for (const vm of vms(tf)) {
      expect(vm.extra_config).toEqual({ 'migrate.encryptionMode': 'required' });
      expect(vm.lifecycle).toEqual({ prevent_destroy: true });
    }
    // Fault Tolerance encryption is not faked: the provider cannot set it
    expect(JSON.stringify(tf)).not.toMatch(/ft\.?encryption/i);
  });

  test('goes into the enclave folder and resource pool and carries its own classification in its tags', () => {
    // GIVEN an OFFICIAL-SENSITIVE enclave
    const { stack, enclave } = newEnclave();
    // WHEN an OFFICIAL workload is added
    enclave.addWorkload('web', { kind: 'vm', classification: Classification.OFFICIAL });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const vm = vmNamed(tf, 'kent-official-web');
    const [, folder] = /^\$\{vsphere_folder\.([^.]+)\.path\}$/.exec(vm.folder)!;
    expect(tf.resource!.vsphere_folder[folder].path).toBe('pcloud-kent-official/kent');
    const [, pool] = /^\$\{vsphere_resource_pool\.([^.]+)\.id\}$/.exec(vm.resource_pool_id)!;
    expect(tf.resource!.vsphere_resource_pool[pool].name).toBe('pcloud-kent-official-kent');
    expect(dataOf(tf, vm.datastore_id).name).toBe('vsan');
    expect(tagsOf(tf, vm)).toEqual({
      'pcloud-kent-classification': 'OFFICIAL',
      'pcloud-kent-force': 'kent',
      'pcloud-kent-enclave': 'official/kent',
      'pcloud-kent-network': 'official',
      'pcloud-kent-accreditation-reference': 'KENT-ACC-2026-01',
      'pcloud-kent-managed-by': 'pcloud',
      'pcloud-kent-estate': 'kent',
    });
  });

  test('records its model through the enclave state', () => {
    // GIVEN
    const { enclave } = newEnclave();
    // WHEN
    const app = enclave.addWorkload('app', { kind: 'vm' });
    // THEN
    expect(enclave.state.workloads).toEqual([app.model]);
    expect(app.model).toMatchObject({ path: 'official/kent/app', tier: 'application', size: 'small', diskGiB: 64, image: 'ubuntu-24.04' });
  });

  test('fails when an object store is placed on vSphere', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    // WHEN
    const attempt = () => enclave.addWorkload('evidence', { kind: 'objectStore' });
    // THEN
    expect(attempt).toThrow(PcloudError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'WORKLOAD_KIND_NOT_HOSTED', path: 'official/kent/evidence' }));
    expect(enclave.state.workloads).toEqual([]);
    expect(JSON.parse(Testing.synth(stack)).resource.vsphere_virtual_machine).toBeUndefined();
  });

  test('fails when a database is placed on a site without a database template', () => {
    // GIVEN
    const { enclave } = newEnclave(site({ databaseTemplate: undefined }));
    // WHEN / THEN
    expect(() => new vsphere.Workload(enclave, 'db', { kind: 'database' })).toThrow(expect.objectContaining({ code: 'WORKLOAD_KIND_NOT_HOSTED' }));
    expect(enclave.node.tryFindChild('db')).toBeUndefined();
  });

  test('fails when the image has no template on the site', () => {
    const { enclave } = newEnclave(site({ templates: { 'ubuntu-24.04': 'tpl-ubuntu-2404' } }));
    expect(() => enclave.addWorkload('app', { kind: 'vm', image: 'ubuntu-22.04' })).toThrow(expect.objectContaining({ code: 'IMAGE_NOT_ON_SITE' }));
  });

  test('fails when it is not created inside a vSphere TenantEnclave', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new vsphere.Workload(stack as unknown as vsphere.TenantEnclave, 'app', { kind: 'vm' })).toThrow(
      expect.objectContaining({ code: 'SCOPE_INVALID', path: 'test/app' }),
    );
  });
});

describe('Workload.allowFrom', () => {
  test('records the flow in the enclave state and adds no Terraform resource', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    const app = enclave.addWorkload('app', { kind: 'vm' });
    const db = enclave.addWorkload('db', { kind: 'database' });
    const before = Testing.synth(stack);
    // WHEN
    db.allowFrom(app, 5432).allowFrom(app, 5432);
    app.allowFrom(db, Port.udp(514));
    // THEN
    expect(enclave.state.flows).toEqual([
      { from: 'official/kent/app', to: 'official/kent/db', protocol: 'tcp', fromPort: 5432, toPort: 5432 },
      { from: 'official/kent/db', to: 'official/kent/app', protocol: 'udp', fromPort: 514, toPort: 514 },
    ]);
    expect(db.flows).toHaveLength(1);
    expect(Testing.synth(stack)).toBe(before);
  });

  test('fails when the source is in another enclave', () => {
    // GIVEN
    const { stack, enclave } = newEnclave();
    const other = new vsphere.TenantEnclave(stack, 'Gmp', { network: enclave.network, tenant: 'gmp' });
    const app = other.addWorkload('app', { kind: 'vm' });
    const db = enclave.addWorkload('db', { kind: 'database' });
    // WHEN / THEN
    expect(() => db.allowFrom(app, 5432)).toThrow(expect.objectContaining({ code: 'FLOW_CROSSES_ENCLAVE' }));
    expect(enclave.state.flows).toEqual([]);
  });

  test('fails when a database is opened on another port than PostgreSQL', () => {
    const { enclave } = newEnclave();
    const app = enclave.addWorkload('app', { kind: 'vm' });
    const db = enclave.addWorkload('db', { kind: 'database' });
    expect(() => db.allowFrom(app, 22)).toThrow(expect.objectContaining({ code: 'FLOW_PORT_NOT_SERVED' }));
  });

  test('fails when the source is not a vSphere Workload', () => {
    const { enclave } = newEnclave();
    const db = enclave.addWorkload('db', { kind: 'database' });
    expect(() => db.allowFrom({} as vsphere.Workload, 5432)).toThrow(expect.objectContaining({ code: 'FLOW_SOURCE_INVALID' }));
  });
});
