import { TenantEnclave, Workload } from '../../index';
import { firewallManifests } from '../../lib/firewall-manifest';
import { smallEstate } from '../fixtures/estate';

describe('firewall manifests (vSphere has no firewall resources)', () => {
  function build() {
    const { cloud, networks } = smallEstate('national');
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const essex = new TenantEnclave(networks.supplier, 'essex', { tenant: 'essex' });
    const web = new Workload(kent, 'web', { kind: 'vm', tier: 'presentation' });
    const app = new Workload(kent, 'app', { kind: 'vm' });
    new Workload(essex, 'app', { kind: 'vm' });
    app.allowFrom(web, 8443);
    return cloud.toModel();
  }

  test('one manifest per vSphere site that has networks', () => {
    expect(firewallManifests(build()).map((m) => m.site)).toEqual(['supplier-dc', 'force-dc']);
  });

  test('a segment per enclave tier with its VLAN, subnet and gateway', () => {
    const [supplier] = firewallManifests(build());
    expect(supplier.segments).toHaveLength(8);
    const kentApp = supplier.segments.find((s) => s.enclave === 'supplier-net/kent' && s.tier === 'application')!;
    expect(kentApp).toMatchObject({ portGroup: 'pg-national-supplier-net-kent-application', tenant: 'kent', classification: 'OFFICIAL-SENSITIVE' });
    expect(kentApp.gateway).toBe(kentApp.cidr.replace(/0\/\d+$/, '1'));
    expect(new Set(supplier.segments.map((s) => s.vlan)).size).toBe(8);
  });

  test('an allow rule per declared flow between /32 addresses, then a default deny and nothing else', () => {
    const model = build();
    const [supplier] = firewallManifests(model);
    const address = (path: string) => `${model.workloads.find((w) => w.path === path)!.address}/32`;
    expect(supplier.rules).toHaveLength(2);
    expect(supplier.rules[0]).toMatchObject({
      action: 'allow',
      protocol: 'tcp',
      ports: '8443',
      source: { workload: 'supplier-net/kent/web', address: address('supplier-net/kent/web') },
      destination: { workload: 'supplier-net/kent/app', address: address('supplier-net/kent/app') },
    });
    expect(supplier.rules[1]).toMatchObject({ id: 'pcloud-default-deny', action: 'deny', source: 'any', destination: 'any' });
    expect(supplier.defaultAction).toBe('deny');
  });

  test('records what the vSphere provider cannot set, for the site operators', () => {
    const [supplier] = firewallManifests(build());
    expect(supplier.operatorControls.map((c) => c.rule)).toEqual(['PCR-13', 'PCR-09']);
    expect(supplier.note).toContain('no firewall resources');
  });

  test('rule ids are stable when other flows are added', () => {
    const before = firewallManifests(build())[0].rules[0].id;
    const { cloud, networks } = smallEstate('national');
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const db = new Workload(kent, 'db', { kind: 'database' });
    const web = new Workload(kent, 'web', { kind: 'vm', tier: 'presentation' });
    const app = new Workload(kent, 'app', { kind: 'vm' });
    db.allowFrom(app, 5432);
    app.allowFrom(web, 8443);
    const rules = firewallManifests(cloud.toModel())[0].rules;
    expect(rules.find((r) => r.ports === '8443')!.id).toBe(before);
  });
});
