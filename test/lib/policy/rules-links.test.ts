import { Classification, Interconnect, PoliceCloud, SecureExchange, Site, TenantEnclave, Workload, AccreditedNetwork } from '../../../index';
import { ACCREDITATION, AWS_SITE, VSPHERE_SUPPLIER } from '../../fixtures/sites';
import { editable, evaluateRule, outcome } from './fixtures';

// The model half of the rules on interconnects and exchanges (PCR-10, PCR-12, PCR-26, PCR-27,
// PCR-31): a compliant case from a definition, non-compliant ones from edited copies of its
// model where construction would refuse them.

function linked() {
  const cloud = new PoliceCloud({ name: 'links' });
  const aws = Site.aws(cloud, 'aws-london', AWS_SITE);
  const supplier = Site.vsphere(cloud, 'supplier-dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10' } });
  const awsNet = new AccreditedNetwork(cloud, 'aws-net', { site: aws, addressSpace: '10.0.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const supplierNet = new AccreditedNetwork(cloud, 'supplier-net', { site: supplier, addressSpace: '10.40.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const btp = new Workload(new TenantEnclave(awsNet, 'btp', { tenant: 'btp' }), 'api', { kind: 'vm' });
  const essex = new Workload(new TenantEnclave(supplierNet, 'essex', { tenant: 'essex' }), 'app', { kind: 'vm' });
  new Interconnect(cloud, 'aws-supplier', { sites: [aws, supplier], ithc: { reference: 'ITHC-1', date: '2026-06-01' } });
  const gcsx = new Interconnect(cloud, 'gcsx', {
    site: supplier,
    community: { name: 'GCSx', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
    coco: { reference: 'COCO-1', expires: '2027-02-28' },
    ithc: { reference: 'ITHC-2', date: '2026-03-02' },
  });
  const isa = { reference: 'ISA-1', parties: ['Essex Police', 'BTP'], purpose: 'Custody', legalGateway: 'PACE 1984', reviewDate: '2027-09-30' };
  new SecureExchange(cloud, 'custody', { isa, from: essex, to: btp, ports: [8443], ceiling: Classification.OFFICIAL_SENSITIVE });
  new SecureExchange(cloud, 'referrals', {
    isa: { ...isa, reference: 'ISA-2', parties: ['Essex Police', 'Essex County Council'] },
    from: { partner: 'Essex County Council', prefixes: ['172.28.40.0/24'], via: gcsx },
    to: essex,
    ports: [443],
    ceiling: Classification.OFFICIAL_SENSITIVE,
  });
  return cloud.toModel();
}

describe('PCR-10 interconnects encrypted', () => {
  test('holds for the default IPsec profile, and says which', () => {
    const o = outcome(evaluateRule('PCR-10', linked()), 'aws-supplier');
    expect(o.status).toBe('held');
    expect(o.note).toBe('IPsec IKEv2, aes256-gcm, sha384, DH group 20');
    expect(evaluateRule('PCR-10', linked()).outcomes.map((x) => x.subject)).toEqual(['aws-supplier', 'gcsx']);
  });
  test('fails for IKEv1, 3DES, SHA-1 and DH group 2, one problem each', () => {
    const model = editable(linked());
    model.interconnects[0].ipsec = { ikeVersion: 1, cipher: '3des', integrity: 'sha1', dhGroup: 2 };
    const e = evaluateRule('PCR-10', model);
    expect(outcome(e, 'aws-supplier').status).toBe('failed');
    expect(e.findings.map((f) => f.problem)).toEqual(['Diffie-Hellman group 2 is broken', 'IKEv1 is negotiated', 'integrity uses SHA-1', 'the tunnel is encrypted with 3DES']);
    expect(outcome(e, 'gcsx').status).toBe('held');
  });
});

describe('PCR-12 no undeclared cross-enclave path', () => {
  test('holds, naming the exchanges that cross the boundary', () => {
    const e = evaluateRule('PCR-12', linked());
    expect(outcome(e, 'aws-net/btp')).toMatchObject({ status: 'held', note: 'flows stay inside the enclave; it crosses its boundary only through exchange custody (ISA ISA-1)' });
    expect(e.findings).toEqual([]);
  });
  test('fails for a flow between the two enclaves that is not an exchange', () => {
    const model = editable(linked());
    model.flows.push({ from: 'supplier-net/essex/app', to: 'aws-net/btp/api', protocol: 'tcp', fromPort: 22, toPort: 22 });
    expect(evaluateRule('PCR-12', model).findings.map((f) => [f.path, f.problem])).toEqual([
      ['aws-net/btp', 'flow from supplier-net/essex/app to aws-net/btp/api crosses the enclave boundary'],
    ]);
  });
});

describe('PCR-26 current ISA', () => {
  test('holds before the review date', () => {
    expect(outcome(evaluateRule('PCR-26', linked(), undefined, '2027-09-30'), 'custody').status).toBe('held');
  });
  test('fails the day after the review date, as an error that stops synth', () => {
    const e = evaluateRule('PCR-26', linked(), undefined, '2027-10-01');
    expect(outcome(e, 'custody').status).toBe('failed');
    expect(e.findings[0]).toMatchObject({
      rule: 'PCR-26',
      severity: 'error',
      path: 'custody',
      problem: 'ISA ISA-1 was due for review on 2027-09-30; the exchange must stop until it is reviewed',
      fix: 'review the ISA with Essex Police and BTP and record the new review date',
    });
  });
});

describe('PCR-27 private, mutually authenticated, disclosure-logged', () => {
  test('holds, saying the path and where disclosures are logged', () => {
    const e = evaluateRule('PCR-27', linked());
    expect(outcome(e, 'custody')).toMatchObject({
      status: 'held',
      note: 'supplier-net/essex/app -> aws-net/btp/api through aws-supplier (IPsec), mutual TLS, up to OFFICIAL-SENSITIVE; disclosures logged to the audit sink of supplier-net/essex',
    });
    expect(outcome(e, 'referrals').status).toBe('held');
    expect(e.findings).toEqual([]);
  });
  test('fails without mutual TLS', () => {
    const model = editable(linked());
    model.exchanges[0].mutualTls = false;
    expect(evaluateRule('PCR-27', model).findings.map((f) => f.problem)).toEqual(['the ends do not authenticate each other (mutualTls is off)']);
  });
  test('fails when data above the ceiling would flow', () => {
    const model = editable(linked());
    model.exchanges[0].ceiling = 'OFFICIAL';
    expect(evaluateRule('PCR-27', model).findings.map((f) => f.problem)).toEqual(['sender supplier-net/essex/app holds OFFICIAL-SENSITIVE data, above the ceiling OFFICIAL']);
  });
});

describe('PCR-31 CoCo and ITHC', () => {
  test('holds for a current CoCo and an ITHC within the year; site-to-site links are not judged', () => {
    const e = evaluateRule('PCR-31', linked());
    expect(e.outcomes.map((o) => [o.subject, o.status])).toEqual([['gcsx', 'held']]);
  });
  test('fails for an expired CoCo and an ITHC older than a year', () => {
    const e = evaluateRule('PCR-31', linked(), undefined, '2027-03-03');
    expect(e.findings.map((f) => f.problem)).toEqual([
      'Code of Connection COCO-1 expired on 2027-02-28',
      'IT Health Check ITHC-2 of 2026-03-02 is more than a year old',
    ]);
  });
  test('fails when the CoCo and ITHC are not recorded', () => {
    const model = editable(linked());
    delete model.interconnects[1].coco;
    delete model.interconnects[1].ithc;
    expect(evaluateRule('PCR-31', model).findings.map((f) => f.problem)).toEqual([
      'the link to GCSx records no Code of Connection',
      'the link to GCSx records no IT Health Check',
    ]);
  });
});
