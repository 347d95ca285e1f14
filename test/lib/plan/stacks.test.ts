import { AccreditedNetwork, TenantEnclave } from '../../../index';
import { ACCREDITATION } from '../../fixtures/sites';
import { planStacks } from '../../../lib/plan/stacks';
import { smallEstate } from '../../fixtures/estate';

describe('planStacks', () => {
  function estate(enclaves: string[]) {
    const { cloud, networks } = smallEstate('national');
    for (const code of enclaves) {
      new TenantEnclave(networks.aws, code, { tenant: code });
      new TenantEnclave(networks.supplier, code, { tenant: code });
    }
    return cloud.toModel();
  }

  test('per site a site stack, one stack per network and one per enclave, dependencies first', () => {
    const plans = planStacks(estate(['kent']));
    expect(plans.map((p) => [p.platform, p.kind, p.name, p.dependsOn])).toEqual([
      ['aws', 'site', 'national-aws-london', []],
      ['aws', 'network', 'national-aws-net', ['national-aws-london']],
      ['aws', 'enclave', 'national-aws-net-kent', ['national-aws-london', 'national-aws-net']],
      ['azure', 'site', 'national-azure-uksouth', []],
      ['azure', 'network', 'national-azure-net', ['national-azure-uksouth']],
      ['vsphere', 'site', 'national-supplier-dc', []],
      ['vsphere', 'network', 'national-supplier-net', ['national-supplier-dc']],
      ['vsphere', 'enclave', 'national-supplier-net-kent', ['national-supplier-dc', 'national-supplier-net']],
      ['vsphere', 'site', 'national-force-dc', []],
      ['vsphere', 'network', 'national-secret-net', ['national-force-dc']],
    ]);
  });

  test('adding an enclave adds its stack and renames none', () => {
    const before = planStacks(estate(['kent'])).map((p) => p.name);
    const after = planStacks(estate(['essex', 'kent', 'surrey'])).map((p) => p.name);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.filter((n) => !before.includes(n)).sort()).toEqual(['national-aws-net-essex', 'national-aws-net-surrey', 'national-supplier-net-essex', 'national-supplier-net-surrey']);
  });

  test('a renamed network or enclave keeps the stack of its previous id, so no stack is replaced', () => {
    // GIVEN the estate with its network and enclave renamed, each declaring the id it had
    const { cloud, sites } = smallEstate('national');
    const network = new AccreditedNetwork(cloud, 'london-net', {
      site: sites.aws,
      addressSpace: '10.90.0.0/16',
      accreditation: ACCREDITATION,
      renamedFrom: 'london',
    });
    new TenantEnclave(network, 'kent-police', { tenant: 'kent', renamedFrom: 'kent' });
    // WHEN
    const plans = planStacks(cloud.toModel(), ['aws']);
    // THEN the stacks keep their names; the plan names the new paths
    expect(plans.filter((p) => p.network === 'london-net').map((p) => [p.kind, p.name, p.enclave])).toEqual([
      ['network', 'national-london', undefined],
      ['enclave', 'national-london-kent', 'london-net/kent-police'],
    ]);
  });

  test('filters by platform', () => {
    expect(new Set(planStacks(estate(['kent']), ['aws']).map((p) => p.platform))).toEqual(new Set(['aws']));
  });
});
