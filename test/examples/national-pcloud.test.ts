import cloud from '../../examples/national-pcloud';

describe('the national example', () => {
  const model = cloud.toModel();
  const siteOf = (network: string) => model.sites.find((s) => s.id === model.networks.find((n) => n.path === network)!.site)!;

  test('spans AWS London, Azure UK South, a supplier PASF data centre and a force estate', () => {
    expect(model.sites.map((s) => [s.id, s.platform, s.operator, s.assurance?.level])).toEqual([
      ['aws-london', 'aws', 'public-cloud', 'PASF'],
      ['azure-uksouth', 'azure', 'public-cloud', 'PASF'],
      ['supplier-dc', 'vsphere', 'supplier', 'PASF'],
      ['gmp-estate', 'vsphere', 'force', 'accredited-private'],
    ]);
  });

  test('has at least six forces and 25 workloads', () => {
    expect(new Set(model.enclaves.map((e) => e.tenant.code)).size).toBeGreaterThanOrEqual(6);
    expect(model.workloads.length).toBeGreaterThanOrEqual(25);
  });

  test('shares messaging and ERP from a shared-services enclave on AWS London', () => {
    expect(siteOf('national-services').aws!.region).toBe('eu-west-2');
    const shared = model.workloads.filter((w) => w.enclave === 'national-services/shared-services').map((w) => w.id);
    expect(shared).toEqual(expect.arrayContaining(['messaging-broker', 'erp-app', 'erp-db']));
  });

  test('puts the Met on Azure UK South and two forces at the supplier', () => {
    expect(model.enclaves.find((e) => e.tenant.code === 'met')!.network).toBe('met-azure');
    expect(siteOf('met-azure').azure!.location).toBe('uksouth');
    expect(model.enclaves.filter((e) => e.network === 'supplier-dc1').map((e) => e.tenant.code)).toEqual(['kent', 'essex']);
  });

  test("holds SECRET only on the force's own accredited-private estate", () => {
    const secret = model.networks.filter((n) => n.ceiling === 'SECRET');
    expect(secret.map((n) => n.path)).toEqual(['gmp-restricted']);
    expect(siteOf('gmp-restricted')).toMatchObject({ platform: 'vsphere', operator: 'force', assurance: { level: 'accredited-private' } });
  });
});
