import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pcloud } from './cli';

const WEAKENED = path.join('test', 'fixtures', 'definitions', 'weakened-aws.ts');
const CHANGESET = path.join('test', 'fixtures', 'diff', 'cloudformation', 'changeset-replace-instance.json');

describe('pcloud diff', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-diff-'));
  const base = path.join(tmp, 'base');
  const head = path.join(tmp, 'head');
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  beforeAll(() => {
    // The same estate before and after a VM with encryption off (and its acceptances) was added.
    expect(pcloud(['synth', WEAKENED, '--out', head, '--no-validate'], { PCLOUD_TEST_ACCEPT: '1' }).status).toBe(0);
    fs.writeFileSync(path.join(tmp, 'base.ts'), fs.readFileSync(WEAKENED, 'utf8').replace("new Workload(kent, 'scratch', { kind: 'vm', diskEncryption: false });", '').replace("if (process.env.PCLOUD_TEST_ACCEPT === '1')", 'if (false)'));
    expect(pcloud(['synth', path.join(tmp, 'base.ts'), '--out', base, '--no-validate']).status).toBe(0);
  });

  test('prints the verdict for a terminal and exits 0 without --fail-on', () => {
    const result = pcloud(['diff', base, head]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('verdict: weakening');
    expect(result.stdout).toMatch(/PCR-05 \[NCSC 2 Asset protection and resilience\] net\/kent\/scratch: risk acceptance RR-2026-301/);
  });

  test('--fail-on exits 1 when a listed category occurs, 0 when none does', () => {
    const failing = pcloud(['diff', base, head, '--fail-on', 'data-loss,weakening']);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain('pcloud: failing: weakening (--fail-on data-loss,weakening)');
    expect(pcloud(['diff', base, head, '--fail-on', 'data-loss,broadening']).status).toBe(0);
    expect(pcloud(['diff', base, base, '--fail-on', 'any']).status).toBe(0);
  });

  test('--format md gives a pull-request comment with the verdict and counts first', () => {
    const md = pcloud(['diff', base, head, '--format', 'md']).stdout;
    expect(md.split('\n').slice(0, 4).join('\n')).toContain('**Verdict: weakening.**');
    expect(md).toContain('| Weakening | ');
    expect(md).toContain('<details><summary><code>weakened-net-kent</code>');
    expect(md.length).toBeLessThan(60_000);
  });

  test('--format json is versioned', () => {
    const out = path.join(tmp, 'diff.json');
    expect(pcloud(['diff', base, head, '--format', 'json', '--out', out]).status).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ version: 1, verdict: ['weakening'], counts: { weakening: expect.any(Number), 'data-loss': 0 } });
    expect(report.stacks.find((s: { stack: string }) => s.stack === 'weakened-net-kent').counts.add).toBeGreaterThan(0);
  });

  test('--changeset makes a described change set the authority for its stack', () => {
    const report = JSON.parse(pcloud(['diff', base, head, '--format', 'json', '--changeset', CHANGESET]).stdout);
    const stack = report.stacks.find((s: { stack: string }) => s.stack === 'weakened-net-kent');
    expect(stack.source).toBe('changeset');
    expect(stack.changes).toEqual([
      expect.objectContaining({ id: 'kentscratch6F1E33C0', action: 'replace', replacing: ['BlockDeviceMappings'] }),
      expect.objectContaining({ id: 'kentscratchSecurityGroup2B8E6C1A', action: 'update' }),
    ]);
    expect(report.verdict).toContain('data-loss');
  });

  test.each([
    [['diff', 'no-such-folder', 'head'], 'BASE folder no-such-folder does not exist'],
    [['diff', 'test', 'head'], 'BASE folder test is not a pcloud synth output (it has no model.json)'],
    [['diff', 'BASE', 'HEAD', '--fail-on', 'scary'], 'expected a comma-separated list of data-loss, broadening, weakening, reaccreditation, any; not scary'],
    [['diff', 'BASE', 'HEAD', '--format', 'html'], "argument 'html' is invalid"],
  ])('exits 2 for bad input: %j', (args, message) => {
    const resolved = (args as string[]).map((a) => (a === 'BASE' ? base : a === 'HEAD' ? head : a === 'head' ? head : a));
    const result = pcloud(resolved);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message as string);
  });

  test('exits 2 for a change set or plan that is not one', () => {
    const bogus = path.join(tmp, 'bogus.json');
    fs.writeFileSync(bogus, '{"hello": 1}');
    const result = pcloud(['diff', base, head, '--changeset', `weakened-net-kent=${bogus}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a described change set');
    expect(pcloud(['diff', base, head, '--plan', `no-such-stack=${bogus}`]).stderr).toContain('no stack named "no-such-stack"');
  });
});
