import { fail, show } from './errors';

/** Government Security Classifications tiers, lowest first. */
export type ClassificationLevel = 'OFFICIAL' | 'SECRET' | 'TOP SECRET';

/** The marking as written on a document or a tag. */
export type ClassificationMarking = 'OFFICIAL' | 'OFFICIAL-SENSITIVE' | 'SECRET' | 'TOP SECRET';

const LEVELS: readonly ClassificationLevel[] = ['OFFICIAL', 'SECRET', 'TOP SECRET'];
const MARKINGS: readonly ClassificationMarking[] = ['OFFICIAL', 'OFFICIAL-SENSITIVE', 'SECRET', 'TOP SECRET'];

/**
 * A classification: one of the ordered tiers, plus the `sensitive` handling caveat on OFFICIAL.
 * OFFICIAL-SENSITIVE is not a tier of its own; it is OFFICIAL with the caveat, and ranks above
 * plain OFFICIAL because it needs the extra controls.
 */
export class Classification {
  static readonly OFFICIAL = new Classification('OFFICIAL', false);
  static readonly OFFICIAL_SENSITIVE = new Classification('OFFICIAL', true);
  static readonly SECRET = new Classification('SECRET', false);
  /** Out of scope for pcloud: accepted as a value so that it can be refused with a clear error. */
  static readonly TOP_SECRET = new Classification('TOP SECRET', false);

  /** Every marking pcloud knows, lowest first. */
  static readonly ALL: readonly Classification[] = [
    Classification.OFFICIAL,
    Classification.OFFICIAL_SENSITIVE,
    Classification.SECRET,
    Classification.TOP_SECRET,
  ];

  /** Parses a marking such as `OFFICIAL-SENSITIVE`; `path` names the construct for the error. */
  static parse(marking: string, path = ''): Classification {
    const normal = typeof marking === 'string' ? marking.trim().toUpperCase().replace(/_/g, '-') : '';
    const found = Classification.ALL.find((c) => c.marking === normal || c.marking.replace(' ', '-') === normal);
    if (!found) {
      fail({
        code: 'CLASSIFICATION_UNKNOWN',
        path,
        problem: 'unknown classification',
        given: show(marking),
        expected: `one of ${MARKINGS.join(', ')}`,
        fix: 'use Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE or Classification.SECRET',
      });
    }
    return found;
  }

  /** Accepts a Classification or its marking (for definitions written in plain JavaScript). */
  static from(value: unknown, path: string, field: string): Classification {
    if (value instanceof Classification) return value;
    if (typeof value === 'string') return Classification.parse(value, path);
    if (typeof value === 'object' && value !== null && typeof (value as { marking?: unknown }).marking === 'string') {
      return Classification.parse((value as { marking: string }).marking, path);
    }
    return fail({
      code: 'CLASSIFICATION_UNKNOWN',
      path,
      problem: `${field} is not a classification`,
      given: show(value),
      expected: `a Classification or one of ${MARKINGS.join(', ')}`,
      fix: `set ${field} to Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE or Classification.SECRET`,
    });
  }

  private constructor(
    readonly level: ClassificationLevel,
    readonly sensitive: boolean,
  ) {}

  /** The marking, e.g. `OFFICIAL-SENSITIVE`. */
  get marking(): ClassificationMarking {
    return this.sensitive ? 'OFFICIAL-SENSITIVE' : this.level;
  }

  /** 0 OFFICIAL, 1 OFFICIAL-SENSITIVE, 2 SECRET, 3 TOP SECRET. */
  get rank(): number {
    return MARKINGS.indexOf(this.marking);
  }

  /** Short form used by the rule catalogue's "applies" column: O, OS, S or TS. */
  get short(): 'O' | 'OS' | 'S' | 'TS' {
    return (['O', 'OS', 'S', 'TS'] as const)[this.rank];
  }

  /** True when this classification is above `other`. */
  isAbove(other: Classification): boolean {
    return this.rank > other.rank;
  }

  /** True for SECRET and above: never on public cloud. */
  get isSecretOrAbove(): boolean {
    return LEVELS.indexOf(this.level) >= 1;
  }

  toString(): string {
    return this.marking;
  }

  toJSON(): string {
    return this.marking;
  }
}
