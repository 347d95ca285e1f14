// `npm run bench`: measures the compiled command line (dist/) in fresh processes and writes
// bench/results.json and a table. Not part of `npm test`: timings depend on the machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'bin', 'pcloud.js');
const USAGE = path.join(__dirname, 'usage.js');
const RUNS = Number(process.env.PCLOUD_BENCH_RUNS ?? 5);

interface Sample {
  readonly wallMs: number;
  readonly maxRssMiB: number;
}

export interface Measurement {
  readonly name: string;
  readonly runs: number;
  readonly medianWallMs: number;
  readonly medianMaxRssMiB: number;
  readonly target?: string;
  readonly met?: boolean;
}

/** Runs `node <args>` once in a fresh process; `okCodes` are the exit codes that mean it worked. */
function sample(args: readonly string[], okCodes: readonly number[] = [0]): Sample {
  const usage = path.join(os.tmpdir(), `pcloud-bench-usage-${process.pid}.json`);
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', USAGE, ...args], { cwd: ROOT, env: { ...process.env, PCLOUD_BENCH_USAGE: usage }, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status === null || !okCodes.includes(run.status)) {
    throw new Error(`node ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.stderr}`);
  }
  const { maxRssKiB } = JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKiB: number };
  fs.rmSync(usage);
  return { wallMs, maxRssMiB: maxRssKiB / 1024 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function measure(name: string, args: readonly string[], opts: { okCodes?: readonly number[]; targetMs?: number } = {}): Measurement {
  const samples = Array.from({ length: RUNS }, () => sample(args, opts.okCodes));
  const medianWallMs = Math.round(median(samples.map((s) => s.wallMs)));
  return {
    name,
    runs: RUNS,
    medianWallMs,
    medianMaxRssMiB: Math.round(median(samples.map((s) => s.maxRssMiB))),
    ...(opts.targetMs !== undefined ? { target: `≤ ${opts.targetMs} ms`, met: medianWallMs <= opts.targetMs } : {}),
  };
}

/** `pcloud diff` of two national-example outputs: the example, and the example after a typical change. */
function nationalDiff(work: string): Measurement {
  const base = path.join(work, 'base');
  const head = path.join(work, 'head');
  sample([CLI, 'synth', 'examples/national-pcloud.ts', '--out', base]);
  sample([CLI, 'synth', 'bench/national-head.ts', '--out', head]);
  // Exit 1 is the verdict of --fail-on: the head broadens, which the measurement includes.
  return measure('pcloud diff of two national outputs (--format md --fail-on data-loss,broadening)', [CLI, 'diff', base, head, '--format', 'md', '--fail-on', 'data-loss,broadening'], {
    okCodes: [0, 1],
    targetMs: 1000,
  });
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run npm run build first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-bench-'));
  try {
    const measurements = [nationalDiff(work)];
    const results = {
      machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      measurements,
    };
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    const rows = measurements.map((m) => [m.name, `${m.medianWallMs} ms`, `${m.medianMaxRssMiB} MiB`, m.target ?? '', m.met === undefined ? '' : m.met ? 'met' : 'MISSED']);
    const header = ['measurement (median of fresh processes)', 'wall', 'peak RSS', 'target', ''];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
    console.log(`\n${RUNS} runs each on ${results.machine.cpus} cores, Node ${process.version}; written to bench/results.json`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
