// `npm run bench`: measures the compiled command line (dist/) in fresh processes against a
// hand-written equivalent (bench/hand/, compiled ahead so that it pays no TypeScript at run time),
// and writes bench/results.json and a table. Not part of `npm test`: timings depend on the machine.
//
// Environment: PCLOUD_BENCH_RUNS (default 5) fresh processes per measurement, medians reported;
// PCLOUD_BENCH_SIZES (default 1x10,10x10,48x10,48x40) the estates, forces x workloads;
// PCLOUD_BENCH_PROPERTY_RUNS (default 1000) the random estates whose invariants are checked.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareCounts, summarise, type OutputSummary } from './outputs';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'bin', 'pcloud.js');
const USAGE = path.join(__dirname, 'usage.js');
const ESTATE = path.join('bench', 'estate.ts');
/** The hand-written equivalent, transpiled here; node_modules/.cache is ignored by git and resolves aws-cdk-lib and cdktf. */
const HAND_OUT = path.join(ROOT, 'node_modules', '.cache', 'pcloud-bench');
const HAND = path.join(HAND_OUT, 'hand', 'main.js');
const RUNS = Number(process.env.PCLOUD_BENCH_RUNS ?? 5);
const PROPERTY_RUNS = Number(process.env.PCLOUD_BENCH_PROPERTY_RUNS ?? 1000);
const PROPERTY_SEED = 20261122;
const SIZES = (process.env.PCLOUD_BENCH_SIZES ?? '1x10,10x10,48x10,48x40').split(',').map((s) => {
  const [forces, workloads] = s.split('x').map(Number);
  return { forces, workloads, label: `${forces}x${workloads}` };
});
/** Target frameworks: importing pcloud must load none; an AWS-only estate none of the Terraform ones. */
const isAwsFramework = (name: string) => name === 'aws-cdk-lib' || name.startsWith('@aws-cdk/');
const isTerraformFramework = (name: string) => name === 'cdktf' || name.startsWith('@cdktf/');
const isFramework = (name: string) => isAwsFramework(name) || isTerraformFramework(name);

interface Sample {
  readonly wallMs: number;
  readonly maxRssMiB: number;
  readonly modules: number;
  readonly packages: Readonly<Record<string, number>>;
}

interface Stats {
  readonly runs: number;
  readonly medianWallMs: number;
  readonly medianMaxRssMiB: number;
  readonly wallMs: readonly number[];
  readonly maxRssMiB: readonly number[];
}

