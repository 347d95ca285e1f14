import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, STACK_FRAME, pcloud, snapshotTree } from './cli';

const SMALL = path.join('test', 'fixtures', 'definitions', 'small-aws.ts');

describe('pcloud synth', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('writes the cloud assembly, model.json and a summary; progress goes to stderr', () => {
    const out = path.join(tmp, 'small');
    const result = pcloud(['synth', SMALL, '--out', out, '--no-validate']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Synthesised estate "small"');
    expect(result.stdout).toMatch(/aws\s+network\s+small-net\b/);
    expect(result.stdout).toMatch(/aws\s+enclave\s+small-net-kent\b/);
    expect(result.stderr).toContain('pcloud: aws: 3 CloudFormation stacks');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'cdk.out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts)).toEqual(expect.arrayContaining(['small-aws-london', 'small-net', 'small-net-kent']));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')).name).toBe('small');
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.staging-') || f.includes('.retired-'))).toEqual([]);
  });

  test('a second synthesis replaces the output and keeps local Terraform state', () => {
    const out = path.join(tmp, 'again');
    expect(pcloud(['synth', SMALL, '--out', out, '--no-validate']).status).toBe(0);
    fs.mkdirSync(path.join(out, 'terraform-state'));
    fs.writeFileSync(path.join(out, 'terraform-state', 'x.tfstate'), 'state');
    fs.writeFileSync(path.join(out, 'stale.txt'), 'from an older synth');
    expect(pcloud(['synth', SMALL, '--out', out, '--no-validate']).status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'terraform-state', 'x.tfstate'), 'utf8')).toBe('state');
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
  });

  test('fails with exit 2 and a message when an argument is wrong', () => {
    const result = pcloud(['synth', SMALL, '--target', 'gcp']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/argument 'gcp' is invalid. Allowed choices are aws, azure, vsphere/);
    expect(pcloud(['deploy']).status).toBe(2);
  });

  test('fails with exit 2 naming the file when the definition does not exist', () => {
    const result = pcloud(['synth', 'examples/missing.ts']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('definition file not found: examples/missing.ts');
  });

  test('prints a stack trace for a bad definition only with --verbose', () => {
    const bad = path.join('test', 'fixtures', 'invalid', 'throws-type-error.ts');
    const quiet = pcloud(['synth', bad, '--out', path.join(tmp, 'v')]);
    const verbose = pcloud(['--verbose', 'synth', bad, '--out', path.join(tmp, 'v')]);
    expect(quiet.stderr).not.toMatch(STACK_FRAME);
    expect(verbose.status).toBe(2);
    expect(verbose.stderr).toMatch(STACK_FRAME);
  });

  test('--help and --version exit 0', () => {
    const help = pcloud(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('synth [options] [definition]');
    expect(pcloud(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('a synthesis killed halfway leaves the previous output as it was', async () => {
    const out = path.join(tmp, 'killed');
    expect(pcloud(['synth', SMALL, '--out', out, '--no-validate']).status).toBe(0);
    const before = snapshotTree(out);
    const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(ROOT, 'bin', 'pcloud.ts'), 'synth', SMALL, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const staging = `${out}.staging-${child.pid}`;
    const started = Date.now();
    while (!fs.existsSync(staging) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 5));
    expect(fs.existsSync(staging)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(snapshotTree(out)).toEqual(before);
    // The next synthesis tidies up what the killed one left.
    expect(pcloud(['synth', SMALL, '--out', out, '--no-validate']).status).toBe(0);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('killed.'))).toEqual([]);
  });
});
