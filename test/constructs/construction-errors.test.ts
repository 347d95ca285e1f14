import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../index';
import { pcloudErrorOf } from '../helpers';
import { smallEstate } from '../fixtures/estate';
import { ACCREDITATION, AWS_SITE } from '../fixtures/sites';

// One test per construction error: each names the construct path, the value given, what was
// expected and how to fix it, and leaves no half-built construct in the tree.

describe('construction errors', () => {
  test('fails when a network address space is malformed', () => {
    const { cloud, sites } = smallEstate();
    const error = pcloudErrorOf(() => new AccreditedNetwork(cloud, 'bad', { site: sites.aws, addressSpace: '10.0.0/16', accreditation: ACCREDITATION }));
    expect(error).toMatchObject({ code: 'CIDR_MALFORMED', path: 'bad', given: '"10.0.0/16"' });
    expect(error.expected).toContain('four decimal octets');
    expect(cloud.node.tryFindChild('bad')).toBeUndefined();
  });

  test('fails when a network address space is not private', () => {
    const { cloud, sites } = smallEstate();
    const error = pcloudErrorOf(() => new AccreditedNetwork(cloud, 'public', { site: sites.aws, addressSpace: '51.140.0.0/16', accreditation: ACCREDITATION }));
    expect(error).toMatchObject({ code: 'CIDR_NOT_PRIVATE', path: 'public', given: '"51.140.0.0/16"' });
    expect(error.expected).toContain('RFC 1918');
  });

  test('fails when an enclave lies outside its network', () => {
    const { networks } = smallEstate();
    const error = pcloudErrorOf(() => new TenantEnclave(networks.aws, 'kent', { tenant: 'kent', addressSpace: '10.50.0.0/22' }));
    expect(error).toMatchObject({ code: 'ENCLAVE_OUTSIDE_NETWORK', path: 'aws-net/kent', given: '"10.50.0.0/22"' });
    expect(error.expected).toContain('10.0.0.0/16');
    expect(error.fix).toContain('omit addressSpace');
  });

  test('fails when two enclaves overlap', () => {
    const { networks } = smallEstate();
    new TenantEnclave(networks.aws, 'kent', { tenant: 'kent', addressSpace: '10.0.0.0/22' });
    const error = pcloudErrorOf(() => new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', addressSpace: '10.0.2.0/24' }));
    expect(error).toMatchObject({ code: 'ENCLAVES_OVERLAP', path: 'aws-net/essex', given: '10.0.2.0/24' });
    expect(error.problem).toContain('aws-net/kent');
  });

  test('fails when an id is used twice in one scope, ignoring case', () => {
    const { networks } = smallEstate();
    new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    const error = pcloudErrorOf(() => new TenantEnclave(networks.aws, 'kent', { tenant: 'essex' }));
    expect(error).toMatchObject({ code: 'DUPLICATE_ID', path: 'aws-net/kent', given: '"kent"' });
  });

  test('fails when an id is not kebab-case, suggesting one', () => {
    const { networks } = smallEstate();
    const error = pcloudErrorOf(() => new TenantEnclave(networks.aws, 'KentPolice', { tenant: 'kent' }));
    expect(error).toMatchObject({ code: 'ID_INVALID', path: 'aws-net/KentPolice' });
    expect(error.fix).toBe('use "kent-police"');
  });

  test('fails when an enclave is classified above its network ceiling', () => {
    const { networks } = smallEstate();
    const error = pcloudErrorOf(() => new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent', classification: Classification.SECRET }));
    // A PASF supplier site may not hold SECRET at all: that is refused before the ceiling.
    expect(error.code).toBe('SECRET_NEEDS_ACCREDITED_PRIVATE');
    const ceiling = smallEstate();
    const official = new AccreditedNetwork(ceiling.cloud, 'official-net', { site: ceiling.sites.aws, addressSpace: '10.100.0.0/16', accreditation: ACCREDITATION });
    const above = pcloudErrorOf(() => new TenantEnclave(official, 'kent', { tenant: 'kent', classification: Classification.OFFICIAL_SENSITIVE }));
    expect(above).toMatchObject({ code: 'CLASSIFICATION_ABOVE_CEILING', path: 'official-net/kent', given: 'OFFICIAL-SENSITIVE' });
    expect(above.expected).toContain('OFFICIAL');
  });

  test('fails when a workload is classified above its enclave', () => {
    const { networks } = smallEstate();
    const enclave = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent', classification: Classification.OFFICIAL });
    const error = pcloudErrorOf(() => new Workload(enclave, 'db', { kind: 'database', classification: Classification.OFFICIAL_SENSITIVE }));
    expect(error).toMatchObject({ code: 'CLASSIFICATION_ABOVE_CEILING', path: 'aws-net/kent/db', given: 'OFFICIAL-SENSITIVE' });
  });

  test('fails when a vSphere site is asked to host an object store, naming the sites that can', () => {
    const { networks } = smallEstate();
    const enclave = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const error = pcloudErrorOf(() => new Workload(enclave, 'documents', { kind: 'objectStore' }));
    expect(error).toMatchObject({ code: 'WORKLOAD_KIND_NOT_HOSTED', path: 'supplier-net/kent/documents', given: '"objectStore"' });
    expect(error.expected).toContain('"aws-london"');
    expect(error.expected).toContain('"azure-uksouth"');
  });

  test('fails when a vSphere site without a database template is asked to host a database', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const dc = Site.vsphere(cloud, 'dc', { operator: 'force', country: 'GB', assurance: { level: 'PASF', reference: 'x' }, server: 'vc', datacenter: 'd', cluster: 'c', datastore: 's', distributedSwitch: 'w', templates: { 'ubuntu-24.04': 'tpl' } });
    const net = new AccreditedNetwork(cloud, 'net', { site: dc, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION });
    const enclave = new TenantEnclave(net, 'kent', { tenant: 'kent' });
    const error = pcloudErrorOf(() => new Workload(enclave, 'db', { kind: 'database' }));
    expect(error).toMatchObject({ code: 'WORKLOAD_KIND_NOT_HOSTED', path: 'net/kent/db' });
    expect(error.fix).toContain('databaseTemplate');
  });

  test('fails when SECRET is placed on public cloud', () => {
    const { cloud, sites } = smallEstate();
    const error = pcloudErrorOf(
      () => new AccreditedNetwork(cloud, 'secret-aws', { site: sites.aws, addressSpace: '10.80.0.0/16', ceiling: Classification.SECRET, accreditation: ACCREDITATION }),
    );
    expect(error).toMatchObject({ code: 'SECRET_ON_PUBLIC_CLOUD', path: 'secret-aws', given: 'SECRET' });
    expect(error.fix).toContain('accredited-private');
  });

  test('fails when TOP SECRET is used anywhere', () => {
    const { networks } = smallEstate();
    const error = pcloudErrorOf(() => new TenantEnclave(networks.secret, 'gmp', { tenant: 'gmp', classification: Classification.TOP_SECRET }));
    expect(error).toMatchObject({ code: 'TOP_SECRET_REFUSED', path: 'secret-net/gmp', given: 'TOP SECRET' });
  });

  test('fails when a site is outside the UK', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const error = pcloudErrorOf(() => Site.aws(cloud, 'ireland', { ...AWS_SITE, region: 'eu-west-1' }));
    expect(error).toMatchObject({ code: 'REGION_OUTSIDE_UK', path: 'ireland', given: '"eu-west-1"' });
    expect(error.fix).toContain('eu-west-2');
    expect(cloud.sites).toHaveLength(0);
  });

  test('fails when a flow crosses an enclave boundary', () => {
    const { networks } = smallEstate();
    const kent = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    const essex = new TenantEnclave(networks.aws, 'essex', { tenant: 'essex' });
    const web = new Workload(kent, 'web', { kind: 'vm' });
    const db = new Workload(essex, 'db', { kind: 'database' });
    const error = pcloudErrorOf(() => db.allowFrom(web, 5432));
    expect(error).toMatchObject({ code: 'FLOW_CROSSES_ENCLAVE', path: 'aws-net/essex/db' });
    expect(error.fix).toContain('secure exchange');
  });

  test('fails when a flow names a port the destination does not serve', () => {
    const { networks } = smallEstate();
    const kent = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    const app = new Workload(kent, 'app', { kind: 'vm' });
    const db = new Workload(kent, 'db', { kind: 'database' });
    expect(pcloudErrorOf(() => db.allowFrom(app, 3306))).toMatchObject({ code: 'FLOW_PORT_NOT_SERVED', given: 'tcp/3306' });
    expect(pcloudErrorOf(() => app.allowFrom(db, 70000)).code).toBe('PORT_INVALID');
  });

  test('fails when a constructor is given the wrong scope', () => {
    const { cloud } = smallEstate();
    const error = pcloudErrorOf(() => new TenantEnclave(cloud as never, 'kent', { tenant: 'kent' }));
    expect(error).toMatchObject({ code: 'SCOPE_INVALID', path: 'kent' });
    expect(error.expected).toContain('new TenantEnclave(accreditedNetwork');
  });

  test('fails when one force has two enclaves on one network', () => {
    const { networks } = smallEstate();
    new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    expect(pcloudErrorOf(() => new TenantEnclave(networks.aws, 'kent-two', { tenant: 'kent' })).code).toBe('DUPLICATE_TENANT');
  });

  test('fails when two networks of the estate overlap', () => {
    const { cloud, sites } = smallEstate();
    const error = pcloudErrorOf(() => new AccreditedNetwork(cloud, 'overlap', { site: sites.azure, addressSpace: '10.0.128.0/17', accreditation: ACCREDITATION }));
    expect(error).toMatchObject({ code: 'NETWORKS_OVERLAP', path: 'overlap' });
    expect(error.problem).toContain('aws-net');
  });

  test('fails when the accreditation dates are not dates', () => {
    const { cloud, sites } = smallEstate();
    const error = pcloudErrorOf(
      () => new AccreditedNetwork(cloud, 'dated', { site: sites.aws, addressSpace: '10.90.0.0/16', accreditation: { ...ACCREDITATION, expires: '2027-02-30' } }),
    );
    expect(error).toMatchObject({ code: 'DATE_INVALID', path: 'dated/accreditation', given: '"2027-02-30"' });
  });
});