interface Target {
  readonly target: string;
  readonly figure: string;
  readonly limit: string;
  readonly met: boolean;
  /** How far past the limit, when missed. */
  readonly missedBy?: string;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Runs `node <args>` once in a fresh process; `okCodes` are the exit codes that mean it worked. */
function sample(args: readonly string[], opts: { env?: Record<string, string>; okCodes?: readonly number[] } = {}): Sample {
  const usage = path.join(os.tmpdir(), `pcloud-bench-usage-${process.pid}.json`);
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', USAGE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, PCLOUD_BENCH_USAGE: usage },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status === null || !(opts.okCodes ?? [0]).includes(run.status)) {
    throw new Error(`node ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.stderr.slice(-4000)}`);
  }
  const { maxRssKiB, modules, packages } = JSON.parse(fs.readFileSync(usage, 'utf8')) as { maxRssKiB: number; modules: number; packages: Record<string, number> };
  fs.rmSync(usage);
  return { wallMs, maxRssMiB: maxRssKiB / 1024, modules, packages };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function stats(samples: readonly Sample[]): Stats {
  const wallMs = samples.map((s) => Math.round(s.wallMs));
  const maxRssMiB = samples.map((s) => Math.round(s.maxRssMiB));
  return { runs: samples.length, medianWallMs: Math.round(median(wallMs)), medianMaxRssMiB: Math.round(median(maxRssMiB)), wallMs, maxRssMiB };
}

/** Runs `a` and `b` alternately, `runs` times each, so that a change in the machine's load falls on both. */
function alternate(runs: number, a: () => Sample, b: () => Sample, label: string): [Sample[], Sample[]] {
  const [as, bs]: [Sample[], Sample[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    log(`${label} run ${i + 1}/${runs}`);
    as.push(a());
    bs.push(b());
  }
  return [as, bs];
}

function frameworksIn(packages: Readonly<Record<string, number>>, which: (name: string) => boolean = isFramework): string[] {
  return Object.keys(packages).filter(which).sort();
}

/** Transpiles the hand-written equivalent (no type-check: `npm run typecheck` covers bench/) so that its runs pay no TypeScript. */
function compileHand(): void {
  const ts: typeof import('typescript') = require('typescript');
  fs.rmSync(HAND_OUT, { recursive: true, force: true });
  const sources = ['estate-spec.ts', ...fs.readdirSync(path.join(__dirname, 'hand')).filter((f) => f.endsWith('.ts')).map((f) => path.join('hand', f))];
  for (const source of sources) {
    const text = fs.readFileSync(path.join(__dirname, source), 'utf8');
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, useDefineForClassFields: true },
      fileName: source,
    });
    const out = path.join(HAND_OUT, source.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
}

interface SizeResult {
  readonly estate: string;
  readonly forces: number;
  readonly workloadsPerForce: number;
  readonly platforms: string;
  readonly pcloud: Stats & { readonly output: Omit<OutputSummary, 'stacks'>; readonly frameworks: readonly string[] };
  readonly hand: Stats & { readonly output: Omit<OutputSummary, 'stacks'>; readonly frameworks: readonly string[] };
  readonly timeRatio: number;
  readonly rssRatio: number;
  readonly stacks: number;
  /** Per-stack resource-type counts that differ between pcloud's output and the hand-written one (empty: the same). */
  readonly countDifferences: readonly string[];
}

/** pcloud synth and the hand-written equivalent of one estate, same validator setting (on: pcloud synth's default). */
function synthPair(work: string, forces: number, workloads: number, platforms = 'aws,azure,vsphere'): SizeResult {
  const label = `${forces}x${workloads}${platforms === 'aws,azure,vsphere' ? '' : ` ${platforms}`}`;
  const env = { PCLOUD_BENCH_FORCES: String(forces), PCLOUD_BENCH_WORKLOADS: String(workloads), PCLOUD_BENCH_PLATFORMS: platforms };
  const outA = path.join(work, `pcloud-${label.replace(/\W+/g, '-')}`);
  const outB = path.join(work, `hand-${label.replace(/\W+/g, '-')}`);
  const fresh = (dir: string) => fs.rmSync(dir, { recursive: true, force: true });
  const [a, b] = alternate(
    RUNS,
    () => (fresh(outA), sample([CLI, 'synth', ESTATE, '--out', outA], { env })),
    () => (fresh(outB), sample([HAND, '--out', outB], { env })),
    `synth ${label}`,
  );
  const [sa, sb] = [summarise(outA), summarise(outB)];
  const { stacks: countsA, ...outputA } = sa;
  const { stacks: countsB, ...outputB } = sb;
  const differences = compareCounts(countsA, countsB);
  const [stA, stB] = [stats(a), stats(b)];
  fresh(outA);
  fresh(outB);
  return {
    estate: label,
    forces,
    workloadsPerForce: workloads,
    platforms,
    pcloud: { ...stA, output: outputA, frameworks: frameworksIn(a[0].packages) },
    hand: { ...stB, output: outputB, frameworks: frameworksIn(b[0].packages) },
    timeRatio: round(stA.medianWallMs / stB.medianWallMs, 2),
    rssRatio: round(stA.medianMaxRssMiB / stB.medianMaxRssMiB, 2),
    stacks: Object.keys(countsA).length,
    countDifferences: differences,
  };
}

/** `require('./dist')` against bare node: what importing the package costs, and which packages it loads. */
function coldImport() {
  const runs = Math.max(RUNS * 2, 10);
  const [pkg, bare] = alternate(runs, () => sample(['-e', "require('./dist')"]), () => sample(['-e', '']), 'cold import');
  const packages = pkg[0].packages;
  return {
    package: stats(pkg),
    bareNode: stats(bare),
    aboveBareMs: stats(pkg).medianWallMs - stats(bare).medianWallMs,
    aboveBareMiB: stats(pkg).medianMaxRssMiB - stats(bare).medianMaxRssMiB,
    modules: pkg[0].modules - bare[0].modules,
    packages,
    frameworks: frameworksIn(packages),
  };
}

/** `pcloud check` of an estate alone (it renders every output without the validator and evaluates the rules). */
function checkAlone(work: string, forces: number, workloads: number) {
  const env = { PCLOUD_BENCH_FORCES: String(forces), PCLOUD_BENCH_WORKLOADS: String(workloads) };
  const findings = path.join(work, 'findings.json');
  const samples = Array.from({ length: RUNS }, (_, i) => (log(`check ${forces}x${workloads} run ${i + 1}/${RUNS}`), sample([CLI, 'check', ESTATE, '--out', findings], { env })));
  return { estate: `${forces}x${workloads}`, ...stats(samples) };
}

/** `pcloud diff` of two national-example outputs: the example, and the example after a typical change. */
function nationalDiff(work: string) {
  const base = path.join(work, 'base');
  const head = path.join(work, 'head');
  // As of a day the example's records are current, so that its expiry dates never stop the benchmark.
  const env = { PCLOUD_TODAY: '2026-11-22' };
  sample([CLI, 'synth', 'examples/national-pcloud.ts', '--out', base], { env });
  sample([CLI, 'synth', 'bench/national-head.ts', '--out', head], { env });
  // Exit 1 is the verdict of --fail-on: the head broadens, which the measurement includes.
  const samples = Array.from({ length: RUNS }, (_, i) => (
    log(`diff run ${i + 1}/${RUNS}`), sample([CLI, 'diff', base, head, '--format', 'md', '--fail-on', 'data-loss,broadening'], { okCodes: [0, 1] })
  ));
  return { command: 'pcloud diff base head --format md --fail-on data-loss,broadening', ...stats(samples) };
}

/**
 * The invariants of test/properties over PROPERTY_RUNS random estates, in two processes (one per
 * core) that check alternate cases: how many estates breached one, and the first breaches.
 */
async function properties() {
  const started = Date.now();
  log(`properties: ${PROPERTY_RUNS} random estates in 2 processes`);
  const shard = (k: number) =>
    new Promise<{ checked: number; breached: number; examples: { case: number; breaches: string[] }[] }>((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', 'sucrase/register/ts', path.join(__dirname, 'properties.ts'), String(PROPERTY_RUNS), String(PROPERTY_SEED), String(k), '2'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench/properties.ts shard ${k} exited ${code}`))));
    });
  const shards = await Promise.all([shard(0), shard(1)]);
  return {
    cases: shards.reduce((n, s) => n + s.checked, 0),
    seed: PROPERTY_SEED,
    breached: shards.reduce((n, s) => n + s.breached, 0),
    examples: shards.flatMap((s) => s.examples).sort((a, b) => a.case - b.case).slice(0, 5),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
}

function round(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mib = (m: number) => `${m} MiB`;
const kb = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function target(name: string, value: number, limit: number, show: (x: number) => string, over: (value: number, limit: number) => string): Target {
  const met = value <= limit;
  return { target: name, figure: show(value), limit: `≤ ${show(limit)}`, met, ...(met ? {} : { missedBy: over(value, limit) }) };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run npm run build first`);
  const started = Date.now();
  compileHand();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-bench-'));
  try {
    const imports = coldImport();
    const sizes = SIZES.map((s) => synthPair(work, s.forces, s.workloads));
    const awsOnly = synthPair(work, 10, 10, 'aws');
    const checkSize = sizes.find((s) => s.estate === '48x10') ?? sizes[sizes.length - 1];
    const check = checkAlone(work, checkSize.forces, checkSize.workloadsPerForce);
    const diff = nationalDiff(work);
    const property = await properties();

    const targets: Target[] = [];
    const ratioOver = (v: number, l: number) => `${round(v - l, 2)} (${pct(v / l - 1)} over)`;
    for (const s of sizes.filter((s) => s.forces === 48)) {
      targets.push(target(`synth time pcloud / hand-written at ${s.estate}`, s.timeRatio, 1.0, (x) => x.toFixed(2), ratioOver));
    }
    for (const s of sizes) {
      targets.push(target(`peak RSS pcloud / hand-written at ${s.estate}`, s.rssRatio, 1.2, (x) => x.toFixed(2), ratioOver));
    }
    const s10 = sizes.find((s) => s.estate === '10x10');
    const s48 = sizes.find((s) => s.estate === '48x10');
    if (s10 && s48) {
      const limit = 1.2 * 4.8 * s10.pcloud.medianWallMs;
      targets.push(target('48-force synth time within 1.2 × 4.8 × the 10-force time (48x10 vs 10x10)', s48.pcloud.medianWallMs, limit, sec, (v, l) => `${sec(v - l)} (${pct(v / l - 1)} over)`));
    }
    // Not a target of the issue: how each grows with the workloads per force (4x from 48x10 to 48x40).
    const s48x40 = sizes.find((s) => s.estate === '48x40');
    const growth = s48 && s48x40
      ? {
          estates: '48x40 / 48x10 (4x the workloads)',
          pcloud: round(s48x40.pcloud.medianWallMs / s48.pcloud.medianWallMs, 2),
          hand: round(s48x40.hand.medianWallMs / s48.hand.medianWallMs, 2),
        }
      : undefined;
    targets.push(target('cold import of the package above bare node', imports.aboveBareMs, 150, (x) => `${x} ms`, (v, l) => `${v - l} ms`));
    targets.push({
      target: 'cold import loads no aws-cdk-lib or cdktf module',
      figure: imports.frameworks.length ? imports.frameworks.join(', ') : 'none',
      limit: 'none',
      met: imports.frameworks.length === 0,
      ...(imports.frameworks.length ? { missedBy: imports.frameworks.join(', ') } : {}),
    });
    const terraformInAws = awsOnly.pcloud.frameworks.filter(isTerraformFramework);
    targets.push({
      target: 'AWS-only estate (10x10) loads no cdktf or provider module',
      figure: terraformInAws.length ? terraformInAws.join(', ') : 'none',
      limit: 'none',
      met: terraformInAws.length === 0,
      ...(terraformInAws.length ? { missedBy: terraformInAws.join(', ') } : {}),
    });
    const share = check.medianWallMs / checkSize.pcloud.medianWallMs;
    targets.push(target(`pcloud check alone / pcloud synth at ${checkSize.estate}`, share, 0.1, pct, (v, l) => `${Math.round((v - l) * 100)} points (${sec(check.medianWallMs - l * checkSize.pcloud.medianWallMs)} too slow)`));
    targets.push(target('pcloud diff of two national outputs', diff.medianWallMs, 1000, (x) => `${Math.round(x)} ms`, (v, l) => `${Math.round(v - l)} ms`));
    targets.push(target(`random estates breaching an invariant (of ${property.cases})`, property.breached, 0, String, (v) => `${v} estates`));

    const results = {
      machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      runs: RUNS,
      validator: "aws-cdk-lib's built-in CloudFormation validator on in both (pcloud synth's default)",
      sizes,
      awsOnly,
      coldImport: imports,
      check: { ...check, shareOfSynth: round(share, 3), synthMedianWallMs: checkSize.pcloud.medianWallMs },
      diff,
      properties: property,
      targets,
      ...(growth ? { growth } : {}),
      benchWallSeconds: Math.round((Date.now() - started) / 1000),
    };
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');

    const out: string[] = [];
    out.push(`pcloud synth vs hand-written (bench/hand/), medians of ${RUNS} fresh processes, CloudFormation validator on in both`);
    out.push(
      table(
        ['estate', 'stacks', 'resources', 'pcloud wall', 'hand wall', 'time ratio', 'pcloud RSS', 'hand RSS', 'RSS ratio', 'pcloud bytes', 'hand bytes', 'per-stack counts'],
        [...sizes, awsOnly].map((s) => [
          s.platforms === 'aws,azure,vsphere' ? s.estate : `${s.forces}x${s.workloadsPerForce} AWS only`,
          String(s.stacks),
          s.pcloud.output.resources === s.hand.output.resources ? String(s.pcloud.output.resources) : `${s.pcloud.output.resources} / ${s.hand.output.resources}`,
          sec(s.pcloud.medianWallMs),
          sec(s.hand.medianWallMs),
          s.timeRatio.toFixed(2),
          mib(s.pcloud.medianMaxRssMiB),
          mib(s.hand.medianMaxRssMiB),
          s.rssRatio.toFixed(2),
          kb(s.pcloud.output.bytes),
          kb(s.hand.output.bytes),
          s.countDifferences.length ? `${s.countDifferences.length} differ` : 'same',
        ]),
      ),
    );
    out.push('');
    out.push(
      table(
        ['measurement (median of fresh processes)', 'wall', 'peak RSS'],
        [
          ['node -e "" (bare node)', `${imports.bareNode.medianWallMs} ms`, mib(imports.bareNode.medianMaxRssMiB)],
          [`node -e "require('./dist')" (${imports.modules} modules; packages: ${Object.keys(imports.packages).join(', ') || 'none'})`, `${imports.package.medianWallMs} ms`, mib(imports.package.medianMaxRssMiB)],
          [`pcloud check bench/estate.ts (${check.estate})`, sec(check.medianWallMs), mib(check.medianMaxRssMiB)],
          [diff.command, `${diff.medianWallMs} ms`, mib(diff.medianMaxRssMiB)],
        ],
      ),
    );
    out.push('');
    out.push(table(['target', 'figure', 'limit', '', 'missed by'], targets.map((t) => [t.target, t.figure, t.limit, t.met ? 'met' : 'MISSED', t.missedBy ?? ''])));
    for (const e of property.examples) out.push(`property case ${e.case}: ${e.breaches.join('; ')}`);
    if (growth) out.push(`\nsynth time ${growth.estates}: pcloud ${growth.pcloud.toFixed(2)}x, hand-written ${growth.hand.toFixed(2)}x (not a target)`);
    const differing = [...sizes, awsOnly].filter((s) => s.countDifferences.length);
    if (differing.length) {
      out.push('\nper-stack resource-type counts that differ (pcloud vs hand-written):');
      for (const s of differing) for (const d of s.countDifferences) out.push(`  ${s.estate}: ${d}`);
    }
    out.push(`\n${RUNS} runs each on ${results.machine.cpus} cores, Node ${process.version}; bench took ${results.benchWallSeconds} s; written to bench/results.json`);
    console.log(out.join('\n'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
