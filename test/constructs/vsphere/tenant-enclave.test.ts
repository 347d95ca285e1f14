import { App, TerraformStack, Testing } from 'cdktf';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DataVsphereRole } from '@cdktf/provider-vsphere/lib/data-vsphere-role';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Classification } from '../../../lib/classification';
import { PcloudError } from '../../../lib/errors';
import { pcloudErrorOf } from '../../helpers';
import type { VsphereSiteProps } from '../../../lib/model/site';
import * as vsphere from '../../../constructs/vsphere';
import { GMP_ACCREDITATION as ACCREDITATION, gmpVsphereSite as site } from '../../fixtures/sites';
import { type Tf, tagsOf, addresses, references } from './terraform-json';

function newNetwork(stack: TerraformStack, siteProps: VsphereSiteProps = site()): vsphere.AccreditedNetwork {
  return new vsphere.AccreditedNetwork(stack, 'Network', {
    addressSpace: '10.60.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    site: siteProps,
    estate: 'gmp',
  });
}

/** Resource addresses (`vsphere_folder.X`) and data source addresses (`data.vsphere_x.Y`) a stack defines. */

/** Addresses a stack refers to in `${...}` expressions and depends_on lists. */

describe('TenantEnclave', () => {
  test('renders a VM folder inside the network folder, after it', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveResourceWithProperties(Folder, { path: 'pcloud-gmp-network/gmp', type: 'vm' });
    const [networkFolder] = Object.entries(tf.resource!.vsphere_folder).find(([, f]) => f.path === 'pcloud-gmp-network')!;
    const enclaveFolder = Object.values(tf.resource!.vsphere_folder).find((f) => f.path === 'pcloud-gmp-network/gmp')!;
    expect(enclaveFolder.depends_on).toEqual([`vsphere_folder.${networkFolder}`]);
  });

  test('renders a resource pool under the root pool of the site cluster', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveResourceWithProperties(ResourcePool, { name: 'pcloud-gmp-network-gmp' });
    expect(out).toHaveDataSourceWithProperties(DataVsphereComputeCluster, { name: 'prod' });
    const [cluster] = Object.keys(tf.data!.vsphere_compute_cluster);
    expect(Object.values(tf.resource!.vsphere_resource_pool)[0].parent_resource_pool_id).toBe(
      `\${data.vsphere_compute_cluster.${cluster}.resource_pool_id}`,
    );
  });

  test('renders one hardened port group per tier on the distributed switch, each on its own VLAN (never 1 or 4095)', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    const gmp = new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveDataSourceWithProperties(DataVsphereDistributedVirtualSwitch, { name: 'dvs-prod' });
    const [dvs] = Object.keys(tf.data!.vsphere_distributed_virtual_switch);
    const portGroups = Object.values(tf.resource!.vsphere_distributed_port_group);
    expect(portGroups).toHaveLength(4);
    for (const layout of gmp.model.tiers) {
      expect(out).toHaveResourceWithProperties(DistributedPortGroup, {
        name: `pg-gmp-network-gmp-${layout.tier}`,
        vlan_id: layout.vlan,
        distributed_virtual_switch_uuid: `\${data.vsphere_distributed_virtual_switch.${dvs}.id}`,
      });
    }
    for (const pg of portGroups) {
      expect(pg).toMatchObject({
        allow_promiscuous: false,
        allow_mac_changes: false,
        allow_forged_transmits: false,
        security_policy_override_allowed: false,
        vlan_override_allowed: false,
      });
      expect(Number.isInteger(pg.vlan_id)).toBe(true);
      expect([1, 4095]).not.toContain(pg.vlan_id);
      expect(pg.vlan_id).toBeGreaterThanOrEqual(100);
      expect(pg.vlan_id).toBeLessThanOrEqual(3999);
    }
    expect(new Set(portGroups.map((pg) => pg.vlan_id)).size).toBe(4);
  });

  test('uses the VLANs given, and keeps two enclaves of a network on distinct VLANs', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack, site({ vlanRange: { min: 2, max: 9 } }));
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp', vlans: { presentation: 2, application: 3, data: 4, management: 5 } });
    new vsphere.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const vlans: [string, number][] = Object.values(tf.resource!.vsphere_distributed_port_group).map((pg) => [pg.name, pg.vlan_id]);
    expect(new Map(vlans.filter(([name]) => name.includes('-network-gmp-')))).toEqual(new Map([
      ['pg-gmp-network-gmp-presentation', 2],
      ['pg-gmp-network-gmp-application', 3],
      ['pg-gmp-network-gmp-data', 4],
      ['pg-gmp-network-gmp-management', 5],
    ]));
    expect(vlans.filter(([name]) => name.includes('-network-kent-')).map(([, v]) => v).sort()).toEqual([6, 7, 8, 9]);
  });

  test('tags its folder, resource pool and port groups with the enclave tags', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const tagged = [
      Object.values(tf.resource!.vsphere_folder).find((f) => f.path === 'pcloud-gmp-network/gmp')!,
      ...Object.values(tf.resource!.vsphere_resource_pool),
      ...Object.values(tf.resource!.vsphere_distributed_port_group),
    ];
    expect(tagged).toHaveLength(6);
    for (const item of tagged) {
      expect(tagsOf(tf, item)).toEqual({
        'pcloud-gmp-classification': 'OFFICIAL-SENSITIVE',
        'pcloud-gmp-force': 'gmp',
        'pcloud-gmp-enclave': 'network/gmp',
        'pcloud-gmp-network': 'network',
        'pcloud-gmp-accreditation-reference': 'GMP-ACC-2026-07',
        'pcloud-gmp-managed-by': 'pcloud',
        'pcloud-gmp-estate': 'gmp',
      });
    }
  });

  test('in another stack, refers to nothing of the network stack and is ordered after it', () => {
    // GIVEN
    const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
    const networkStack = new TerraformStack(app, 'network');
    const network = newNetwork(networkStack);
    const enclaveStack = new TerraformStack(app, 'gmp');
    // WHEN
    const gmp = new vsphere.TenantEnclave(enclaveStack, 'Gmp', { network, tenant: 'gmp' });
    gmp.addWorkload('app', { kind: 'vm' });
    const out = Testing.synth(enclaveStack);
    const tf: Tf = JSON.parse(out);
    // THEN every reference resolves inside the enclave stack
    const own = addresses(tf);
    expect(references(out).filter((r) => !own.has(r))).toEqual([]);
    expect(out).not.toContain('terraform_remote_state');
    // it finds tags and inventory with its own data sources
    expect(tf.resource!.vsphere_tag).toBeUndefined();
    expect(Object.values(tf.data!.vsphere_tag).length).toBeGreaterThan(0);
    expect(Object.keys(tf.data!.vsphere_datacenter)).toHaveLength(1);
    // and is deployed after the network's stack
    expect(enclaveStack.dependencies).toContain(networkStack);
    expect(Object.values(tf.resource!.vsphere_folder)[0].depends_on).toBeUndefined();
  });

  test('records its model through the network state', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    const gmp = new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp', addressSpace: '10.60.8.0/22' });
    // THEN
    expect(network.state.enclaves).toEqual([gmp.model]);
    expect(gmp.model).toMatchObject({ path: 'network/gmp', cidr: '10.60.8.0/22', classification: 'OFFICIAL-SENSITIVE' });
    expect(gmp.tier('data')).toMatchObject({ cidr: '10.60.10.0/24', gateway: '10.60.10.1' });
  });

  test('fails when the network is not a vSphere AccreditedNetwork', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    // WHEN / THEN
    expect(() => new vsphere.TenantEnclave(stack, 'Gmp', { network: {} as vsphere.AccreditedNetwork, tenant: 'gmp' })).toThrow(
      expect.objectContaining({ code: 'NETWORK_MISSING', path: 'test/Gmp' }),
    );
  });

  test('fails when a tenant already has an enclave on the network', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    // WHEN / THEN
    expect(() => new vsphere.TenantEnclave(stack, 'Gmp2', { network, tenant: 'gmp' })).toThrow(expect.objectContaining({ code: 'DUPLICATE_TENANT' }));
    expect(stack.node.tryFindChild('Gmp2')).toBeUndefined();
  });

  test('fails when a VLAN is outside the site range', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN / THEN
    const attempt = () => new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp', vlans: { data: 4095 } });
    expect(attempt).toThrow(PcloudError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'VLAN_INVALID' }));
  });
});

