import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderEstate } from '../../../constructs/synth';
import { Classification, TenantEnclave, Workload } from '../../../index';
import type { EstateModel } from '../../../lib/model/types';
import { evaluate } from '../../../lib/policy/evaluate';
import { readOutputs, type RenderedOutputs } from '../../../lib/policy/outputs';
import { RULES } from '../../../lib/policy/rules';
import type { Evaluation, RuleOutcome } from '../../../lib/policy/types';
import { smallEstate } from '../../fixtures/estate';

export const TODAY = '2026-11-22';

/**
 * A compliant estate on all three platforms: the test fixture's sites and networks, an enclave
 * with a vm, a database and (off vSphere) an object store on each network, flows between them.
 */
export function compliantEstate() {
  const built = smallEstate('rules');
  const { networks } = built;
  for (const [key, network] of Object.entries(networks)) {
    const secret = key === 'secret';
    const enclave = new TenantEnclave(network, secret ? 'gmp' : 'kent', {
      tenant: secret ? 'gmp' : 'kent',
      ...(secret ? { administrators: [{ name: 'gmp-admins', vetting: 'SC' as const }] } : {}),
    });
    const web = new Workload(enclave, 'web', { kind: 'vm', tier: 'presentation' });
    const app = new Workload(enclave, 'app', { kind: 'vm' });
    app.allowFrom(web, 8443);
    new Workload(enclave, 'db', { kind: 'database' }).allowFrom(app, 5432);
    if (key === 'aws' || key === 'azure') new Workload(enclave, 'docs', { kind: 'objectStore' }).allowFrom(app, 443);
  }
  return built;
}

/** A deep, writable copy of a model, to make the variants a definition could not build. */
export function editable(model: EstateModel): Writable<EstateModel> {
  return JSON.parse(JSON.stringify(model));
}

export type Writable<T> = T extends readonly [infer A, infer B]
  ? [Writable<A>, Writable<B>]
  : T extends readonly (infer U)[]
    ? Writable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;

/** Renders a model into a temporary folder and reads the outputs back (a fresh copy each call). */
export function rendered(model: EstateModel): RenderedOutputs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-rules-'));
  try {
    renderEstate(model, dir);
    return readOutputs(dir, model);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluates one rule. */
export function evaluateRule(id: string, model: EstateModel, outputs?: RenderedOutputs, today = TODAY): Evaluation {
  return evaluate(model, { today, rules: RULES.filter((r) => r.id === id), ...(outputs ? { outputs } : {}) });
}

/** The rule's outcome for one subject. */
export function outcome(evaluation: Evaluation, subject: string): RuleOutcome {
  const found = evaluation.outcomes.find((o) => o.subject === subject);
  if (!found) throw new Error(`no outcome for ${subject}: ${evaluation.outcomes.map((o) => o.subject).join(', ')}`);
  return found;
}

export { Classification };
