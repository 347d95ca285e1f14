import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Classification, SecureExchange, TenantEnclave, Workload } from '../../../index';
import { diffSynthOutputs } from '../../../lib/diff';
import type { DiffReport } from '../../../lib/diff/report';
import { buildEstate, type CorpusCase } from './corpus';

// The corpus: base/head pairs of one estate on all three platforms, each with the categories the
// diff must report. Both sides go through `synth` (rules included), as in a pipeline.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-corpus-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const TODAY = '2026-11-22';
let baseDir: string;

beforeAll(() => {
  baseDir = path.join(tmp, 'base');
  buildEstate().synth({ outdir: baseDir, validateCloudFormation: false, today: TODAY });
});

const child = <T>(scope: { node: { findChild(id: string): unknown } }, id: string) => scope.node.findChild(id) as T;

const CASES: readonly CorpusCase[] = [
  { name: 'no change', head: () => buildEstate(), expected: [] },
  { name: 'add a workload', head: () => buildEstate({}, ({ btp }) => void new Workload(btp, 'batch', { kind: 'vm' })), expected: [] },
  { name: 'resize a VM', head: () => buildEstate({ appSize: 'medium' }), expected: [], also: 'the instance is updated in place' },
  { name: 'remove a database', head: () => buildEstate({ withDb: false }), expected: ['data-loss'] },
  { name: 'widen a flow', head: () => buildEstate({ appPorts: { protocol: 'tcp', from: 8443, to: 8445 } }), expected: ['broadening'] },
  {
    name: 'add a flow',
    head: () =>
      buildEstate({}, ({ kent }) => {
        const batch = new Workload(kent, 'batch', { kind: 'vm' });
        child<Workload>(kent, 'db').allowFrom(batch, 5432);
      }),
    expected: ['broadening'],
  },
  { name: 'raise a classification', head: () => buildEstate({ btpClassification: Classification.OFFICIAL_SENSITIVE }), expected: ['reaccreditation'] },
  { name: "turn a disk's encryption off through an acceptance", head: () => buildEstate({ kentDiskEncryption: false }), expected: ['weakening'] },
  { name: 'move a network to another site', head: () => buildEstate({ awsSite: 'azure' }), expected: ['data-loss', 'reaccreditation'] },
  { name: 'shorten log retention', head: () => buildEstate({ auditRetentionDays: 90 }), expected: ['weakening'] },
  { name: 'remove an enclave', head: () => buildEstate({ withEssex: false }), expected: ['data-loss'] },
  {
    name: 'add an enclave',
    head: () => buildEstate({}, ({ kent }) => void new TenantEnclave(kent.network, 'surrey', { tenant: 'surrey', addressSpace: '10.40.16.0/22' })),
    expected: ['reaccreditation'],
  },
  { name: 'renew the accreditation record', head: () => buildEstate({ accreditationExpires: '2100-01-01' }), expected: ['reaccreditation'] },
  { name: 'swap native threat detection for a SIEM export', head: () => buildEstate({ nativeThreatDetection: false }), expected: ['weakening'] },
  { name: 'add an administrator group', head: () => buildEstate({ extraAdmins: true }), expected: ['broadening'] },
  { name: 'stop recording a vSphere fact (accepted)', head: () => buildEstate({ supplierIpfix: false }), expected: ['weakening'] },
  { name: 'extend a risk acceptance', head: () => buildEstate({ acceptanceExpires: '2099-06-01' }), expected: ['weakening'] },
  { name: "move an enclave's address space", head: () => buildEstate({ kentAddress: '10.40.12.0/22' }), expected: ['data-loss'] },
  { name: 'rename a workload with renamedFrom', head: () => buildEstate({ renameApp: true }), expected: [] },
  {
    name: 'add an exchange',
    head: () =>
      buildEstate({}, ({ cloud, kent }) => {
        const essex = child<Workload>(child<TenantEnclave>(kent.network, 'essex'), 'app');
        new SecureExchange(cloud, 'kent-essex-intel', {
          isa: { reference: 'ISA-CORPUS-1', parties: ['Kent Police', 'Essex Police'], purpose: 'Joint intelligence', legalGateway: 'DPA 2018 Part 3', reviewDate: '2099-01-01' },
          from: child<Workload>(kent, 'app'),
          to: essex,
          ports: [8443],
          ceiling: Classification.OFFICIAL_SENSITIVE,
        });
      }),
    expected: ['broadening', 'reaccreditation'],
  },
];