describe('TenantEnclave administrator permissions', () => {
  /** The enclave folder's and pool's permission resources, with the addresses of the folder and the pool. */
  function permissionsOf(tf: Tf) {
    const [folder] = Object.entries(tf.resource!.vsphere_folder).find(([, f]) => f.path === 'pcloud-gmp-network/gmp')!;
    const [pool] = Object.keys(tf.resource!.vsphere_resource_pool);
    const all = Object.values(tf.resource!.vsphere_entity_permissions);
    return {
      folder: all.find((p) => p.entity_id === `\${vsphere_folder.${folder}.id}`)!,
      pool: all.find((p) => p.entity_id === `\${vsphere_resource_pool.${pool}.id}`)!,
      count: all.length,
    };
  }

  test("grants each administrator group the operator role on the enclave's folder and resource pool, propagating to its VMs", () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack, site({ ssoDomain: 'GMP.POLICE.UK' }));
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', {
      network,
      tenant: 'gmp',
      administrators: [
        { name: 'gmp-platform', vetting: 'SC' },
        { name: 'gmp-dba', vetting: 'NPPV3', ssoGroup: 'AD.GMP.POLICE.UK\\gmp-database-admins' },
      ],
    });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const [role] = Object.keys(tf.resource!.vsphere_role);
    const permissions = [
      { user_or_group: 'AD.GMP.POLICE.UK\\gmp-database-admins', is_group: true, propagate: true, role_id: `\${vsphere_role.${role}.id}` },
      { user_or_group: 'GMP.POLICE.UK\\gmp-platform', is_group: true, propagate: true, role_id: `\${vsphere_role.${role}.id}` },
    ];
    const { folder, pool, count } = permissionsOf(tf);
    expect(count).toBe(2);
    expect(folder).toMatchObject({ entity_type: 'Folder', permissions });
    expect(pool).toMatchObject({ entity_type: 'ResourcePool', permissions });
    // The role is the network's custom role, never a built-in one.
    expect(tf.resource!.vsphere_role[role].name).toBe('pcloud-gmp-enclave-operator');
    expect(tf.data!.vsphere_role).toBeUndefined();
  });

  test("names a group without an ssoGroup in the site's SSO domain, vsphere.local unless recorded", () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp', administrators: [{ name: 'gmp-platform', vetting: 'SC' }] });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const { folder, pool } = permissionsOf(tf);
    expect(folder.permissions.map((p: { user_or_group: string }) => p.user_or_group)).toEqual(['vsphere.local\\gmp-platform']);
    expect(pool.permissions.map((p: { user_or_group: string }) => p.user_or_group)).toEqual(['vsphere.local\\gmp-platform']);
  });

  test('in another stack, finds the role by name and grants it on its own folder and pool', () => {
    // GIVEN
    const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
    const network = newNetwork(new TerraformStack(app, 'network'));
    const enclaveStack = new TerraformStack(app, 'gmp');
    // WHEN
    new vsphere.TenantEnclave(enclaveStack, 'Gmp', { network, tenant: 'gmp', administrators: [{ name: 'gmp-platform', vetting: 'SC' }] });
    const out = Testing.synth(enclaveStack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(tf.resource!.vsphere_role).toBeUndefined();
    expect(out).toHaveDataSourceWithProperties(DataVsphereRole, { label: 'pcloud-gmp-enclave-operator' });
    const [role] = Object.keys(tf.data!.vsphere_role);
    const { folder, pool } = permissionsOf(tf);
    for (const permissions of [folder, pool]) {
      expect(permissions.permissions).toEqual([{ user_or_group: 'vsphere.local\\gmp-platform', is_group: true, propagate: true, role_id: `\${data.vsphere_role.${role}.id}` }]);
    }
    expect(out).not.toContain('terraform_remote_state');
  });

  test('uses the role it is given', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    const operatorRole = new vsphere.EnclaveOperatorRoleLookup(stack, 'SharedRole', { estate: 'national' });
    // WHEN
    new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp', operatorRole });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    const [role] = Object.keys(tf.data!.vsphere_role);
    expect(tf.data!.vsphere_role[role].label).toBe('pcloud-national-enclave-operator');
    for (const p of Object.values(tf.resource!.vsphere_entity_permissions)) expect(p.permissions[0].role_id).toBe(`\${data.vsphere_role.${role}.id}`);
  });

  test('fails when two administrator groups are the same SSO group', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    const network = newNetwork(stack);
    // WHEN
    const attempt = () =>
      new vsphere.TenantEnclave(stack, 'Gmp', {
        network,
        tenant: 'gmp',
        administrators: [
          { name: 'gmp-platform', vetting: 'SC' },
          { name: 'gmp-platform-2', vetting: 'SC', ssoGroup: 'VSPHERE.LOCAL\\gmp-platform' },
        ],
      });
    // THEN
    expect(pcloudErrorOf(attempt)).toMatchObject({
      code: 'SSO_GROUP_DUPLICATE',
      path: 'network/gmp',
      problem: 'administrator groups gmp-platform and gmp-platform-2 are the same vCenter SSO group VSPHERE.LOCAL\\gmp-platform',
      fix: 'merge gmp-platform and gmp-platform-2, or give each its own ssoGroup',
    });
    expect(stack.node.tryFindChild('Gmp')).toBeUndefined();
  });
});
