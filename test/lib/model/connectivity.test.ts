import { Classification, Interconnect, PoliceCloud, SecureExchange, SharedService, Site, TenantEnclave, Workload, AccreditedNetwork } from '../../../index';
import { EstateView } from '../../../lib/model/view';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_PRIVATE, VSPHERE_SUPPLIER } from '../../fixtures/sites';
import { pcloudErrorOf } from '../../helpers';

const ISA = {
  reference: 'ISA-TEST-1',
  parties: ['Kent Police', 'Essex Police'],
  purpose: 'Custody records',
  legalGateway: 'DPA 2018 Part 3',
  reviewDate: '2027-06-30',
};
const ITHC = { reference: 'ITHC-TEST', date: '2026-06-01' };
const PSN = { name: 'PSN for Policing', kind: 'psn-policing' as const, gatewayAddress: '198.51.100.200', prefixes: ['172.20.0.0/14'] };

/** AWS, Azure and a supplier vSphere site with an edge, a network and two force enclaves on each, one VM per enclave. */
function estate() {
  const cloud = new PoliceCloud({ name: 'links' });
  const aws = Site.aws(cloud, 'aws-london', AWS_SITE);
  const azure = Site.azure(cloud, 'azure-uksouth', AZURE_SITE);
  const supplier = Site.vsphere(cloud, 'supplier-dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10' } });
  const force = Site.vsphere(cloud, 'force-dc', VSPHERE_PRIVATE);
  const net = (id: string, site: Site, cidr: string, ceiling = Classification.OFFICIAL_SENSITIVE) =>
    new AccreditedNetwork(cloud, id, { site, addressSpace: cidr, ceiling, accreditation: ACCREDITATION });
  const nets = { aws: net('aws-net', aws, '10.0.0.0/16'), azure: net('azure-net', azure, '10.20.0.0/16'), supplier: net('supplier-net', supplier, '10.40.0.0/16') };
  const enclave = (network: AccreditedNetwork, tenant: string, classification?: Classification) =>
    new TenantEnclave(network, tenant, { tenant, ...(classification ? { classification } : {}) });
  const vm = (e: TenantEnclave, id = 'app') => new Workload(e, id, { kind: 'vm' });
  const awsKent = enclave(nets.aws, 'kent');
  const awsEssex = enclave(nets.aws, 'essex', Classification.OFFICIAL);
  const azureMet = enclave(nets.azure, 'met');
  const supplierKent = enclave(nets.supplier, 'kent');
  const supplierEssex = enclave(nets.supplier, 'essex');
  return {
    cloud,
    sites: { aws, azure, supplier, force },
    nets,
    enclaves: { awsKent, awsEssex, azureMet, supplierKent, supplierEssex },
    vms: { awsKent: vm(awsKent), awsEssex: vm(awsEssex), azureMet: vm(azureMet), supplierKent: vm(supplierKent), supplierEssex: vm(supplierEssex) },
    awsKentDb: new Workload(awsKent, 'db', { kind: 'database' }),
  };
}

