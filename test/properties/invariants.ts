import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderEstate } from '../../constructs/synth';
import { evaluate } from '../../lib/policy/evaluate';
import { readOutputs } from '../../lib/policy/outputs';
import { OUTSIDE, compareReach, declaredReach, describeReach, renderedReach } from '../../lib/policy/reachability';
import { snapshotTree } from '../bin/cli';
import { buildEstate, type EstateSpec } from './estates';

// The invariants every generated estate's outputs hold on all three targets, as a list of
// breaches: `npm test` asserts there are none in 100 cases, `npm run bench` counts them in 1,000.

const TODAY = '2026-11-22';

/** The rules whose output checks are the invariants: classification tags, UK only, encryption, no public IP, enclave boundaries, default deny, port groups. */
export const INVARIANT_RULES = ['PCR-01', 'PCR-03', 'PCR-05', 'PCR-12', 'PCR-13', 'PCR-14', 'PCR-15', 'PCR-29'];

/** Renders the estate of `spec` twice under `work` (removed afterwards) and says what breaks an invariant, one line each. */
export function breachesOf(spec: EstateSpec, work: string): string[] {
  const model = buildEstate(spec).toModel();
  const [first, second] = [path.join(work, 'a'), path.join(work, 'b')];
  try {
    renderEstate(model, first);
    renderEstate(model, second);
    const breaches: string[] = [];
    const [a, b] = [snapshotTree(first), snapshotTree(second)];
    for (const file of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) if (a[file] !== b[file]) breaches.push(`not byte-identical across two syntheses: ${file}`);
    const outputs = readOutputs(first, model);
    const evaluation = evaluate(model, { today: TODAY, outputs });
    // Every rule holds (the generated estates are compliant by construction), the invariants' rules on the outputs too.
    for (const f of evaluation.findings) breaches.push(`finding ${f.rule} ${f.path}: ${f.problem}`);
    for (const o of evaluation.outcomes.filter((x) => INVARIANT_RULES.includes(x.rule) && x.status === 'failed')) breaches.push(`${o.rule} failed for ${o.subject}`);
    // No path nothing declares, none from or to the outside, and every declared one works.
    const rendered = renderedReach(model, outputs);
    const { extra, missing } = compareReach(declaredReach(model), rendered);
    for (const r of extra) breaches.push(`undeclared path ${describeReach(r)}`);
    for (const r of missing) breaches.push(`declared path not rendered ${describeReach(r)}`);
    for (const r of rendered.filter((x) => x.from === OUTSIDE || x.to === OUTSIDE)) breaches.push(`path to or from outside ${describeReach(r)}`);
    return breaches;
  } finally {
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  }
}
