import { AccreditedNetwork, PoliceCloud, Site, TenantEnclave, Workload } from '../../../index';
import { ACCREDITATION, AWS_SITE, VSPHERE_FACTS, VSPHERE_PRIVATE, VSPHERE_SUPPLIER } from '../../fixtures/sites';
import { Classification, TODAY, compliantEstate, editable, evaluateRule, outcome } from './fixtures';

// The model half of every rule: a compliant case and a non-compliant one. Variants a definition
// cannot build (construction refuses them) are made by editing a copy of a valid model, as a model
// from another source could arrive.

const base = () => compliantEstate().cloud.toModel();

describe('PCR-01 classification and accreditation', () => {
  test('holds while the accreditation is current', () => {
    expect(outcome(evaluateRule('PCR-01', base()), 'aws-net').status).toBe('held');
  });
  test('fails when a network accreditation has expired', () => {
    const e = evaluateRule('PCR-01', base(), undefined, '2027-01-02');
    expect(outcome(e, 'aws-net')).toMatchObject({ status: 'failed', severity: 'error' });
    expect(e.findings[0].problem).toBe('accreditation NPIRMT-TEST-1 expired on 2027-01-01');
  });
});

describe('PCR-02 SECRET placement', () => {
  test('holds for SECRET on an accredited-private site, and is not applicable below SECRET', () => {
    const e = evaluateRule('PCR-02', base());
    expect(outcome(e, 'secret-net').status).toBe('held');
    expect(outcome(e, 'aws-net')).toMatchObject({ status: 'not-applicable', reason: 'applies to S; aws-net is OFFICIAL-SENSITIVE' });
  });
  test('fails when a model puts SECRET on public cloud', () => {
    const model = editable(base());
    model.networks.find((n) => n.path === 'secret-net')!.site = 'aws-london';
    const e = evaluateRule('PCR-02', model);
    expect(outcome(e, 'secret-net').status).toBe('failed');
    expect(e.findings[0].problem).toContain('public cloud');
  });
});

describe('PCR-03 UK residency', () => {
  test('holds for London, UK South and GB data centres', () => {
    const e = evaluateRule('PCR-03', base());
    expect(e.outcomes.map((o) => o.status)).toEqual(['held', 'held', 'held', 'held']);
  });
  test('fails for a region outside the UK and backups abroad', () => {
    const model = editable(base());
    model.sites[0].aws!.region = 'eu-west-1';
    model.sites[2].vsphere!.backupTarget = { name: 'Dublin vault', country: 'IE', encrypted: true };
    const e = evaluateRule('PCR-03', model);
    expect(e.findings.map((f) => f.problem)).toEqual(['AWS region eu-west-1 is outside the UK', 'backups go to Dublin vault in IE']);
  });
});

describe('PCR-04 PASF', () => {
  test('holds where the site records its assessment', () => {
    expect(outcome(evaluateRule('PCR-04', base()), 'aws-net').status).toBe('held');
  });
  test('fails when an AWS site records no assurance', () => {
    const cloud = new PoliceCloud({ name: 't' });
    const site = Site.aws(cloud, 'aws', { account: '111122223333' });
    new AccreditedNetwork(cloud, 'net', { site, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION });
    const e = evaluateRule('PCR-04', cloud.toModel());
    expect(outcome(e, 'net').status).toBe('failed');
    expect(e.findings[0].fix).toContain("assurance: { level: 'PASF'");
  });
});

describe('PCR-05 encryption at rest', () => {
  test('holds when disks are encrypted', () => {
    expect(outcome(evaluateRule('PCR-05', base()), 'aws-net/kent/app').status).toBe('held');
  });
  test('fails when a workload turns disk encryption off', () => {
    const { cloud, networks } = compliantEstate();
    const enclave = networks.aws.node.findChild('kent') as TenantEnclave;
    new Workload(enclave, 'scratch', { kind: 'vm', diskEncryption: false });
    const e = evaluateRule('PCR-05', cloud.toModel());
    expect(outcome(e, 'aws-net/kent/scratch')).toMatchObject({ status: 'failed', severity: 'error' });
  });
});

