import { TerraformStack, Testing } from 'cdktf';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { Classification } from '../../../lib/classification';
import { PcloudError } from '../../../lib/errors';
import * as vsphere from '../../../constructs/vsphere';
import { GMP_ACCREDITATION as ACCREDITATION, gmpVsphereSite as site } from '../../fixtures/sites';
import { type Tf, tagsOf } from './terraform-json';

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

function newNetwork(stack: TerraformStack, props: Partial<vsphere.AccreditedNetworkProps> = {}): vsphere.AccreditedNetwork {
  return new vsphere.AccreditedNetwork(stack, 'Network', {
    addressSpace: '10.60.0.0/16',
    ceiling: Classification.SECRET,
    accreditation: ACCREDITATION,
    site: site(),
    estate: 'gmp',
    ...props,
  });
}

/** Category name → tag name of every tag id `item` carries. */

describe('AccreditedNetwork', () => {
  test('renders a VM folder for the network in the site datacenter', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveResourceWithProperties(Folder, { path: 'pcloud-gmp-network', type: 'vm' });
    expect(out).toHaveDataSourceWithProperties(DataVsphereDatacenter, { name: 'dc1' });
    const folder = Object.values(tf.resource!.vsphere_folder)[0];
    expect(folder.datacenter_id).toMatch(/^\$\{data\.vsphere_datacenter\.[^.]+\.id\}$/);
    // The force configures the provider in its own stack.
    expect(tf).not.toHaveProperty('provider');
  });

  test('tags the folder with the network tags, in categories named after the keys', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    newNetwork(stack);
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    expect(tagsOf(tf, Object.values(tf.resource!.vsphere_folder)[0])).toEqual({
      'pcloud-gmp-classification': 'SECRET',
      'pcloud-gmp-force': 'none',
      'pcloud-gmp-enclave': 'none',
      'pcloud-gmp-network': 'network',
      'pcloud-gmp-accreditation-reference': 'GMP-ACC-2026-07',
      'pcloud-gmp-managed-by': 'pcloud',
      'pcloud-gmp-estate': 'gmp',
    });
  });

  test('uses a given tag source instead of creating a catalogue', () => {
    // GIVEN
    const stack = newStack();
    const tags = new vsphere.TagLookup(stack, 'Tags', { estate: 'gmp' });
    // WHEN
    newNetwork(stack, { tags });
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN
    expect(tf.resource!.vsphere_tag).toBeUndefined();
    expect(tf.resource!.vsphere_tag_category).toBeUndefined();
    expect(Object.values(tf.data!.vsphere_tag).map((t) => t.name)).toContain('GMP-ACC-2026-07');
  });

  test('a SECRET network works on an accredited-private site', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const network = newNetwork(stack);
    // THEN
    expect(network.model.ceiling).toBe('SECRET');
    expect(network.site.assurance?.level).toBe('accredited-private');
  });

  test('fails when a SECRET network is placed on a PASF site', () => {
    // GIVEN
    const stack = newStack();
    const pasf = site({ operator: 'supplier', assurance: { level: 'PASF', reference: 'Supplier PASF 2025' } });
    // WHEN
    const attempt = () => newNetwork(stack, { site: pasf });
    // THEN
    expect(attempt).toThrow(PcloudError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'SECRET_NEEDS_ACCREDITED_PRIVATE' }));
    // and nothing was added to the stack
    expect(stack.node.tryFindChild('Network')).toBeUndefined();
  });

  test('names its site after the datacenter unless a site id is given', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const byDefault = newNetwork(stack);
    const named = new vsphere.AccreditedNetwork(stack, 'Other', {
      addressSpace: '10.61.0.0/16',
      accreditation: ACCREDITATION,
      site: site({ datacenter: 'Manchester DC1' }),
      siteId: 'gmp-dc',
    });
    // THEN
    expect(byDefault.site.id).toBe('vsphere-dc1');
    expect(byDefault.model.site).toBe('vsphere-dc1');
    expect(named.site.id).toBe('gmp-dc');
    expect(named.estate).toBe('pcloud');
    expect(named.model.ceiling).toBe('OFFICIAL');
  });

  test('fails when the site is missing', () => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => newNetwork(stack, { site: undefined })).toThrow(expect.objectContaining({ code: 'SITE_MISSING', path: 'test/Network' }));
  });

  test('fails when the site is outside the UK', () => {
    expect(() => newNetwork(newStack(), { site: site({ country: 'IE' }) })).toThrow(expect.objectContaining({ code: 'REGION_OUTSIDE_UK' }));
  });

  test('fails when the estate name is not kebab case', () => {
    expect(() => newNetwork(newStack(), { estate: 'GMP Estate' })).toThrow(expect.objectContaining({ code: 'ID_INVALID' }));
  });
});

