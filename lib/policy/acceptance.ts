import { fail, show } from '../errors';
import { requireIsoDate, requireString } from '../model/checks';
import type { RiskAcceptanceModel } from '../model/types';
import { RULE_IDS } from './catalogue';

export interface RiskAcceptance {
  /** The rule whose finding is accepted, e.g. `PCR-05`. */
  readonly rule: string;
  /** Construct path of the finding, or a pattern: `*` matches one path segment, `**` any number. */
  readonly path: string;
  /** Why the risk is accepted. */
  readonly reason: string;
  /** The risk register id. */
  readonly reference: string;
  /** Who accepted it (a SIRO or accreditor). */
  readonly acceptedBy: string;
  /** Last day the acceptance holds, YYYY-MM-DD. After it, the acceptance is itself an error. */
  readonly expires: string;
}

const PATH_PATTERN = /^(\*\*|\*|[a-z0-9-]+)(\/(\*\*|\*|[a-z0-9-]+))*$/;

/** Validates a risk acceptance as written in a definition. */
export function resolveAcceptance(given: RiskAcceptance, path: string): RiskAcceptanceModel {
  if (typeof given !== 'object' || given === null) {
    fail({
      code: 'ACCEPTANCE_INVALID',
      path,
      problem: 'risk acceptance has no properties',
      given: show(given),
      expected: '{ rule, path, reason, reference, acceptedBy, expires }',
      fix: 'record every field of the acceptance as the risk register has it',
    });
  }
  if (typeof given.rule !== 'string' || !RULE_IDS.includes(given.rule)) {
    fail({
      code: 'ACCEPTANCE_RULE_UNKNOWN',
      path,
      problem: 'risk acceptance names no rule of the catalogue',
      given: show(given.rule),
      expected: `a rule id from PCR-01 to PCR-${String(RULE_IDS.length).padStart(2, '0')}`,
      fix: 'name the rule of the finding being accepted, as `pcloud check` prints it',
    });
  }
  if (typeof given.path !== 'string' || !PATH_PATTERN.test(given.path)) {
    fail({
      code: 'ACCEPTANCE_PATH_INVALID',
      path,
      problem: 'risk acceptance path is not a construct path or pattern',
      given: show(given.path),
      expected: 'a path such as "supplier-dc1/kent/batch", or a pattern with * (one segment) or ** (any number)',
      fix: 'copy the construct path from the finding',
    });
  }
  return {
    rule: given.rule,
    path: given.path,
    reason: requireString(given.reason, path, 'reason', 'why the risk is accepted'),
    reference: requireString(given.reference, path, 'reference', 'the risk register id, e.g. "RR-2026-114"'),
    acceptedBy: requireString(given.acceptedBy, path, 'acceptedBy', 'who accepted the risk, e.g. "Kent Police SIRO"'),
    expires: requireIsoDate(given.expires, path, 'expires'),
  };
}

/** True when `path` is matched by `pattern` (`*` one segment, `**` any number of segments). */
export function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split('/');
  const s = path.split('/');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    if (p[i] === '**') return match(i + 1, j) || (j < s.length && match(i, j + 1));
    return j < s.length && (p[i] === '*' || p[i] === s[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
