import { Classification, Interconnect, PoliceCloud, SecureExchange, Site, TenantEnclave, Workload, AccreditedNetwork } from '../../../index';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../../fixtures/sites';
import { editable, evaluateRule, outcome, rendered } from './fixtures';

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

/**
 * Exchanges whose records are logged on each platform: a sender's disclosures on AWS, Azure and
 * vSphere, and the collection from a partner received on each.
 */
function recorded() {
  const cloud = new PoliceCloud({ name: 'records' });
  const aws = Site.aws(cloud, 'aws-london', AWS_SITE);
  const azure = Site.azure(cloud, 'azure-uksouth', AZURE_SITE);
  const supplier = Site.vsphere(cloud, 'supplier-dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10' } });
  const net = (id: string, site: Site, cidr: string) => new AccreditedNetwork(cloud, id, { site, addressSpace: cidr, ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const btp = new Workload(new TenantEnclave(net('aws-net', aws, '10.0.0.0/16'), 'btp', { tenant: 'btp' }), 'api', { kind: 'vm' });
  const met = new Workload(new TenantEnclave(net('azure-net', azure, '10.20.0.0/16'), 'met', { tenant: 'met' }), 'api', { kind: 'vm' });
  const essex = new Workload(new TenantEnclave(net('supplier-net', supplier, '10.40.0.0/16'), 'essex', { tenant: 'essex' }), 'app', { kind: 'vm' });
  new Interconnect(cloud, 'aws-supplier', { sites: [aws, supplier] });
  new Interconnect(cloud, 'azure-supplier', { sites: [azure, supplier] });
  const community = (id: string, site: Site, prefix: string) =>
    new Interconnect(cloud, id, {
      site,
      community: { name: 'PSN for Policing', kind: 'psn-policing', gatewayAddress: '198.51.100.200', prefixes: [prefix] },
      coco: { reference: 'COCO-1', expires: '2027-02-28' },
      ithc: { reference: 'ITHC-1', date: '2026-06-01' },
    });
  const isa = (reference: string) => ({ reference, parties: ['A', 'B'], purpose: 'Test', legalGateway: 'DPA 2018 Part 3', reviewDate: '2027-09-30' });
  const partner = (name: string, prefix: string, via: Interconnect) => ({ partner: name, prefixes: [prefix], via });
  const exchange = (id: string, from: Workload | ReturnType<typeof partner>, to: Workload) =>
    new SecureExchange(cloud, id, { isa: isa(`ISA-${id}`), from, to, ports: [443], ceiling: Classification.OFFICIAL_SENSITIVE });
  exchange('aws-out', btp, essex);
  exchange('aws-in', partner('NCA', '172.20.1.0/24', community('psn-aws', aws, '172.20.0.0/16')), btp);
  exchange('azure-out', met, essex);
  exchange('azure-in', partner('HMRC', '172.21.1.0/24', community('psn-azure', azure, '172.21.0.0/16')), met);
  exchange('dc-out', essex, btp);
  exchange('dc-in', partner('Essex County Council', '172.22.1.0/24', community('psn-dc', supplier, '172.22.0.0/16')), essex);
  return cloud.toModel();
}

describe('PCR-27 on the outputs: where each exchange\'s records are logged is rendered', () => {
  const model = recorded();
  const outputs = rendered(model);

  test('holds on every platform, with the log stream, the table or the manifest rules as evidence', () => {
    const e = evaluateRule('PCR-27', model, outputs);
    expect(e.findings).toEqual([]);
    const evidence = (x: string) => outcome(e, x).evidence.map((r) => `${r.platform} ${r.type}`);
    expect(evidence('aws-out')).toEqual(['aws AWS::Logs::LogStream']);
    expect(evidence('aws-in')).toEqual(['aws AWS::Logs::LogStream']);
    expect(evidence('azure-out')).toEqual(['azure azurerm_log_analytics_workspace_table_custom_log']);
    expect(evidence('azure-in')).toEqual(['azure azurerm_log_analytics_workspace_table_custom_log']);
    for (const x of ['dc-out', 'dc-in']) expect(outcome(e, x).status).toBe('held');
  });

  test('a partner sending in is logged as a collection by the receiving enclave, on each platform', () => {
    const streams = outputs.stacks.flatMap((s) => Object.values(s.cloudformation?.Resources ?? {}).filter((r) => r.Type === 'AWS::Logs::LogStream').map((r) => `${s.plan.enclave} ${(r.Properties as { LogStreamName: string }).LogStreamName}`));
    expect(streams.sort()).toEqual(['aws-net/btp collections/aws-in', 'aws-net/btp disclosures/aws-out']);
    const tables = outputs.stacks.flatMap((s) => Object.values((s.terraform?.resource?.azurerm_log_analytics_workspace_table_custom_log ?? {}) as Record<string, { name: string }>).map((t) => `${s.plan.enclave} ${t.name}`));
    expect(tables.sort()).toEqual(['azure-net/met Collections_azure_in_CL', 'azure-net/met Disclosures_azure_out_CL']);
    const manifest = outputs.firewall.find((m) => m.site === 'supplier-dc')!;
    const records = new Map(manifest.rules.filter((r) => r.exchange).map((r) => [r.exchange!.path, r.exchange!.records]));
    expect(Object.fromEntries(records)).toEqual({
      'aws-out': undefined,
      'azure-out': undefined,
      'dc-out': { enclave: 'supplier-net/essex', kind: 'disclosures', auditSyslog: 'syslog.soc.example:6514' },
      'dc-in': { enclave: 'supplier-net/essex', kind: 'collections', auditSyslog: 'syslog.soc.example:6514' },
    });
    const control = manifest.operatorControls.find((c) => c.control === 'Records of secure exchanges')!;
    expect(control.rule).toBe('PCR-27');
    expect(control.requirement).toContain('dc-in (collections, supplier-net/essex, syslog.soc.example:6514)');
  });

  test('fails when the AWS log stream is missing', () => {
    const broken = rendered(model);
    const stack = broken.stacks.find((s) => s.plan.enclave === 'aws-net/btp')!;
    const resources = stack.cloudformation!.Resources as Record<string, { Type: string; Properties?: { LogStreamName?: string } }>;
    for (const [id, r] of Object.entries(resources)) if (r.Properties?.LogStreamName === 'collections/aws-in') delete resources[id];
    expect(evaluateRule('PCR-27', model, broken).findings.map((f) => `${f.path}: ${f.problem}`)).toEqual([
      'aws-in: no collections log of exchange aws-in is rendered in the audit log group of aws-net/btp',
    ]);
  });

  test('fails when the Azure table is missing', () => {
    const broken = rendered(model);
    const stack = broken.stacks.find((s) => s.plan.enclave === 'azure-net/met')!;
    const tables = stack.terraform!.resource!.azurerm_log_analytics_workspace_table_custom_log as Record<string, { name: string }>;
    for (const [id, t] of Object.entries(tables)) if (t.name === 'Disclosures_azure_out_CL') delete tables[id];
    expect(evaluateRule('PCR-27', model, broken).findings.map((f) => `${f.path}: ${f.problem}`)).toEqual([
      'azure-out: no disclosures log of exchange azure-out is rendered in the audit workspace of azure-net/met',
    ]);
  });

  test('fails when the firewall manifest does not name the audit syslog for an exchange logged on the site', () => {
    const broken = rendered(model);
    const manifest = broken.firewall.find((m) => m.site === 'supplier-dc')! as unknown as { rules: { exchange?: { path: string; records?: unknown } }[] };
    for (const r of manifest.rules) if (r.exchange?.path === 'dc-in') delete r.exchange.records;
    expect(evaluateRule('PCR-27', model, broken).findings.map((f) => `${f.path}: ${f.problem}`)).toEqual([
      'dc-in: no collections log of exchange dc-in is rendered in the firewall manifest of site supplier-dc for supplier-net/essex',
    ]);
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