describe('PCR-06 customer-managed keys', () => {
  test('holds per enclave, and does not apply to plain OFFICIAL', () => {
    const { cloud, sites } = compliantEstate();
    const official = new AccreditedNetwork(cloud, 'official', { site: sites.aws, addressSpace: '10.99.0.0/16', accreditation: ACCREDITATION });
    new TenantEnclave(official, 'kent', { tenant: 'kent' });
    const e = evaluateRule('PCR-06', cloud.toModel());
    expect(outcome(e, 'aws-net/kent').status).toBe('held');
    expect(outcome(e, 'official/kent').status).toBe('not-applicable');
  });
  test('fails when a vSphere site records no key provider', () => {
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.keyProvider;
    expect(outcome(evaluateRule('PCR-06', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-07 key protection', () => {
  test('holds when the key provider backup is recorded', () => {
    expect(outcome(evaluateRule('PCR-07', base()), 'supplier-net/kent').status).toBe('held');
  });
  test('fails when it is not', () => {
    const model = editable(base());
    model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.keyProvider!.backupRecorded = false;
    expect(outcome(evaluateRule('PCR-07', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-08 TLS', () => {
  test('holds when the vCenter TLS profile is recorded', () => {
    expect(outcome(evaluateRule('PCR-08', base()), 'supplier-dc').status).toBe('held');
  });
  test('fails when it is not', () => {
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.tlsProfile;
    expect(evaluateRule('PCR-08', model).findings[0]).toMatchObject({ rule: 'PCR-08', path: 'supplier-dc', severity: 'error' });
  });
});

describe('PCR-09 encrypted migration', () => {
  test('holds on vSphere and is not applicable where the cloud migrates VMs', () => {
    const e = evaluateRule('PCR-09', base());
    expect(outcome(e, 'supplier-net/kent/app').status).toBe('held');
    expect(outcome(e, 'aws-net/kent/app').reason).toContain('migrates VMs itself');
  });
});

describe('PCR-10, PCR-26, PCR-27, PCR-31: links and exchanges', () => {
  test.each(['PCR-10', 'PCR-26', 'PCR-27', 'PCR-31'])('%s is not applicable, with the reason, until the estate declares one', (id) => {
    const e = evaluateRule(id, base());
    expect(e.outcomes).toHaveLength(1);
    expect(e.outcomes[0]).toMatchObject({ subject: 'rules', status: 'not-applicable' });
    expect(e.outcomes[0].reason).toMatch(/declares no/);
  });
});

describe('PCR-11 one enclave per force', () => {
  test('holds for distinct tenants', () => {
    expect(outcome(evaluateRule('PCR-11', base()), 'aws-net/kent').status).toBe('held');
  });
  test('fails when a model gives one force two enclaves on a network', () => {
    const model = editable(base());
    const copy = { ...model.enclaves[0], path: 'aws-net/kent-two', id: 'kent-two' };
    model.enclaves.push(copy);
    expect(outcome(evaluateRule('PCR-11', model), 'aws-net/kent').status).toBe('failed');
  });
});

describe('PCR-12 no undeclared cross-enclave path', () => {
  test('holds when flows stay inside their enclave', () => {
    expect(outcome(evaluateRule('PCR-12', base()), 'aws-net/kent').status).toBe('held');
  });
  test('fails when a model holds a flow between enclaves', () => {
    const model = editable(base());
    model.flows.push({ from: 'azure-net/kent/app', to: 'aws-net/kent/db', protocol: 'tcp', fromPort: 5432, toPort: 5432 });
    expect(evaluateRule('PCR-12', model).findings[0].problem).toBe('flow from azure-net/kent/app to aws-net/kent/db crosses the enclave boundary');
  });
});

describe('PCR-17 management path', () => {
  function withSsh(fromTier: 'management' | 'application') {
    const { cloud, networks } = compliantEstate();
    const enclave = networks.supplier.node.findChild('kent') as TenantEnclave;
    const jump = new Workload(enclave, 'jump', { kind: 'vm', tier: fromTier });
    (enclave.node.findChild('app') as Workload).allowFrom(jump, 22);
    return evaluateRule('PCR-17', cloud.toModel());
  }
  test('holds for SSH from the management tier', () => {
    expect(outcome(withSsh('management'), 'supplier-net/kent/app').status).toBe('held');
  });
  test('fails for SSH from another tier', () => {
    expect(outcome(withSsh('application'), 'supplier-net/kent/app').status).toBe('failed');
  });
});

describe('PCR-18 MFA', () => {
  test('holds by default', () => {
    expect(outcome(evaluateRule('PCR-18', base()), 'aws-net/kent').status).toBe('held');
  });
  test('fails for an administrator group without MFA, and a vCenter without SSO MFA', () => {
    const { cloud, networks } = compliantEstate();
    new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', administrators: [{ name: 'essex-admins', vetting: 'SC', mfa: false }] });
    expect(outcome(evaluateRule('PCR-18', cloud.toModel()), 'aws-net/essex').status).toBe('failed');
    const model = editable(base());
    model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.ssoMfa = false;
    expect(outcome(evaluateRule('PCR-18', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-20 audit trail', () => {
  test('holds where log forwarding is recorded', () => {
    expect(outcome(evaluateRule('PCR-20', base()), 'supplier-dc').status).toBe('held');
  });
  test('fails for a vSphere site without it', () => {
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.logForwarding;
    expect(outcome(evaluateRule('PCR-20', model), 'supplier-dc').status).toBe('failed');
  });
});

describe('PCR-21 retention', () => {
  test('holds at 365 days', () => {
    expect(outcome(evaluateRule('PCR-21', base()), 'aws-net/kent').status).toBe('held');
  });
  test('fails below, as a warning on OFFICIAL and an error on OFFICIAL-SENSITIVE', () => {
    const { cloud, networks, sites } = compliantEstate();
    new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', auditRetentionDays: 90 });
    const official = new AccreditedNetwork(cloud, 'official', { site: sites.aws, addressSpace: '10.99.0.0/16', accreditation: ACCREDITATION, flowLogRetentionDays: 30 });
    const e = evaluateRule('PCR-21', cloud.toModel());
    expect(outcome(e, 'aws-net/essex')).toMatchObject({ status: 'failed', severity: 'error' });
    expect(outcome(e, official.node.path)).toMatchObject({ status: 'failed', severity: 'warning' });
    expect(e.summary).toMatchObject({ errors: 1, warnings: 1 });
  });
});

describe('PCR-22 immutable logs outside the tenant', () => {
  test('holds where the collector is immutable', () => {
    expect(outcome(evaluateRule('PCR-22', base()), 'supplier-net/kent').status).toBe('held');
  });
  test('fails where it is not', () => {
    const model = editable(base());
    model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.logForwarding!.immutable = false;
    expect(outcome(evaluateRule('PCR-22', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-23 flow logs', () => {
  test('holds with an IPFIX collector on vSphere', () => {
    expect(outcome(evaluateRule('PCR-23', base()), 'supplier-net').status).toBe('held');
  });
  test('fails without one', () => {
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.ipfixCollector;
    expect(outcome(evaluateRule('PCR-23', model), 'supplier-net').status).toBe('failed');
  });
});

describe('PCR-24 protective monitoring', () => {
  function estate(monitoring: ConstructorParameters<typeof PoliceCloud>[0]['monitoring']) {
    const cloud = new PoliceCloud({ name: 'm', monitoring });
    const site = Site.aws(cloud, 'aws', AWS_SITE);
    new AccreditedNetwork(cloud, 'net', { site, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION });
    return evaluateRule('PCR-24', cloud.toModel());
  }
  test('holds with native threat detection, or a SIEM export', () => {
    expect(outcome(estate(undefined), 'aws').status).toBe('held');
    expect(outcome(estate({ nativeThreatDetection: false, siemExport: { kind: 'splunk-hec', endpoint: 'https://siem.example/hec' } }), 'aws').status).toBe('held');
  });
  test('fails with neither', () => {
    expect(outcome(estate({ nativeThreatDetection: false }), 'aws').status).toBe('failed');
  });
});

describe('PCR-25 s.62 audit sink', () => {
  test('holds, and does not apply to SECRET', () => {
    const e = evaluateRule('PCR-25', base());
    expect(outcome(e, 'supplier-net/kent').status).toBe('held');
    expect(outcome(e, 'secret-net/gmp').status).toBe('not-applicable');
  });
  test('fails on vSphere without a collector', () => {
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.logForwarding;
    expect(outcome(evaluateRule('PCR-25', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-28 backups', () => {
  test('holds by default', () => {
    expect(outcome(evaluateRule('PCR-28', base()), 'aws-net/kent').status).toBe('held');
  });
  test('fails when backups are off, and for a vSphere site without a target', () => {
    const { cloud, networks } = compliantEstate();
    const essex = new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', backup: { enabled: false } });
    new Workload(essex, 'app', { kind: 'vm' });
    expect(outcome(evaluateRule('PCR-28', cloud.toModel()), 'aws-net/essex').status).toBe('failed');
    const model = editable(base());
    delete model.sites.find((s) => s.id === 'supplier-dc')!.vsphere!.backupTarget;
    expect(outcome(evaluateRule('PCR-28', model), 'supplier-net/kent').status).toBe('failed');
  });
});

describe('PCR-29 port-group hardening', () => {
  test('holds on vSphere, not applicable elsewhere', () => {
    const e = evaluateRule('PCR-29', base());
    expect(outcome(e, 'supplier-net/kent').status).toBe('held');
    expect(outcome(e, 'aws-net/kent').status).toBe('not-applicable');
  });
});

describe('PCR-30 boot integrity', () => {
  test('holds on a vTPM template', () => {
    expect(outcome(evaluateRule('PCR-30', base()), 'supplier-net/kent/app').status).toBe('held');
  });
  test('fails on a template without a vTPM', () => {
    const cloud = new PoliceCloud({ name: 't' });
    const dc = Site.vsphere(cloud, 'dc', { ...VSPHERE_SUPPLIER, templates: { 'ubuntu-24.04': 'tpl-old' } });
    const net = new AccreditedNetwork(cloud, 'net', { site: dc, addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION, ceiling: Classification.OFFICIAL_SENSITIVE });
    new Workload(new TenantEnclave(net, 'kent', { tenant: 'kent' }), 'app', { kind: 'vm' });
    expect(evaluateRule('PCR-30', cloud.toModel()).findings[0].problem).toBe('template tpl-old has no vTPM');
  });
});

describe('PCR-32 vetting', () => {
  test('holds for SC administrators of a SECRET enclave', () => {
    expect(outcome(evaluateRule('PCR-32', base()), 'secret-net/gmp').status).toBe('held');
  });
  test('fails for NPPV1 anywhere and NPPV2 on SECRET', () => {
    const { cloud, networks } = compliantEstate();
    new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', administrators: [{ name: 'essex-admins', vetting: 'NPPV1' }] });
    new TenantEnclave(networks.secret, 'met', { tenant: 'met', administrators: [{ name: 'met-admins', vetting: 'NPPV2' }] });
    const e = evaluateRule('PCR-32', cloud.toModel());
    expect(outcome(e, 'aws-net/essex').status).toBe('failed');
    expect(outcome(e, 'secret-net/met').status).toBe('failed');
    expect(e.findings.find((f) => f.path === 'secret-net/met')!.problem).toContain('needs NPPV3, SC or DV');
  });
});

describe('the compliant fixture estate', () => {
  test('has no finding from any model rule', () => {
    const { cloud } = compliantEstate();
    const { evaluate } = require('../../../lib/policy/evaluate');
    expect(evaluate(cloud.toModel(), { today: TODAY }).findings).toEqual([]);
  });
  test('records every vSphere fact the rules read', () => {
    expect(Object.keys(VSPHERE_FACTS).sort()).toEqual(['backupTarget', 'ipfixCollector', 'keyProvider', 'logForwarding', 'ssoMfa', 'tlsProfile']);
    expect(VSPHERE_PRIVATE.assurance.level).toBe('accredited-private');
  });
});