describe('AccreditedNetwork.firewallManifest', () => {
  test('lists each declared flow between the /32 addresses and VLANs of both ends, then the default deny', () => {
    // GIVEN
    const stack = newStack();
    const network = newNetwork(stack);
    const gmp = new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
    const app = gmp.addWorkload('app', { kind: 'vm' });
    const db = new vsphere.Workload(gmp, 'db', { kind: 'database' });
    // WHEN
    db.allowFrom(app, 5432);
    const manifest = network.firewallManifest();
    // THEN
    const vlan = (tier: string) => gmp.model.tiers.find((t) => t.tier === tier)!.vlan;
    expect(manifest.estate).toBe('gmp');
    expect(manifest.site).toBe('vsphere-dc1');
    expect(manifest.vcenter).toBe('vcenter.gmp.police.uk');
    expect(manifest.segments.map((s) => [s.portGroup, s.vlan])).toEqual(
      gmp.model.tiers.map((t) => [`pg-gmp-network-gmp-${t.tier}`, t.vlan]),
    );
    expect(manifest.rules).toHaveLength(2);
    expect(manifest.rules[0]).toMatchObject({
      action: 'allow',
      protocol: 'tcp',
      ports: '5432',
      source: { workload: 'network/gmp/app', address: `${app.model.address}/32`, portGroup: 'pg-gmp-network-gmp-application', vlan: vlan('application') },
      destination: { workload: 'network/gmp/db', address: `${db.model.address}/32`, portGroup: 'pg-gmp-network-gmp-data', vlan: vlan('data') },
    });
    expect(manifest.rules[1]).toMatchObject({ id: 'pcloud-default-deny', action: 'deny', source: 'any', destination: 'any' });
  });

  test('a flow adds nothing to the Terraform output', () => {
    // GIVEN two identical stacks
    const build = (withFlow: boolean) => {
      const stack = newStack();
      const network = newNetwork(stack);
      const gmp = new vsphere.TenantEnclave(stack, 'Gmp', { network, tenant: 'gmp' });
      const app = gmp.addWorkload('app', { kind: 'vm' });
      const db = gmp.addWorkload('db', { kind: 'database' });
      // WHEN one declares a flow
      if (withFlow) db.allowFrom(app, 5432);
      return { out: Testing.synth(stack), rules: network.firewallManifest().rules.length };
    };
    const without = build(false);
    const withFlow = build(true);
    // THEN the Terraform is byte-identical and only the manifest differs
    expect(withFlow.out).toBe(without.out);
    expect(without.rules).toBe(1);
    expect(withFlow.rules).toBe(2);
  });

  test('covers enclaves in other stacks', () => {
    // GIVEN
    const app = Testing.app();
    const networkStack = new TerraformStack(app, 'network');
    const network = newNetwork(networkStack);
    // WHEN
    new vsphere.TenantEnclave(new TerraformStack(app, 'kent'), 'Kent', { network, tenant: 'kent' });
    new vsphere.TenantEnclave(new TerraformStack(app, 'gmp'), 'Gmp', { network, tenant: 'gmp' });
    // THEN
    expect([...new Set(network.firewallManifest().segments.map((s) => s.enclave))]).toEqual(['network/kent', 'network/gmp']);
  });
});
