import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { renderEstate } from '../../constructs/synth';
import { evaluate } from '../../lib/policy/evaluate';
import { readOutputs } from '../../lib/policy/outputs';
import { OUTSIDE, compareReach, declaredReach, describeReach, renderedReach } from '../../lib/policy/reachability';
import { snapshotTree } from '../bin/cli';
import { buildEstate, estateSpec } from './estates';

// For every generated estate, what is rendered on all three targets holds the invariants the
// rules stand for, and two syntheses are byte-identical. `npm test` runs 100 cases from a fixed
// seed (the same cases every run); PCLOUD_PROPERTY_RUNS and PCLOUD_PROPERTY_SEED change them.

const RUNS = Number(process.env.PCLOUD_PROPERTY_RUNS ?? 100);
const SEED = Number(process.env.PCLOUD_PROPERTY_SEED ?? 20261122);
const TODAY = '2026-11-22';

/** The rules whose output checks are the invariants: classification tags, UK only, encryption, no public IP, enclave boundaries, default deny, port groups. */
const INVARIANT_RULES = ['PCR-01', 'PCR-03', 'PCR-05', 'PCR-12', 'PCR-13', 'PCR-14', 'PCR-15', 'PCR-29'];

describe('random estates over all three targets', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-property-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test(`hold every invariant (${RUNS} cases)`, () => {
    let n = 0;
    fc.assert(
      fc.property(estateSpec, (spec) => {
        const model = buildEstate(spec).toModel();
        const [first, second] = [path.join(work, `${n}-a`), path.join(work, `${n++}-b`)];
        renderEstate(model, first);
        renderEstate(model, second);
        try {
          expect(snapshotTree(second)).toEqual(snapshotTree(first));
          const outputs = readOutputs(first, model);
          const evaluation = evaluate(model, { today: TODAY, outputs });
          // Every rule holds (the generated estates are compliant by construction), the invariants' rules on the outputs too.
          expect(evaluation.findings.map((f) => `${f.rule} ${f.path}: ${f.problem}`)).toEqual([]);
          expect(evaluation.outcomes.filter((o) => INVARIANT_RULES.includes(o.rule) && o.status === 'failed')).toEqual([]);
          // No path nothing declares, none from or to the outside, and every declared one works.
          const { extra, missing } = compareReach(declaredReach(model), renderedReach(model, outputs));
          expect({ extra: extra.map(describeReach), missing: missing.map(describeReach) }).toEqual({ extra: [], missing: [] });
          expect(renderedReach(model, outputs).filter((r) => r.from === OUTSIDE || r.to === OUTSIDE)).toEqual([]);
        } finally {
          fs.rmSync(first, { recursive: true, force: true });
          fs.rmSync(second, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(n).toBeGreaterThanOrEqual(RUNS);
  });
});
