import type { AcceptedFinding, Evaluation, Finding } from './types';

const FINDINGS_ERROR = Symbol.for('pcloud.FindingsError');

/** Thrown when error findings stand: synthesis writes nothing, `pcloud` exits 1. */
export class FindingsError extends Error {
  static isFindingsError(x: unknown): x is FindingsError {
    return typeof x === 'object' && x !== null && FINDINGS_ERROR in x;
  }

  readonly errors: readonly Finding[];

  constructor(readonly evaluation: Evaluation) {
    const errors = evaluation.findings.filter((f) => f.severity === 'error');
    super(`${errors.length} error finding${errors.length === 1 ? '' : 's'} stand: ${errors.map((f) => `${f.rule} ${f.path}: ${f.problem}`).join('; ')}`);
    this.name = 'FindingsError';
    this.errors = errors;
    Object.defineProperty(this, FINDINGS_ERROR, { value: true });
  }
}

/** Findings as an aligned table for a terminal: rule, severity, path, what is wrong, how to fix it. */
export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const pathWidth = Math.min(Math.max(...findings.map((f) => f.path.length), 4), 48);
  const header = `${'RULE'.padEnd(7)} ${'SEVERITY'.padEnd(8)} ${'PATH'.padEnd(pathWidth)} PROBLEM / FIX`;
  const rows = findings.map((f) => {
    const indent = ' '.repeat(7 + 1 + 8 + 1 + pathWidth + 1);
    const where = f.resource ? ` [${f.resource.stack} ${f.resource.id}]` : '';
    return `${f.rule.padEnd(7)} ${f.severity.padEnd(8)} ${f.path.padEnd(pathWidth)} ${f.problem}${where}\n${indent}fix: ${f.fix}`;
  });
  return [header, ...rows].join('\n');
}

/** Accepted findings for a terminal: rule, path, the acceptance's reference, who and until when. */
export function acceptedTable(accepted: readonly AcceptedFinding[]): string {
  if (accepted.length === 0) return '';
  const pathWidth = Math.min(Math.max(...accepted.map((f) => f.path.length), 4), 48);
  return [
    `Accepted (reported, not raised):`,
    ...accepted.map(
      (f) => `${f.rule.padEnd(7)} ${f.path.padEnd(pathWidth)} ${f.problem}\n${' '.repeat(8 + pathWidth + 1)}accepted: ${f.acceptance.reference} by ${f.acceptance.acceptedBy}, until ${f.acceptance.expires}`,
    ),
  ].join('\n');
}