describe('the diff corpus', () => {
  test('has at least 15 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  const reports = new Map<string, DiffReport>();
  const reportOf = (c: CorpusCase): DiffReport => {
    let report = reports.get(c.name);
    if (!report) {
      const headDir = path.join(tmp, c.name.replace(/[^a-z0-9]+/gi, '-'));
      c.head().synth({ outdir: headDir, validateCloudFormation: false, today: TODAY });
      report = diffSynthOutputs(baseDir, headDir);
      reports.set(c.name, report);
    }
    return report;
  };

  test.each(CASES.map((c) => [c.name, c]))('%s', (_name, c) => {
    const report = reportOf(c as CorpusCase);
    expect({ verdict: report.verdict, items: report.items.map((i) => `${i.category} ${i.rule} ${i.summary}`) }).toEqual({
      verdict: (c as CorpusCase).expected,
      items: expect.any(Array),
    });
    for (const i of report.items) expect(i.principles.length).toBeGreaterThan(0);
  });

  test('no change: no stack changes at all', () => {
    expect(reportOf(CASES[0]).stacks.filter((s) => s.status !== 'unchanged')).toEqual([]);
  });

  test('resize a VM: the instance is updated in place, nothing replaced', () => {
    const report = reportOf(CASES.find((c) => c.name === 'resize a VM')!);
    const changes = report.stacks.flatMap((s) => s.changes);
    expect(changes).toEqual([expect.objectContaining({ type: 'AWS::EC2::Instance', action: 'update', changed: ['InstanceType'] })]);
  });

  test('remove a database: the RDS instance is removed, retained, and named under data loss', () => {
    const report = reportOf(CASES.find((c) => c.name === 'remove a database')!);
    const rds = report.stacks.flatMap((s) => s.changes).find((c) => c.type === 'AWS::RDS::DBInstance')!;
    expect(rds).toMatchObject({ action: 'remove', retained: true });
    expect(report.items.filter((i) => i.category === 'data-loss').map((i) => i.rule)).toContain('PCR-28');
  });

  test('widen a flow: the security-group table shows the new rule', () => {
    const report = reportOf(CASES.find((c) => c.name === 'widen a flow')!);
    expect(report.items.some((i) => i.summary.startsWith('security group rule added') && i.summary.includes('8443-8445'))).toBe(true);
  });

  test('rename with renamedFrom: moved, nothing replaced or removed', () => {
    const report = reportOf(CASES.find((c) => c.name === 'rename a workload with renamedFrom')!);
    const changes = report.stacks.flatMap((s) => s.changes);
    expect(changes.filter((c) => c.action === 'replace' || c.action === 'remove' || c.action === 'may-replace')).toEqual([]);
    expect(changes.filter((c) => c.action === 'move').length).toBeGreaterThan(0);
    expect(report.model.filter((m) => m.change === 'renamed').map((m) => [m.path, m.basePath])).toEqual([
      ['met-net/met/case-app', 'met-net/met/app'],
      // the flow's identity includes its source, so it follows the rename rather than being removed and added
      ['met-net/met/case-app->met-net/met/store:tcp/443', 'met-net/met/app->met-net/met/store:tcp/443'],
    ]);
  });

  test('move a network to another site: the AWS stacks go, Azure stacks come', () => {
    const report = reportOf(CASES.find((c) => c.name === 'move a network to another site')!);
    expect(report.stacks.filter((s) => s.status === 'removed').map((s) => s.platform)).toContain('aws');
    expect(report.stacks.filter((s) => s.status === 'added').map((s) => s.platform)).toContain('azure');
  });
});
