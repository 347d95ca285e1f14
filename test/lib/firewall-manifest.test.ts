import {
  AccreditedNetwork,
  Classification,
  Interconnect,
  PoliceCloud,
  Port,
  SecureExchange,
  SharedService,
  Site,
  TenantEnclave,
  Workload,
  type EstateModel,
  type ExchangeModel,
} from '../../index';
import national from '../../examples/national-pcloud';
import {
  FIREWALL_MANIFEST_VERSION,
  firewallManifests,
  type FirewallEndpoint,
  type FirewallManifest,
  type FirewallPrefixEndpoint,
  type FirewallRule,
} from '../../lib/firewall-manifest';
import { EstateView } from '../../lib/model/view';
import { smallEstate } from '../fixtures/estate';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../fixtures/sites';

type Endpoint = FirewallRule['source'];

/** The enclave an endpoint is in: a workload's, or the enclave a prefix belongs to (none for a partner). */
function enclaveOf(e: Endpoint): string | undefined {
  if (e === 'any') return undefined;
  return 'workload' in e ? e.workload.split('/').slice(0, 2).join('/') : e.enclave;
}

const workloadAt = (e: Endpoint) => e as FirewallEndpoint;
const prefixAt = (e: Endpoint) => e as FirewallPrefixEndpoint;

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
    expect(supplier.schemaVersion).toBe(2);
    expect(FIREWALL_MANIFEST_VERSION).toBe(2);
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
    expect(supplier.interconnects).toEqual([]);
  });

  test('records what the vSphere provider cannot set, for the site operators', () => {
    const [supplier] = firewallManifests(build());
    // No interconnect and no exchange on the site: no IPsec edge or mutual TLS to configure.
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

describe('the national example: exchanges, shared services and interconnects of supplier-dc', () => {
  // GIVEN the national example: kent and essex at supplier-dc consume messaging and ERP from AWS;
  // essex sends custody records to BTP on AWS; kent sends safeguarding referrals to Kent County Council over GCSx.
  const model = national.toModel();
  const view = new EstateView(model);
  const [supplier, gmp] = firewallManifests(model);
  const at = (path: string) => `${view.workload(path).address}/32`;
  const cidr = (enclave: string) => view.enclave(enclave).cidr;

  test('manifests of both vSphere sites, in schema version 2', () => {
    expect([supplier.site, gmp.site]).toEqual(['supplier-dc', 'gmp-estate']);
    expect(supplier.schemaVersion).toBe(2);
  });

  test('an allow rule for each exchange with an end on the site, between the /32 of its end and the far prefix', () => {
    // WHEN
    const rules = supplier.rules.filter((r) => r.exchange);
    // THEN
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual({
      id: expect.stringMatching(/^pcloud-[0-9a-z]{10}$/),
      action: 'allow',
      protocol: 'tcp',
      ports: '8443',
      source: { workload: 'supplier-dc1/essex/records-app', address: at('supplier-dc1/essex/records-app'), portGroup: 'pg-national-supplier-dc1-essex-application', vlan: expect.any(Number) },
      destination: {
        prefix: view.workloadPrefix('national-services/btp/api'),
        description: 'workload national-services/btp/api on site aws-london',
        enclave: 'national-services/btp',
        interconnect: 'aws-supplier-dc1',
      },
      reason: 'secure exchange essex-btp-custody under ISA ISA-ESX-BTP-2026-03 through aws-supplier-dc1',
      // Essex sends from this site: its disclosures go to the site's audit syslog.
      exchange: { path: 'essex-btp-custody', isa: 'ISA-ESX-BTP-2026-03', records: { enclave: 'supplier-dc1/essex', kind: 'disclosures', auditSyslog: 'syslog.nmc.police.example:6514' } },
    });
    expect(rules[1]).toMatchObject({
      protocol: 'tcp',
      ports: '443',
      source: { workload: 'supplier-dc1/kent/records-app', address: at('supplier-dc1/kent/records-app') },
      destination: { prefix: '172.28.16.0/24', description: 'partner Kent County Council', interconnect: 'kent-gcsx' },
      exchange: { path: 'kent-kcc-safeguarding', isa: 'ISA-KENT-KCC-2026-04' },
    });
    expect(rules[1].reason).toContain('kent-kcc-safeguarding');
    expect(rules[1].reason).toContain('ISA-KENT-KCC-2026-04');
    expect(prefixAt(rules[1].destination).enclave).toBeUndefined();
  });

  test('an allow rule from each consumer enclave on the site to each provider of a service on AWS, on its ports', () => {
    // WHEN
    const rules = supplier.rules.filter((r) => r.sharedService);
    // THEN
    const provider = (service: string, workload: string) => ({
      prefix: view.workloadPrefix(`national-services/shared-services/${workload}`),
      description: `workload national-services/shared-services/${workload} on site aws-london, provider of ${service}`,
      enclave: 'national-services/shared-services',
      interconnect: 'aws-supplier-dc1',
    });
    const consumer = (service: string, force: string) => ({ prefix: cidr(`supplier-dc1/${force}`), description: `enclave supplier-dc1/${force}, consumer of ${service}`, enclave: `supplier-dc1/${force}` });
    expect(rules.map((r) => [r.sharedService, r.protocol, r.ports, r.source, r.destination])).toEqual([
      ['messaging', 'tcp', '5671', consumer('messaging', 'kent'), provider('messaging', 'messaging-gateway')],
      ['messaging', 'tcp', '5671', consumer('messaging', 'essex'), provider('messaging', 'messaging-gateway')],
      ['erp', 'tcp', '443', consumer('erp', 'kent'), provider('erp', 'erp-app')],
      ['erp', 'tcp', '443', consumer('erp', 'essex'), provider('erp', 'erp-app')],
    ]);
    // The consumers' ranges are on this site: no interconnect on the source.
    for (const r of rules) expect(prefixAt(r.source).interconnect).toBeUndefined();
  });

  test('exactly the flows, exchanges and services, then the default deny last', () => {
    const flows = supplier.rules.filter((r) => r.reason.startsWith('declared flow'));
    expect(flows).toHaveLength(model.flows.filter((f) => f.to.startsWith('supplier-dc1/')).length);
    expect(supplier.rules).toHaveLength(flows.length + 2 + 4 + 1);
    expect(supplier.rules.at(-1)).toMatchObject({ id: 'pcloud-default-deny', action: 'deny' });
    expect(new Set(supplier.rules.map((r) => r.id)).size).toBe(supplier.rules.length);
  });

  test("no rule uses 'any' other than the default deny, and nothing is open to 0.0.0.0/0", () => {
    const wide = supplier.rules.filter((r) => r.id !== 'pcloud-default-deny' && (r.source === 'any' || r.destination === 'any' || r.protocol === 'any' || r.ports === 'any'));
    expect(wide).toEqual([]);
    for (const m of [supplier, gmp]) expect(JSON.stringify(m)).not.toContain('0.0.0.0/0');
  });

  test('no rule between kent and essex, and none from a provider or partner back into the site', () => {
    const crossing = supplier.rules.filter((r) => {
      const ends = [enclaveOf(r.source), enclaveOf(r.destination)];
      return ends.includes('supplier-dc1/kent') && ends.includes('supplier-dc1/essex');
    });
    expect(crossing).toEqual([]);
    // Everything that crosses the site's edge starts inside the site.
    for (const r of supplier.rules.filter((r) => r.action === 'allow')) {
      expect(r.source !== 'any' && 'prefix' in r.source && r.source.interconnect !== undefined).toBe(false);
    }
  });

  test('the IPsec edge of each interconnect with an end on the site', () => {
    // WHEN
    const [aws, gcsx] = supplier.interconnects;
    // THEN
    expect(supplier.interconnects.map((i) => i.interconnect)).toEqual(['aws-supplier-dc1', 'kent-gcsx']);
    expect(aws).toMatchObject({
      description: 'National services to the supplier data centre',
      localEdge: { publicAddress: '198.51.100.10', device: 'supplier DC1 edge firewall pair' },
      farEnd: { site: 'aws-london', platform: 'aws' },
      ipsec: { ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20, pfsGroup: 20 },
      ithc: { reference: 'ITHC-2026-PDS-031', date: '2026-06-15' },
      localPrefixes: [cidr('supplier-dc1/essex'), at('supplier-dc1/essex/records-app'), cidr('supplier-dc1/kent')],
    });
    // AWS assigns its tunnel addresses at deployment: the manifest says so and where to read them.
    expect(aws.farEnd.publicAddress).toBeUndefined();
    expect(aws.farEnd.assignedAtDeployment).toMatch(/^AWS assigns the outside addresses of the VPN connection's two tunnels .*describe-vpn-connections/);
    expect(aws.coco).toBeUndefined();
    expect(gcsx).toMatchObject({
      localEdge: { publicAddress: '198.51.100.10' },
      farEnd: { community: { name: 'Kent Public Services Network (GCSx)', kind: 'gcsx' }, publicAddress: '198.51.100.210' },
      coco: { reference: 'KPSN-CoCo-2026-017', expires: '2027-02-28' },
      ithc: { reference: 'ITHC-2026-SUP-009', date: '2026-03-02' },
      localPrefixes: [at('supplier-dc1/kent/records-app')],
      remotePrefixes: ['172.28.16.0/24'],
    });
    expect(gcsx.farEnd.assignedAtDeployment).toBeUndefined();
  });

  test("routes exactly the remote prefixes the site's enclaves need, each segment only what it uses", () => {
    for (const link of supplier.interconnects) {
      // THEN the tunnel carries exactly the enclaves' remote routes through it
      const expected = model.enclaves
        .filter((e) => e.network === 'supplier-dc1')
        .flatMap((e) => view.remoteRoutes(e))
        .filter((r) => r.interconnect === link.interconnect)
        .map((r) => r.prefix);
      expect([...link.remotePrefixes].sort()).toEqual([...new Set(expected)].sort());
      // and the segments route nothing else
      for (const s of link.segments) for (const r of s.routes) expect(link.remotePrefixes).toContain(r.prefix);
    }
    const [aws, gcsx] = supplier.interconnects;
    expect(aws.remotePrefixes).toEqual(['10.0.65.0/25', '10.0.152.128/25', '10.0.153.0/25']);
    // Every segment of kent and essex reaches the services (the rules admit their whole ranges) ...
    expect(aws.segments).toHaveLength(8);
    const routes = (link: typeof aws, portGroup: string) => link.segments.find((s) => s.portGroup === portGroup)?.routes;
    expect(routes(aws, 'pg-national-supplier-dc1-kent-presentation')).toEqual([
      { prefix: '10.0.152.128/25', for: ['messaging'] },
      { prefix: '10.0.153.0/25', for: ['erp'] },
    ]);
    // ... but only the segment of essex's records-app routes to BTP, and only kent's application segment to the partner.
    expect(routes(aws, 'pg-national-supplier-dc1-essex-application')).toContainEqual({ prefix: '10.0.65.0/25', for: ['essex-btp-custody'] });
    expect(aws.segments.filter((s) => s.routes.some((r) => r.prefix === '10.0.65.0/25')).map((s) => s.portGroup)).toEqual(['pg-national-supplier-dc1-essex-application']);
    expect(gcsx.segments).toEqual([
      {
        portGroup: 'pg-national-supplier-dc1-kent-application',
        vlan: view.enclave('supplier-dc1/kent').tiers.find((t) => t.tier === 'application')!.vlan,
        cidr: view.enclave('supplier-dc1/kent').tiers.find((t) => t.tier === 'application')!.cidr,
        enclave: 'supplier-dc1/kent',
        routes: [{ prefix: '172.28.16.0/24', for: ['kent-kcc-safeguarding'] }],
      },
    ]);
  });

  test('asks the operators for the IPsec edge and mutual TLS where the site has interconnects and exchanges', () => {
    expect(supplier.operatorControls.map((c) => c.rule)).toEqual(['PCR-13', 'PCR-09', 'PCR-10', 'PCR-27', 'PCR-27']);
    const [tls, records] = supplier.operatorControls.filter((c) => c.rule === 'PCR-27');
    expect(tls.requirement).toContain('mutual TLS');
    expect(tls.requirement).not.toContain('Declared without mutual TLS');
    // Both exchanges send from this site: the gateways log their disclosures to the audit syslog.
    expect(records.control).toBe('Records of secure exchanges');
    expect(records.requirement).toContain('essex-btp-custody (disclosures, supplier-dc1/essex, syslog.nmc.police.example:6514)');
    expect(records.requirement).toContain('kent-kcc-safeguarding (disclosures, supplier-dc1/kent, syslog.nmc.police.example:6514)');
    expect(supplier.note).toContain('no VPN resources');
    // GMP's estate has neither.
    expect(gmp.interconnects).toEqual([]);
    expect(gmp.operatorControls.map((c) => c.rule)).toEqual(['PCR-13', 'PCR-09']);
    expect(gmp.rules.filter((r) => r.exchange || r.sharedService)).toEqual([]);
  });

  test('ids stay when an unrelated exchange is added or another is removed', () => {
    // GIVEN
    const extra: ExchangeModel = {
      path: 'kent-essex-referrals',
      id: 'kent-essex-referrals',
      isa: { reference: 'ISA-KENT-ESX-2026-01', parties: ['Kent Police', 'Essex Police'], purpose: 'Joint referrals', legalGateway: 'DPA 2018 Part 3', reviewDate: '2027-12-31' },
      from: { kind: 'workload', workload: 'supplier-dc1/kent/records-app' },
      to: { kind: 'workload', workload: 'supplier-dc1/essex/records-app' },
      ceiling: 'OFFICIAL-SENSITIVE',
      ports: [{ protocol: 'tcp', fromPort: 9443, toPort: 9443 }],
      mutualTls: false,
      via: [],
    };
    const byId = (m: FirewallManifest) => new Map(m.rules.map((r) => [r.id, r]));
    const before = byId(supplier);
    // WHEN
    const [added] = firewallManifests({ ...model, exchanges: [...model.exchanges, extra] });
    const [removed] = firewallManifests({ ...model, exchanges: model.exchanges.filter((x) => x.path !== 'essex-btp-custody') });
    // THEN every other rule keeps its id and content
    const after = byId(added);
    for (const [id, rule] of before) expect(after.get(id)).toEqual(rule);
    const fresh = added.rules.filter((r) => !before.has(r.id));
    expect(fresh).toHaveLength(1);
    // Both ends on the site: a rule between the two /32s.
    expect(fresh[0]).toMatchObject({
      ports: '9443',
      source: { workload: 'supplier-dc1/kent/records-app', address: at('supplier-dc1/kent/records-app') },
      destination: { workload: 'supplier-dc1/essex/records-app', address: at('supplier-dc1/essex/records-app') },
      exchange: { path: 'kent-essex-referrals', isa: 'ISA-KENT-ESX-2026-01' },
    });
    expect(added.operatorControls.find((c) => c.rule === 'PCR-27')!.requirement).toContain('Declared without mutual TLS, against rule PCR-27: kent-essex-referrals.');
    const kept = byId(removed);
    for (const [id, rule] of kept) expect(before.get(id)).toEqual(rule);
    expect([...before.keys()].filter((id) => !kept.has(id)).map((id) => before.get(id)!.exchange?.path)).toEqual(['essex-btp-custody']);
  });
});

describe('a shared service provided on a vSphere site', () => {
  // GIVEN records-api on the supplier data centre, offered to kent (same site), btp (AWS) and met
  // (Azure), and an exchange from btp's web into it.
  function build(): EstateModel {
    const cloud = new PoliceCloud({ name: 'test' });
    const aws = Site.aws(cloud, 'aws-london', AWS_SITE);
    const azure = Site.azure(cloud, 'azure-uksouth', AZURE_SITE);
    const dc = Site.vsphere(cloud, 'supplier-dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10', device: 'edge pair' } });
    const ceiling = Classification.OFFICIAL_SENSITIVE;
    const awsNet = new AccreditedNetwork(cloud, 'aws-net', { site: aws, addressSpace: '10.0.0.0/16', ceiling, accreditation: ACCREDITATION });
    const azureNet = new AccreditedNetwork(cloud, 'azure-net', { site: azure, addressSpace: '10.20.0.0/16', ceiling, accreditation: ACCREDITATION });
    const dcNet = new AccreditedNetwork(cloud, 'dc-net', { site: dc, addressSpace: '10.40.0.0/16', ceiling, accreditation: ACCREDITATION });
    const pds = new TenantEnclave(dcNet, 'records', { tenant: 'pds' });
    const api = new Workload(pds, 'api', { kind: 'vm' });
    const kent = new TenantEnclave(dcNet, 'kent', { tenant: 'kent' });
    new Workload(kent, 'app', { kind: 'vm' });
    const btp = new TenantEnclave(awsNet, 'btp', { tenant: 'btp' });
    const btpWeb = new Workload(btp, 'web', { kind: 'vm', tier: 'presentation' });
    const met = new TenantEnclave(azureNet, 'met', { tenant: 'met' });
    const ithc = { reference: 'ITHC-TEST', date: '2026-03-01' };
    new Interconnect(cloud, 'aws-dc', { sites: [aws, dc], ithc });
    new Interconnect(cloud, 'azure-dc', { sites: [azure, dc], ithc });
    new SharedService(cloud, 'case-records', { providers: [api], consumers: [kent, btp, met], ports: [Port.tcpRange(8000, 8001)] });
    new SecureExchange(cloud, 'btp-records', {
      isa: { reference: 'ISA-BTP-PDS-1', parties: ['British Transport Police', 'Police Digital Service'], purpose: 'Records', legalGateway: 'DPA 2018 Part 3', reviewDate: '2027-12-31' },
      from: btpWeb,
      to: api,
      ports: [8443],
      ceiling,
    });
    return cloud.toModel();
  }
  const model = build();
  const view = new EstateView(model);
  const [dc] = firewallManifests(model);
  const api = 'dc-net/records/api';

  test("allows each consumer enclave's range to each provider's /32 on the service's ports, through its interconnect when remote", () => {
    // WHEN
    const rules = dc.rules.filter((r) => r.sharedService === 'case-records');
    // THEN
    expect(rules.map((r) => [r.protocol, r.ports, prefixAt(r.source).prefix, prefixAt(r.source).enclave, prefixAt(r.source).interconnect, workloadAt(r.destination).workload])).toEqual([
      ['tcp', '8000-8001', view.enclave('dc-net/kent').cidr, 'dc-net/kent', undefined, api],
      ['tcp', '8000-8001', view.enclave('aws-net/btp').cidr, 'aws-net/btp', 'aws-dc', api],
      ['tcp', '8000-8001', view.enclave('azure-net/met').cidr, 'azure-net/met', 'azure-dc', api],
    ]);
    for (const r of rules) expect(workloadAt(r.destination).address).toBe(`${view.workload(api).address}/32`);
  });

  test('the provider reaches no consumer, and no consumer reaches another', () => {
    const fromProvider = dc.rules.filter((r) => r.source !== 'any' && 'workload' in r.source && r.source.workload === api);
    expect(fromProvider).toEqual([]);
    const consumers = ['dc-net/kent', 'aws-net/btp', 'azure-net/met'];
    const between = dc.rules.filter((r) => consumers.includes(enclaveOf(r.source)!) && consumers.includes(enclaveOf(r.destination)!));
    expect(between).toEqual([]);
  });

  test('an exchange into the site allows the far prefix to the receiving /32', () => {
    const [rule] = dc.rules.filter((r) => r.exchange?.path === 'btp-records');
    expect(rule).toMatchObject({
      ports: '8443',
      source: { prefix: view.workloadPrefix('aws-net/btp/web'), enclave: 'aws-net/btp', interconnect: 'aws-dc' },
      destination: { workload: api },
    });
  });

  test("the interconnects expose the provider and route back only to the consumers, from the provider's segment", () => {
    const [aws, azure] = dc.interconnects;
    expect(aws).toMatchObject({
      interconnect: 'aws-dc',
      localPrefixes: [`${view.workload(api).address}/32`],
      remotePrefixes: [view.workloadPrefix('aws-net/btp/web'), view.enclave('aws-net/btp').cidr].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    });
    expect(aws.segments.map((s) => s.portGroup)).toEqual(['pg-test-dc-net-records-application']);
    expect(azure).toMatchObject({ interconnect: 'azure-dc', remotePrefixes: [view.enclave('azure-net/met').cidr] });
    // Azure assigns its gateway's address at deployment.
    expect(azure.farEnd).toEqual({ site: 'azure-uksouth', platform: 'azure', assignedAtDeployment: expect.stringMatching(/^Azure assigns the public address of the VPN gateway/) });
    // kent is on the site: it needs no route.
    expect(dc.interconnects.flatMap((i) => i.segments).some((s) => s.enclave === 'dc-net/kent')).toBe(false);
  });
});