describe('SharedService', () => {
  test('records providers, consumers and ports in the model; a consumer on another site routes to the provider only', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-supplier', { sites: [e.sites.aws, e.sites.supplier], ithc: ITHC });
    new SharedService(e.cloud, 'messaging', { providers: [e.vms.awsKent], consumers: [e.enclaves.awsEssex, e.enclaves.supplierKent], ports: [5671, 5671] });
    const model = e.cloud.toModel();
    expect(model.sharedServices).toEqual([
      { path: 'messaging', id: 'messaging', enclave: 'aws-net/kent', providers: ['aws-net/kent/app'], consumers: ['aws-net/essex', 'supplier-net/kent'], ports: [{ protocol: 'tcp', fromPort: 5671, toPort: 5671 }] },
    ]);
    const view = new EstateView(model);
    const provider = view.workload('aws-net/kent/app');
    const zoneSubnet = view.enclave('aws-net/kent').tiers.find((t) => t.tier === 'application')!.zones[provider.zone];
    expect(view.remoteRoutes(view.enclave('supplier-net/kent'))).toEqual([{ prefix: zoneSubnet, interconnect: 'aws-supplier', for: ['messaging'] }]);
    expect(view.remoteRoutes(view.enclave('aws-net/kent'))).toEqual([{ prefix: view.enclave('supplier-net/kent').cidr, interconnect: 'aws-supplier', for: ['messaging'] }]);
    // The same-site consumer and the other consumer's enclave learn nothing.
    expect(view.remoteRoutes(view.enclave('aws-net/essex'))).toEqual([]);
    expect(view.remoteRoutes(view.enclave('supplier-net/essex'))).toEqual([]);
  });

  test('a consumer on another site without an interconnect is refused, naming both sites', () => {
    const e = estate();
    new SharedService(e.cloud, 'erp', { providers: [e.vms.awsKent], consumers: [e.enclaves.azureMet], ports: [443] });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('SHARED_SERVICE_NO_INTERCONNECT');
    expect(error.message).toContain('erp');
    expect(error.message).toContain('consumer azure-net/met is on site "azure-uksouth", the service on "aws-london", and no interconnect joins them');
    expect(error.message).toContain('never reached over the internet');
  });

  test('a consumer classified above the provider is refused', () => {
    const e = estate();
    new SharedService(e.cloud, 'erp', { providers: [e.vms.awsEssex], consumers: [e.enclaves.awsKent], ports: [443] });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('SHARED_SERVICE_BELOW_CONSUMER');
    expect(error.message).toContain('consumer aws-net/kent holds OFFICIAL-SENSITIVE data; the service\'s enclave aws-net/essex is OFFICIAL');
  });

  test.each([
    ['no providers', (e: ReturnType<typeof estate>) => ({ providers: [], consumers: [e.enclaves.awsEssex], ports: [443] }), 'SHARED_SERVICE_PROVIDERS_MISSING'],
    ['a database provider', (e: ReturnType<typeof estate>) => ({ providers: [e.awsKentDb], consumers: [e.enclaves.awsEssex], ports: [443] }), 'SHARED_SERVICE_PROVIDER_KIND'],
    ['providers in two enclaves', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent, e.vms.awsEssex], consumers: [e.enclaves.azureMet], ports: [443] }), 'SHARED_SERVICE_PROVIDERS_SPLIT'],
    ['the provider enclave as a consumer', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent], consumers: [e.enclaves.awsKent], ports: [443] }), 'SHARED_SERVICE_SELF_CONSUMER'],
    ['no consumers', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent], consumers: [], ports: [443] }), 'SHARED_SERVICE_CONSUMERS_MISSING'],
    ['a UDP port', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent], consumers: [e.enclaves.awsEssex], ports: [{ protocol: 'udp' as const, from: 53, to: 53 }] }), 'PORT_PROTOCOL_UNSUPPORTED'],
    ['no ports', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent], consumers: [e.enclaves.awsEssex], ports: [] }), 'PORTS_MISSING'],
    ['a consumer that is not an enclave', (e: ReturnType<typeof estate>) => ({ providers: [e.vms.awsKent], consumers: [e.vms.awsEssex as unknown as TenantEnclave], ports: [443] }), 'REFERENCE_INVALID'],
  ])('refuses %s when it is declared', (_, props, code) => {
    const e = estate();
    const error = pcloudErrorOf(() => new SharedService(e.cloud, 'svc', props(e)));
    expect(error.code).toBe(code);
    expect(error.path).toBe('svc');
  });
});

