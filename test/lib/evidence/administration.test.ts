import { administrationEvidence, buildEvidence, renderHtml, renderMarkdown, type AdministratorGrantEvidence, type EvidenceReport } from '../../../lib/evidence';
import type { EstateModel } from '../../../lib/model/types';
import { awsNames } from '../../../lib/naming/aws';
import { azureNames } from '../../../lib/naming/azure';
import { vsphereNames } from '../../../lib/naming/vsphere';
import { evaluate } from '../../../lib/policy/evaluate';
import { loadNational, markdownTables, TODAY } from './helpers';

// GIVEN the national example, loaded as `pcloud report` loads it and evaluated without outputs
const { model, evaluation } = loadNational();
const report = buildEvidence({ model, evaluation });
const groupsOf = (r: EvidenceReport, enclave: string) => r.administration.find((a) => a.enclave === enclave)!.groups;
const group = (r: EvidenceReport, enclave: string, name: string): AdministratorGrantEvidence => groupsOf(r, enclave).find((g) => g.name === name)!;

/** The national model with the Met auditors' Entra ID object id left out. */
function withoutObjectId(): EstateModel {
  return {
    ...model,
    enclaves: model.enclaves.map((e) =>
      e.path === 'met-azure/met'
        ? { ...e, administrators: e.administrators.map(({ entraObjectId, ...g }) => (g.name === 'mps-cloud-auditors' ? g : { ...g, entraObjectId })) }
        : e,
    ),
  };
}

