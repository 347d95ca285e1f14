import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../index';
import { Cidr } from '../../lib/cidr';
import { pcloudErrorOf } from '../helpers';
import { smallEstate } from '../fixtures/estate';
import { ACCREDITATION, VSPHERE_SUPPLIER } from '../fixtures/sites';

describe('PoliceCloud.toModel', () => {
  test('freezes sites, networks, enclaves, workloads and flows, keyed by construct path', () => {
    const { cloud, networks } = smallEstate();
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const app = new Workload(kent, 'app', { kind: 'vm' });
    const db = new Workload(kent, 'db', { kind: 'database' });
    db.allowFrom(app, 5432).allowFrom(app, 5432);
    const model = cloud.toModel();
    expect(model.schemaVersion).toBe(2);
    expect(model.sites.map((s) => s.id)).toEqual(['aws-london', 'azure-uksouth', 'supplier-dc', 'force-dc']);
    expect(model.networks.map((n) => n.path)).toEqual(['aws-net', 'azure-net', 'supplier-net', 'secret-net']);
    expect(model.enclaves.map((e) => e.path)).toEqual(['supplier-net/kent']);
    expect(model.workloads.map((w) => w.path)).toEqual(['supplier-net/kent/app', 'supplier-net/kent/db']);
    expect(model.flows).toEqual([{ from: 'supplier-net/kent/app', to: 'supplier-net/kent/db', protocol: 'tcp', fromPort: 5432, toPort: 5432 }]);
    expect(Object.isFrozen(model.workloads[0])).toBe(true);
  });

  test('defaults: enclaves take the network ceiling, workloads their enclave classification and tier by kind', () => {
    const { cloud, networks } = smallEstate();
    const kent = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    new Workload(kent, 'app', { kind: 'vm' });
    new Workload(kent, 'db', { kind: 'database' });
    new Workload(kent, 'docs', { kind: 'objectStore' });
    const model = cloud.toModel();
    expect(model.enclaves[0].classification).toBe('OFFICIAL-SENSITIVE');
    expect(model.workloads.map((w) => [w.tier, w.classification, w.size, w.image ?? '-', w.diskGiB ?? '-'])).toEqual([
      ['application', 'OFFICIAL-SENSITIVE', 'small', 'ubuntu-24.04', 64],
      ['data', 'OFFICIAL-SENSITIVE', 'small', '-', 100],
      ['data', 'OFFICIAL-SENSITIVE', 'small', '-', '-'],
    ]);
    expect(model.workloads[1].database).toEqual({ engine: 'postgres', version: '16', port: 5432 });
  });

  test('lays out four tiers per enclave, each split over two zones, and keeps the services block free', () => {
    const { cloud, networks } = smallEstate();
    new TenantEnclave(networks.aws, 'kent', { tenant: 'kent', addressSpace: '10.0.4.0/22' });
    const [enclave] = cloud.toModel().enclaves;
    expect(enclave.tiers.map((t) => [t.tier, t.cidr, ...t.zones, t.gateway])).toEqual([
      ['presentation', '10.0.4.0/24', '10.0.4.0/25', '10.0.4.128/25', '10.0.4.1'],
      ['application', '10.0.5.0/24', '10.0.5.0/25', '10.0.5.128/25', '10.0.5.1'],
      ['data', '10.0.6.0/24', '10.0.6.0/25', '10.0.6.128/25', '10.0.6.1'],
      ['management', '10.0.7.0/24', '10.0.7.0/25', '10.0.7.128/25', '10.0.7.1'],
    ]);
    expect(cloud.toModel().networks[0].servicesCidr).toBe('10.0.255.0/24');
  });

  test('allocates address spaces inside the network, apart from each other and from the services block', () => {
    const { cloud, networks } = smallEstate();
    for (const code of ['kent', 'essex', 'surrey', 'sussex', 'met', 'gmp']) new TenantEnclave(networks.aws, code, { tenant: code });
    const model = cloud.toModel();
    const blocks = model.enclaves.map((e) => Cidr.parse(e.cidr, { path: e.path, field: 'cidr' }));
    const network = Cidr.parse('10.0.0.0/16', { path: '', field: '' });
    const services = Cidr.parse('10.0.255.0/24', { path: '', field: '' });
    for (const [i, b] of blocks.entries()) {
      expect(b.prefix).toBe(22);
      expect(network.contains(b)).toBe(true);
      expect(b.overlaps(services)).toBe(false);
      for (const other of blocks.slice(0, i)) expect(b.overlaps(other)).toBe(false);
    }
    expect(model.enclaves.every((e) => e.allocated)).toBe(true);
  });

  test('an allocated address space does not move when other enclaves are added or reordered', () => {
    const build = (order: string[]) => {
      const { cloud, networks } = smallEstate();
      for (const code of order) new TenantEnclave(networks.aws, code, { tenant: code });
      return new Map(cloud.toModel().enclaves.map((e) => [e.path, e.cidr]));
    };
    const before = build(['kent', 'essex', 'surrey']);
    const after = build(['surrey', 'kent', 'essex', 'met', 'gmp']);
    for (const [path, cidr] of before) expect(after.get(path)).toBe(cidr);
  });

  test('fails when automatic allocation runs out of address space', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const site = Site.aws(cloud, 'aws', { account: '111122223333' });
    const net = new AccreditedNetwork(cloud, 'tiny', { site, addressSpace: '10.0.0.0/22', accreditation: ACCREDITATION });
    for (const code of ['kent', 'essex', 'surrey', 'sussex']) new TenantEnclave(net, code, { tenant: code });
    const error = pcloudErrorOf(() => cloud.toModel());
    expect(error.code).toBe('ADDRESS_SPACE_EXHAUSTED');
    expect(error.path).toMatch(/^tiny\//);
    expect(error.fix).toContain('larger address space');
  });

  test('allocates a distinct VLAN to every port group of a vSphere site, inside its range, never 1 or 4095', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const dc = Site.vsphere(cloud, 'dc', { ...VSPHERE_SUPPLIER, vlanRange: { min: 2, max: 4094 } });
    const a = new AccreditedNetwork(cloud, 'net-a', { site: dc, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION });
    const b = new AccreditedNetwork(cloud, 'net-b', { site: dc, addressSpace: '10.1.0.0/16', accreditation: ACCREDITATION });
    for (const code of ['kent', 'essex', 'surrey']) new TenantEnclave(a, code, { tenant: code });
    new TenantEnclave(b, 'kent', { tenant: 'kent', vlans: { data: 3000 } });
    const vlans = cloud.toModel().enclaves.flatMap((e) => e.tiers.map((t) => t.vlan!));
    expect(vlans).toHaveLength(16);
    expect(new Set(vlans).size).toBe(16);
    expect(vlans).toContain(3000);
    for (const v of vlans) expect(v >= 2 && v <= 4094).toBe(true);
  });

  test('fails when a site runs out of VLANs', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const dc = Site.vsphere(cloud, 'dc', { ...VSPHERE_SUPPLIER, vlanRange: { min: 100, max: 105 } });
    const net = new AccreditedNetwork(cloud, 'net', { site: dc, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION });
    new TenantEnclave(net, 'kent', { tenant: 'kent' });
    new TenantEnclave(net, 'essex', { tenant: 'essex' });
    const error = pcloudErrorOf(() => cloud.toModel());
    expect(error).toMatchObject({ code: 'VLAN_EXHAUSTED' });
    expect(error.fix).toContain('vlanRange');
  });

  test('gives vSphere workloads static host addresses in their tier, skipping the gateway', () => {
    const { cloud, networks } = smallEstate();
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent', addressSpace: '10.40.0.0/22' });
    new Workload(kent, 'app', { kind: 'vm' });
    new Workload(kent, 'app2', { kind: 'vm', address: '10.40.1.10' });
    const model = cloud.toModel();
    const [app, app2] = model.workloads;
    expect(app2.address).toBe('10.40.1.10');
    const tier = Cidr.parse('10.40.1.0/24', { path: '', field: '' });
    const offset = Cidr.parse(`${app.address}/32`, { path: '', field: '' }).network - tier.network;
    expect(offset >= 2 && offset <= 254).toBe(true);
    expect(app.address).not.toBe('10.40.1.10');
  });

  test('fails when the estate has no networks', () => {
    const cloud = new PoliceCloud({ name: 'empty' });
    expect(pcloudErrorOf(() => cloud.toModel())).toMatchObject({ code: 'ESTATE_EMPTY', path: 'empty' });
  });

  test('the model is JSON and the same definition gives the same JSON', () => {
    const json = () => {
      const { cloud, networks } = smallEstate();
      const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
      new Workload(kent, 'app', { kind: 'vm', classification: Classification.OFFICIAL });
      return JSON.stringify(cloud.toModel());
    };
    expect(json()).toBe(json());
    expect(JSON.parse(json()).workloads[0].classification).toBe('OFFICIAL');
  });
});