describe('SecureExchange', () => {
  const exchange = (e: ReturnType<typeof estate>, overrides: Record<string, unknown> = {}) =>
    new SecureExchange(e.cloud, 'custody', { isa: ISA, from: e.vms.supplierEssex, to: e.vms.awsKent, ports: [8443], ceiling: Classification.OFFICIAL_SENSITIVE, ...overrides });

  test('between two sites: crosses their interconnect; each end routes exactly the far end', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-supplier', { sites: [e.sites.aws, e.sites.supplier], ithc: ITHC });
    exchange(e);
    const model = e.cloud.toModel();
    expect(model.exchanges).toEqual([
      {
        path: 'custody',
        id: 'custody',
        isa: ISA,
        from: { kind: 'workload', workload: 'supplier-net/essex/app' },
        to: { kind: 'workload', workload: 'aws-net/kent/app' },
        ceiling: 'OFFICIAL-SENSITIVE',
        ports: [{ protocol: 'tcp', fromPort: 8443, toPort: 8443 }],
        mutualTls: true,
        via: ['aws-supplier'],
      },
    ]);
    const view = new EstateView(model);
    const essex = view.workload('supplier-net/essex/app');
    expect(view.remoteRoutes(view.enclave('aws-net/kent'))).toEqual([{ prefix: `${essex.address}/32`, interconnect: 'aws-supplier', for: ['custody'] }]);
    expect(view.remoteRoutes(view.enclave('supplier-net/essex'))).toEqual([{ prefix: view.workloadPrefix('aws-net/kent/app'), interconnect: 'aws-supplier', for: ['custody'] }]);
    expect(view.remoteRoutes(view.enclave('supplier-net/kent'))).toEqual([]);
  });

  test('to a partner through a community network: routes the partner prefixes via it', () => {
    const e = estate();
    const gcsx = new Interconnect(e.cloud, 'gcsx', {
      site: e.sites.supplier,
      community: { name: 'GCSx', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
      coco: { reference: 'COCO-1', expires: '2027-01-31' },
      ithc: ITHC,
    });
    exchange(e, { to: { partner: 'Kent County Council', prefixes: ['172.28.16.0/24'], via: gcsx } });
    const view = new EstateView(e.cloud.toModel());
    expect(view.model.exchanges[0].to).toEqual({ kind: 'partner', name: 'Kent County Council', prefixes: ['172.28.16.0/24'], interconnect: 'gcsx' });
    expect(view.remoteRoutes(view.enclave('supplier-net/essex'))).toEqual([{ prefix: '172.28.16.0/24', interconnect: 'gcsx', for: ['custody'] }]);
  });

  test('without an ISA reference it is refused with the rule that needs it', () => {
    const e = estate();
    const error = pcloudErrorOf(() => exchange(e, { isa: { ...ISA, reference: ' ' } }));
    expect(error.code).toBe('ISA_REFERENCE_MISSING');
    expect(error.message).toContain("the exchange's ISA has no reference");
    expect(error.message).toContain('rule PCR-26');
  });

  test('without any ISA it is refused', () => {
    const e = estate();
    expect(pcloudErrorOf(() => exchange(e, { isa: undefined })).code).toBe('ISA_MISSING');
  });

  test('a sender above the ceiling is refused', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-supplier', { sites: [e.sites.aws, e.sites.supplier], ithc: ITHC });
    exchange(e, { from: e.vms.awsKent, to: e.vms.supplierEssex, ceiling: Classification.OFFICIAL });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('EXCHANGE_ABOVE_CEILING');
    expect(error.message).toContain("sender aws-net/kent/app holds OFFICIAL-SENSITIVE data, above the exchange's ceiling OFFICIAL");
  });

  test('a ceiling above the receiving enclave is refused', () => {
    const e = estate();
    exchange(e, { from: e.vms.awsKent, to: e.vms.awsEssex });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('EXCHANGE_ABOVE_CEILING');
    expect(error.message).toContain('above the receiving enclave aws-net/essex (OFFICIAL)');
  });

  test('ends on two sites without an interconnect are refused', () => {
    const e = estate();
    exchange(e);
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('EXCHANGE_NO_INTERCONNECT');
    expect(error.message).toContain('no interconnect joins them');
  });

  test('ends in one enclave are refused: that is a flow', () => {
    const e = estate();
    exchange(e, { from: new Workload(e.enclaves.awsKent, 'web', { kind: 'vm' }), to: e.vms.awsKent });
    expect(pcloudErrorOf(() => e.cloud.toModel()).code).toBe('EXCHANGE_INSIDE_ENCLAVE');
  });

  test('a database end is refused', () => {
    const e = estate();
    exchange(e, { from: e.vms.awsEssex, to: e.awsKentDb, ceiling: Classification.OFFICIAL });
    expect(pcloudErrorOf(() => e.cloud.toModel()).code).toBe('EXCHANGE_ENDPOINT_KIND');
  });

  test('ends on two networks of one cloud site are refused (no peering)', () => {
    const e = estate();
    const other = new AccreditedNetwork(e.cloud, 'aws-net-2', { site: e.sites.aws, addressSpace: '10.1.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
    const vm = new Workload(new TenantEnclave(other, 'met', { tenant: 'met' }), 'app', { kind: 'vm' });
    exchange(e, { from: vm, to: e.vms.awsKent });
    expect(pcloudErrorOf(() => e.cloud.toModel()).code).toBe('EXCHANGE_NEEDS_PEERING');
  });

  test('a partner outside its community network\'s prefixes is refused', () => {
    const e = estate();
    const gcsx = new Interconnect(e.cloud, 'gcsx', { site: e.sites.supplier, community: { ...PSN, kind: 'gcsx' }, coco: { reference: 'C', expires: '2027-01-01' }, ithc: ITHC });
    exchange(e, { to: { partner: 'KCC', prefixes: ['172.30.0.0/24'], via: gcsx } });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('EXCHANGE_PARTNER_UNREACHABLE');
    expect(error.message).toContain('outside PSN for Policing\'s prefixes');
  });

  test.each([
    ['two partners', { from: { partner: 'A', prefixes: ['172.20.0.0/24'], via: undefined }, to: { partner: 'B', prefixes: ['172.20.1.0/24'], via: undefined } }, 'REFERENCE_INVALID'],
    ['a ceiling missing', { ceiling: undefined }, 'EXCHANGE_CEILING_MISSING'],
    ['a review date that is not a date', { isa: { ...ISA, reviewDate: '31/12/2027' } }, 'DATE_INVALID'],
    ['one party', { isa: { ...ISA, parties: ['Kent Police'] } }, 'ISA_PARTIES_INVALID'],
    ['an end that is neither a workload nor a partner', { to: 'aws-net/kent/app' }, 'EXCHANGE_ENDS_INVALID'],
  ])('refuses %s', (_, overrides, code) => {
    const e = estate();
    expect(pcloudErrorOf(() => exchange(e, overrides as Record<string, unknown>)).code).toBe(code);
  });
});

describe('Interconnect', () => {
  test('a vSphere end takes its address from the site edge; a cloud end of a cloud-to-cloud link needs the far address', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-supplier', { sites: [e.sites.aws, e.sites.supplier], ithc: ITHC });
    new Interconnect(e.cloud, 'aws-azure', { sites: [e.sites.aws, e.sites.azure], publicAddresses: { 'aws-london': '203.0.113.20', 'azure-uksouth': '203.0.113.40' } });
    const model = e.cloud.toModel();
    expect(model.interconnects.map((i) => i.ends)).toEqual([
      [{ site: 'aws-london' }, { site: 'supplier-dc', publicAddress: '198.51.100.10' }],
      [
        { site: 'aws-london', publicAddress: '203.0.113.20' },
        { site: 'azure-uksouth', publicAddress: '203.0.113.40' },
      ],
    ]);
    expect(model.interconnects[0].ipsec).toEqual({ ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20 });
  });

  test('between two clouds without the far address it is refused, saying which address and why', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-azure', { sites: [e.sites.aws, e.sites.azure], publicAddresses: { 'aws-london': '203.0.113.20' } });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('INTERCONNECT_ADDRESS_MISSING');
    expect(error.message).toContain('the gateway on "aws-london" needs the public address of the gateway on "azure-uksouth"');
  });

  test('a vSphere site without an edge cannot be an end', () => {
    const e = estate();
    new Interconnect(e.cloud, 'aws-force', { sites: [e.sites.aws, e.sites.force] });
    const error = pcloudErrorOf(() => e.cloud.toModel());
    expect(error.code).toBe('INTERCONNECT_EDGE_MISSING');
    expect(error.message).toContain('vSphere site "force-dc" records no edge');
  });

  test('a community prefix overlapping a network is refused', () => {
    const e = estate();
    new Interconnect(e.cloud, 'psn', { site: e.sites.aws, community: { ...PSN, prefixes: ['10.20.0.0/16'] }, coco: { reference: 'C', expires: '2027-01-01' }, ithc: ITHC });
    expect(pcloudErrorOf(() => e.cloud.toModel()).code).toBe('COMMUNITY_PREFIX_OVERLAPS');
  });

  test('two interconnects between the same sites are refused', () => {
    const e = estate();
    new Interconnect(e.cloud, 'a', { sites: [e.sites.aws, e.sites.supplier] });
    new Interconnect(e.cloud, 'b', { sites: [e.sites.supplier, e.sites.aws] });
    expect(pcloudErrorOf(() => e.cloud.toModel()).code).toBe('INTERCONNECT_DUPLICATE');
  });

  test.each([
    ['one site and no community network', (e: ReturnType<typeof estate>) => ({ sites: [e.sites.aws] as unknown as [Site, Site] }), 'INTERCONNECT_ENDS_INVALID'],
    ['a site twice', (e: ReturnType<typeof estate>) => ({ sites: [e.sites.aws, e.sites.aws] as [Site, Site] }), 'INTERCONNECT_ENDS_INVALID'],
    ['a community network with 0.0.0.0/0', (e: ReturnType<typeof estate>) => ({ site: e.sites.aws, community: { ...PSN, prefixes: ['0.0.0.0/0'] } }), 'PREFIX_TOO_WIDE'],
    ['a loopback gateway', (e: ReturnType<typeof estate>) => ({ site: e.sites.aws, community: { ...PSN, gatewayAddress: '127.0.0.1' } }), 'GATEWAY_ADDRESS_INVALID'],
    ['an unknown cipher', (e: ReturnType<typeof estate>) => ({ sites: [e.sites.aws, e.sites.supplier] as [Site, Site], ipsec: { cipher: 'rc4' as never } }), 'IPSEC_INVALID'],
    ['an address for a site that is not an end', (e: ReturnType<typeof estate>) => ({ sites: [e.sites.aws, e.sites.supplier] as [Site, Site], publicAddresses: { 'azure-uksouth': '203.0.113.4' } }), 'INTERCONNECT_ADDRESS_INVALID'],
    ['an unknown community kind', (e: ReturnType<typeof estate>) => ({ site: e.sites.aws, community: { ...PSN, kind: 'internet' as never } }), 'COMMUNITY_KIND_INVALID'],
  ])('refuses %s', (_, props, code) => {
    const e = estate();
    const error = pcloudErrorOf(() => new Interconnect(e.cloud, 'link', props(e)));
    expect(error.code).toBe(code);
    expect(error.path).toContain('link');
  });
});