describe('who may administer what', () => {
  test('lists every enclave with its site and platform, and every administrator group of it in declaration order', () => {
    expect(report.administration.map((a) => [a.enclave, a.site, a.platform])).toEqual([
      ['national-services/shared-services', 'aws-london', 'aws'],
      ['national-services/btp', 'aws-london', 'aws'],
      ['met-azure/met', 'azure-uksouth', 'azure'],
      ['supplier-dc1/kent', 'supplier-dc', 'vsphere'],
      ['supplier-dc1/essex', 'supplier-dc', 'vsphere'],
      ['gmp-restricted/gmp-intelligence', 'gmp-estate', 'vsphere'],
    ]);
    for (const enclave of model.enclaves) {
      expect(groupsOf(report, enclave.path).map((g) => [g.name, g.vetting, g.mfa])).toEqual(enclave.administrators.map((g) => [g.name, g.vetting, g.mfa]));
    }
  });

  test('on Azure, the Met groups hold their roles on the enclave resource group, assigned to their Entra ID object ids', () => {
    const resourceGroup = azureNames.resourceGroup('national', 'met-azure', 'met');
    expect(resourceGroup).toBe('rg-national-met-azure-met');
    expect(groupsOf(report, 'met-azure/met')).toEqual([
      {
        name: 'mps-cloud-operators',
        vetting: 'SC',
        mfa: true,
        granted: true,
        principal: '5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50',
        role: "enclave-operator (pcloud's custom role)",
        azureRole: 'enclave-operator',
        scope: ['resource group rg-national-met-azure-met'],
        grant:
          "Azure role enclave-operator (pcloud's custom role) on resource group rg-national-met-azure-met, assigned to Entra ID group 5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50 (MFA enforced by Entra ID, not by the assignment)",
      },
      {
        name: 'mps-cloud-auditors',
        vetting: 'NPPV2',
        mfa: true,
        granted: true,
        principal: '9d4c2a10-7e6b-4f5a-8c3d-2b1a0f9e8d71',
        role: 'Reader (built-in role)',
        azureRole: 'Reader',
        scope: ['resource group rg-national-met-azure-met'],
        grant:
          'Azure role Reader (built-in role) on resource group rg-national-met-azure-met, assigned to Entra ID group 9d4c2a10-7e6b-4f5a-8c3d-2b1a0f9e8d71 (MFA enforced by Entra ID, not by the assignment)',
      },
    ]);
  });

  test('on AWS, the shared-services group assumes an IAM role only with MFA, bounded to resources tagged with its enclave', () => {
    // The role and boundary as the AWS enclave names them.
    const role = awsNames.administratorRole('national', 'national-services', 'shared-services', 'pds-national-platform');
    const boundary = awsNames.administratorPolicy('national', 'national-services', 'shared-services', 'boundary');
    expect(role.length).toBeLessThanOrEqual(64);
    expect(group(report, 'national-services/shared-services', 'pds-national-platform')).toEqual({
      name: 'pds-national-platform',
      vetting: 'SC',
      mfa: true,
      granted: true,
      principal: role,
      role,
      scope: ['resources tagged enclave=national-services/shared-services'],
      grant: `IAM role ${role} in account 111122223333, assumable only with MFA, confined by its permissions boundary ${boundary} to resources tagged enclave=national-services/shared-services`,
    });
    expect(group(report, 'national-services/btp', 'btp-platform-admins').role).toBe('pcloud-national-national-services-btp-btp-platform-admins');
    // Each group of each AWS enclave has a role of its own.
    const roles = report.administration.filter((a) => a.platform === 'aws').flatMap((a) => a.groups.map((g) => g.role));
    expect(new Set(roles).size).toBe(roles.length);
  });

  test('on vSphere, Kent\u2019s SSO group holds the enclave-operator role on the enclave folder and resource pool', () => {
    const kent = group(report, 'supplier-dc1/kent', 'kent-platform-admins');
    const folder = vsphereNames.enclaveFolder('national', 'supplier-dc1', 'kent');
    const pool = vsphereNames.resourcePool('national', 'supplier-dc1', 'kent');
    expect([folder, pool]).toEqual(['pcloud-national-supplier-dc1/kent', 'pcloud-national-supplier-dc1-kent']);
    expect(kent).toEqual({
      name: 'kent-platform-admins',
      vetting: 'NPPV3',
      mfa: true,
      granted: true,
      principal: 'SUPPLIER.POLICE.EXAMPLE\\kent-platform-admins',
      role: 'pcloud-national-enclave-operator',
      scope: [`folder ${folder}`, `resource pool ${pool}`],
      grant:
        `vCenter SSO principal SUPPLIER.POLICE.EXAMPLE\\kent-platform-admins holds pcloud's enclave-operator role pcloud-national-enclave-operator ` +
        `on folder ${folder} and resource pool ${pool}, propagated to the VMs in them, in vCenter vcenter.dc1.supplier.example (SSO sign-in with MFA)`,
    });
    // Without an ssoGroup, the group's name in the site's SSO domain (vsphere.local by default).
    expect(group(report, 'gmp-restricted/gmp-intelligence', 'gmp-restricted-platform').principal).toBe('vsphere.local\\gmp-restricted-platform');
  });

  test('an Azure group without an Entra ID object id is granted nothing, and the pack says so visibly', () => {
    // GIVEN the Met auditors without an object id
    const changed = withoutObjectId();
    // WHEN the pack is built
    const pack = buildEvidence({ model: changed, evaluation: evaluate(changed, { today: TODAY }) });
    // THEN nothing is granted, and both renderings flag it
    const auditors = group(pack, 'met-azure/met', 'mps-cloud-auditors');
    expect(auditors).toMatchObject({ granted: false, principal: null, azureRole: 'Reader', grant: 'nothing is granted on Azure: no Entra ID object id recorded' });
    expect(group(pack, 'met-azure/met', 'mps-cloud-operators').granted).toBe(true);
    expect(renderMarkdown(pack)).toContain('| `mps-cloud-auditors` | NPPV2 | required | ✖ **nothing is granted on Azure: no Entra ID object id recorded** |');
    expect(renderHtml(pack)).toMatch(
      /<tr class="row-failed"><th scope="row"><code>mps-cloud-auditors<\/code><\/th><td>NPPV2<\/td><td>required<\/td><td><span class="status status-failed">\u2716 nothing granted<\/span> <strong class="bad">nothing is granted on Azure: no Entra ID object id recorded<\/strong><\/td><\/tr>/,
    );
  });

  test('a group recorded without MFA is flagged, and on AWS its role still demands MFA', () => {
    // GIVEN BTP's administrators recorded without MFA
    const changed: EstateModel = {
      ...model,
      enclaves: model.enclaves.map((e) => (e.path === 'national-services/btp' ? { ...e, administrators: e.administrators.map((g) => ({ ...g, mfa: false })) } : e)),
    };
    const pack = buildEvidence({ model: changed, evaluation: evaluate(changed, { today: TODAY }) });
    const btp = group(pack, 'national-services/btp', 'btp-platform-admins');
    expect(btp.mfa).toBe(false);
    expect(btp.grant).toContain('assumable only with MFA (which the group does not record)');
    expect(renderMarkdown(pack)).toContain('| `btp-platform-admins` | SC | **✖ not required** |');
    expect(renderHtml(pack)).toContain('<td><strong class="bad">\u2716 not required</strong></td>');
    expect(pack.findings).toContainEqual(expect.objectContaining({ rule: 'PCR-18', path: 'national-services/btp' }));
  });

  test('names follow the stable ids of a renamed network and enclave, as the target constructs name them', () => {
    // GIVEN the Met enclave renamed from "met" to "metropolitan"
    const renamed: EstateModel = {
      ...model,
      enclaves: model.enclaves.map((e) => (e.path === 'met-azure/met' ? { ...e, id: 'metropolitan', path: 'met-azure/metropolitan', renamedFrom: 'met' } : e)),
    };
    // THEN its resource group keeps the previous name
    const met = administrationEvidence(renamed).find((a) => a.enclave === 'met-azure/metropolitan')!;
    expect(met.groups[0].scope).toEqual(['resource group rg-national-met-azure-met']);
  });

  test('is its own section in the Markdown and the HTML, and the enclave table keeps its administrators column', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Who may administer what');
    expect(md).toContain('| Enclave | Platform | Group | Vetting | MFA | Granted |');
    expect(md).toContain(
      '| `met-azure/met` | Azure (`azure-uksouth`) | `mps-cloud-auditors` | NPPV2 | required | Azure role Reader (built-in role) on resource group rg-national-met-azure-met, assigned to Entra ID group 9d4c2a10-7e6b-4f5a-8c3d-2b1a0f9e8d71 (MFA enforced by Entra ID, not by the assignment) |',
    );
    // A backslash is escaped in a Markdown cell, so the principal reads with one.
    expect(md).toContain('vCenter SSO principal SUPPLIER.POLICE.EXAMPLE\\\\kent-platform-admins holds');
    expect(md).toContain('| Enclave | Tenant | Classification | Address space | Administrators (group: vetting, MFA) |');
    for (const t of markdownTables(md)) for (const row of t) expect(row.length).toBe(t[0].length);

    const html = renderHtml(report);
    expect(html).toContain('<section id="administration" aria-labelledby="administration-title">');
    expect(html).toContain('<a href="#administration">Who may administer what</a>');
    expect(html).toContain('<th scope="rowgroup" rowspan="2"><code>met-azure/met</code>');
    expect(html).toContain('vCenter SSO principal SUPPLIER.POLICE.EXAMPLE\\kent-platform-admins holds');
    expect(html).toContain('<th scope="col">Administrators (group: vetting, MFA)</th>');
  });
});
