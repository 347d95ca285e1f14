const PCLOUD_ERROR = Symbol.for('pcloud.PcloudError');

/** What a `PcloudError` is made of: enough for the user to find the problem and mend it. */
export interface PcloudErrorDetails {
  /** Stable machine-readable code, e.g. `CIDR_NOT_PRIVATE`. */
  readonly code: string;
  /** Construct path (`network/enclave/workload`) or another locator such as a file. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /** The value given, as the user wrote it. */
  readonly given?: string;
  /** What was expected instead. */
  readonly expected: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The project's own error: thrown for bad input, at construction where possible. It names the
 * construct path, the value given, what was expected and how to fix it.
 */
export class PcloudError extends Error implements PcloudErrorDetails {
  /** True for any PcloudError, even one from another copy of the package. */
  static isPcloudError(x: unknown): x is PcloudError {
    return typeof x === 'object' && x !== null && PCLOUD_ERROR in x;
  }

  readonly code: string;
  readonly path: string;
  readonly problem: string;
  readonly given?: string;
  readonly expected: string;
  readonly fix: string;

  constructor(details: PcloudErrorDetails) {
    super(formatDetails(details));
    this.name = 'PcloudError';
    this.code = details.code;
    this.path = details.path;
    this.problem = details.problem;
    this.given = details.given;
    this.expected = details.expected;
    this.fix = details.fix;
    Object.defineProperty(this, PCLOUD_ERROR, { value: true });
  }

  /** Several lines for a terminal, optionally naming the definition file. */
  describe(file?: string): string {
    const lines = [`error${file ? ` in ${file}` : ''}: ${this.problem}`, `  at:       ${this.path || '(estate)'}`];
    if (this.given !== undefined) lines.push(`  given:    ${this.given}`);
    lines.push(`  expected: ${this.expected}`, `  fix:      ${this.fix}`, `  code:     ${this.code}`);
    return lines.join('\n');
  }
}

function formatDetails(d: PcloudErrorDetails): string {
  const given = d.given !== undefined ? ` Given: ${d.given}.` : '';
  return `${d.path || '(estate)'}: ${d.problem}.${given} Expected: ${d.expected}. Fix: ${d.fix}.`;
}

/** Shorthand used by the validators: throw a PcloudError. */
export function fail(details: PcloudErrorDetails): never {
  throw new PcloudError(details);
}

/** Renders a value for the `given` field the way the user would have written it. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
