import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { estateSpec } from './estates';
import { breachesOf } from './invariants';

// For every generated estate, what is rendered on all three targets holds the invariants the
// rules stand for, and two syntheses are byte-identical. `npm test` runs 100 cases from a fixed
// seed (the same cases every run); PCLOUD_PROPERTY_RUNS and PCLOUD_PROPERTY_SEED change them.
// `npm run bench` runs 1,000 and counts the breaches.

const RUNS = Number(process.env.PCLOUD_PROPERTY_RUNS ?? 100);
const SEED = Number(process.env.PCLOUD_PROPERTY_SEED ?? 20261122);

describe('random estates over all three targets', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-property-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test(`hold every invariant (${RUNS} cases)`, () => {
    let n = 0;
    fc.assert(
      fc.property(estateSpec, (spec) => {
        n++;
        expect(breachesOf(spec, work)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(n).toBeGreaterThanOrEqual(RUNS);
  });
});