describe('administrator groups', () => {
  const group = (extra: Record<string, unknown>) => [{ name: 'kent-admins', vetting: 'SC' as const, ...extra }];

  test('keep their Entra object id, Azure role and SSO group; the default role is enclave-operator', () => {
    const e = estate();
    const enclave = new TenantEnclave(e.nets.azure, 'essex', {
      tenant: 'essex',
      administrators: [
        { name: 'essex-ops', vetting: 'SC', entraObjectId: '5B0E8C44-1F3A-4D2E-9A7B-6C1D2E3F4A50' },
        { name: 'essex-audit', vetting: 'NPPV2', azureRole: 'Reader', ssoGroup: 'POLICE.LOCAL\\essex-audit' },
      ],
    });
    expect(enclave.intent.administrators).toEqual([
      { name: 'essex-ops', vetting: 'SC', mfa: true, entraObjectId: '5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50', azureRole: 'enclave-operator' },
      { name: 'essex-audit', vetting: 'NPPV2', mfa: true, azureRole: 'Reader', ssoGroup: 'POLICE.LOCAL\\essex-audit' },
    ]);
  });

  test('Owner is refused, saying why', () => {
    const e = estate();
    const error = pcloudErrorOf(() => new TenantEnclave(e.nets.azure, 'essex', { tenant: 'essex', administrators: group({ azureRole: 'Owner' }) }));
    expect(error.code).toBe('AZURE_ROLE_TOO_WIDE');
    expect(error.message).toContain('administrator group kent-admins asks for the Owner role, which can grant access to others and change policy (rule PCR-19)');
    expect(error.message).toContain("omit azureRole for pcloud's enclave-operator role");
  });

  test.each([
    [{ azureRole: 'User Access Administrator' }, 'AZURE_ROLE_TOO_WIDE'],
    [{ azureRole: 'Contributor' }, 'AZURE_ROLE_TOO_WIDE'],
    [{ azureRole: 'Storage Blob Data Owner' }, 'AZURE_ROLE_UNKNOWN'],
    [{ entraObjectId: 'kent-admins' }, 'ENTRA_OBJECT_ID_INVALID'],
    [{ ssoGroup: 'kent-admins' }, 'SSO_GROUP_INVALID'],
  ])('%j is refused', (extra, code) => {
    const e = estate();
    expect(pcloudErrorOf(() => new TenantEnclave(e.nets.azure, 'essex', { tenant: 'essex', administrators: group(extra) })).code).toBe(code);
  });
});
