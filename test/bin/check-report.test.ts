import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pcloud, snapshotTree } from './cli';

const WEAKENED = path.join('test', 'fixtures', 'definitions', 'weakened-aws.ts');
const SMALL = path.join('test', 'fixtures', 'definitions', 'small-aws.ts');

describe('pcloud check, report and synthesis with findings', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-check-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('check prints the table, writes findings.json and exits 1 on an error finding', () => {
    const out = path.join(tmp, 'findings.json');
    const result = pcloud(['check', WEAKENED, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/PCR-05\s+error\s+net\/kent\/scratch\s+the vm's disks are not encrypted at rest/);
    expect(result.stdout).toContain('fix: keep diskEncryption on, or record a risk acceptance for PCR-05');
    const findings = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(findings.summary.errors).toBeGreaterThanOrEqual(2);
    expect(findings.outputsChecked).toBe(true);
  });

  test('check reports accepted findings with their reference and exits 0', () => {
    const out = path.join(tmp, 'accepted.json');
    const result = pcloud(['check', WEAKENED, '--out', out], { PCLOUD_TEST_ACCEPT: '1' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('accepted: RR-2026-301 by Kent Police SIRO, until 2099-01-01');
    const summary = JSON.parse(fs.readFileSync(out, 'utf8')).summary;
    expect(summary.errors).toBe(0);
    // PCR-05 on the model and on the rendered EBS volume, PCR-06 on the model
    expect(summary.accepted).toBe(3);
  });

  test('check with --today after an acceptance expires fails on the expired acceptance', () => {
    const result = pcloud(['check', WEAKENED, '--out', path.join(tmp, 'expired.json'), '--today', '2099-01-02'], { PCLOUD_TEST_ACCEPT: '1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('risk acceptance RR-2026-301 expired on 2099-01-01');
  });

  test('synth refuses to write while an error finding stands, and leaves the previous output', () => {
    const out = path.join(tmp, 'out');
    expect(pcloud(['synth', SMALL, '--out', out, '--no-validate']).status).toBe(0);
    const before = snapshotTree(out);
    const result = pcloud(['synth', WEAKENED, '--out', out, '--no-validate']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nothing written: error findings stand');
    expect(result.stderr).toMatch(/PCR-05\s+error\s+net\/kent\/scratch/);
    expect(snapshotTree(out)).toEqual(before);
  });

  test('report writes the evidence pack, errors and all', () => {
    const out = path.join(tmp, 'pack');
    const result = pcloud(['report', WEAKENED, '--out', out]);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(out, 'evidence')).sort()).toEqual(['evidence.html', 'evidence.json', 'evidence.md', 'evidence.svg']);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'evidence', 'evidence.json'), 'utf8'));
    expect(report.summary.errors).toBeGreaterThanOrEqual(2);
    expect(fs.readFileSync(path.join(out, 'evidence', 'evidence.html'), 'utf8')).toContain('<svg');
  });

  test('--today takes only a date', () => {
    const result = pcloud(['check', SMALL, '--today', 'tomorrow']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected a date YYYY-MM-DD');
  });
});
