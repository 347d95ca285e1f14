import { App, TerraformStack, Testing } from 'cdktf';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Classification } from '../../../lib/classification';
import { PcloudError } from '../../../lib/errors';
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
