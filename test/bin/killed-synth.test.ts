import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, pcloud, snapshotTree } from './cli';

// A synthesis killed halfway (a CI runner cancelled, a laptop closed) must leave the previous
// output exactly as it was, and the next synthesis must tidy up after it.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pcloud synth killed halfway', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-killed-'));
  const out = path.join(dir, 'pcloud.out');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('leaves the previous output intact; the next synth removes what it left and writes in full', async () => {
    fs.mkdirSync(path.join(out, 'cdk.out'), { recursive: true });
    fs.writeFileSync(path.join(out, 'model.json'), '{"previous":true}\n');
    fs.writeFileSync(path.join(out, 'cdk.out', 'manifest.json'), '{}\n');
    const before = snapshotTree(out);

    const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(ROOT, 'bin', 'pcloud.ts'), 'synth', 'examples/national-pcloud.ts', '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const staging = `${out}.staging-${child.pid}`;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill it once it is writing its staging folder: halfway through rendering.
    for (let waited = 0; !fs.existsSync(path.join(staging, 'model.json')) && waited < 60_000; waited += 50) await sleep(50);
    expect(fs.existsSync(path.join(staging, 'model.json'))).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(snapshotTree(out)).toEqual(before);
    expect(fs.existsSync(staging)).toBe(true);

    const again = pcloud(['synth', 'examples/national-pcloud.ts', '--out', out]);
    expect(again.status).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['pcloud.out']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')).name).toBe('national');
  });
});
