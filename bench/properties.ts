// The property invariants at the benchmark's scale: `node -r sucrase/register/ts bench/properties.ts
// RUNS SEED SHARD SHARDS` checks cases SHARD, SHARD + SHARDS, … of the RUNS estates fast-check
// generates from SEED (the same generator and checks as test/properties), and prints JSON: the
// cases checked, how many breached an invariant, and the first breaches.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { estateSpec } from '../test/properties/estates';
import { breachesOf } from '../test/properties/invariants';

const [runs, seed, shard, shards] = process.argv.slice(2).map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-bench-properties-'));
const breached: { case: number; breaches: string[] }[] = [];
let checked = 0;
try {
  fc.sample(estateSpec, { numRuns: runs, seed }).forEach((spec, i) => {
    if (i % shards !== shard) return;
    checked++;
    const breaches = breachesOf(spec, work);
    if (breaches.length) breached.push({ case: i, breaches: breaches.slice(0, 5) });
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ checked, breached: breached.length, examples: breached.slice(0, 5) }));
