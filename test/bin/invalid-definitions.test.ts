import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, STACK_FRAME, pcloud, snapshotTree } from './cli';

// Every file in test/fixtures/invalid is a definition pcloud must refuse. Its first line says
// what the message must contain: `// expect: fragment | fragment ...`.
const DIR = path.join(ROOT, 'test', 'fixtures', 'invalid');
const fixtures = fs.readdirSync(DIR).filter((f) => /\.(ts|js)$/.test(f)).sort();

function expectations(file: string): string[] {
  const first = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n')[0];
  const match = /^\/\/ expect: (.+)$/.exec(first);
  if (!match) throw new Error(`${file} has no "// expect:" line`);
  return match[1].split('|').map((s) => s.trim());
}

describe('pcloud synth refuses invalid definitions', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-invalid-'));
  const previous = path.join(out, 'pcloud.out');
  fs.mkdirSync(path.join(previous, 'cdk.out'), { recursive: true });
  fs.writeFileSync(path.join(previous, 'model.json'), '{"previous":true}\n');
  fs.writeFileSync(path.join(previous, 'cdk.out', 'manifest.json'), '{}\n');
  const before = snapshotTree(previous);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('there are fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  test.each(fixtures)('%s: exit 2, the file, the problem and the fix, no stack trace, previous output intact', (file) => {
    const relative = path.join('test', 'fixtures', 'invalid', file);
    const result = pcloud(['synth', relative, '--out', previous]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(relative);
    for (const fragment of expectations(file)) expect(result.stderr).toContain(fragment);
    expect(result.stderr).toMatch(/fix:\s+\S/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
    expect(snapshotTree(previous)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual(['pcloud.out']);
  });
});
