import { fail, show } from './errors';

/** What kind of organisation owns an enclave. */
export type TenantKind = 'territorial-force' | 'special-force' | 'national-body' | 'partner';

/** A force, national body or partner that owns an enclave. */
export interface Tenant {
  readonly kind: TenantKind;
  /** Short code used in names and tags: lowercase letters and digits, at most 8 characters. */
  readonly code: string;
  /** Full name, e.g. "Hampshire and Isle of Wight Constabulary". */
  readonly name: string;
}

type Entry = readonly [code: string, name: string];

const TERRITORIAL: readonly Entry[] = [
  ['avsom', 'Avon and Somerset Constabulary'],
  ['beds', 'Bedfordshire Police'],
  ['cambs', 'Cambridgeshire Constabulary'],
  ['cheshire', 'Cheshire Constabulary'],
  ['col', 'City of London Police'],
  ['cleve', 'Cleveland Police'],
  ['cumbria', 'Cumbria Constabulary'],
  ['derbys', 'Derbyshire Constabulary'],
  ['devcorn', 'Devon and Cornwall Police'],
  ['dorset', 'Dorset Police'],
  ['durham', 'Durham Constabulary'],
  ['dyfpow', 'Dyfed-Powys Police'],
  ['essex', 'Essex Police'],
  ['glos', 'Gloucestershire Constabulary'],
  ['gmp', 'Greater Manchester Police'],
  ['gwent', 'Gwent Police'],
  ['hiow', 'Hampshire and Isle of Wight Constabulary'],
  ['herts', 'Hertfordshire Constabulary'],
  ['humber', 'Humberside Police'],
  ['kent', 'Kent Police'],
  ['lancs', 'Lancashire Constabulary'],
  ['leics', 'Leicestershire Police'],
  ['lincs', 'Lincolnshire Police'],
  ['merpol', 'Merseyside Police'],
  ['met', 'Metropolitan Police Service'],
  ['norfolk', 'Norfolk Constabulary'],
  ['nwales', 'North Wales Police'],
  ['nyorks', 'North Yorkshire Police'],
  ['nhants', 'Northamptonshire Police'],
  ['nbria', 'Northumbria Police'],
  ['notts', 'Nottinghamshire Police'],
  ['swales', 'South Wales Police'],
  ['syorks', 'South Yorkshire Police'],
  ['staffs', 'Staffordshire Police'],
  ['suffolk', 'Suffolk Constabulary'],
  ['surrey', 'Surrey Police'],
  ['sussex', 'Sussex Police'],
  ['tvp', 'Thames Valley Police'],
  ['warks', 'Warwickshire Police'],
  ['wmercia', 'West Mercia Police'],
  ['wmids', 'West Midlands Police'],
  ['wyorks', 'West Yorkshire Police'],
  ['wilts', 'Wiltshire Police'],
  ['scotland', 'Police Scotland'],
  ['psni', 'Police Service of Northern Ireland'],
];

const SPECIAL: readonly Entry[] = [
  ['btp', 'British Transport Police'],
  ['mdp', 'Ministry of Defence Police'],
  ['cnc', 'Civil Nuclear Constabulary'],
];

const NATIONAL: readonly Entry[] = [
  ['nca', 'National Crime Agency'],
  ['pds', 'Police Digital Service'],
  ['cop', 'College of Policing'],
  ['npcc', "National Police Chiefs' Council"],
  ['ctp', 'Counter Terrorism Policing'],
  ['nmc', 'National Management Centre'],
];

const CATALOGUE: ReadonlyMap<string, Tenant> = new Map(
  [
    ...TERRITORIAL.map(([code, name]) => ({ kind: 'territorial-force' as const, code, name })),
    ...SPECIAL.map(([code, name]) => ({ kind: 'special-force' as const, code, name })),
    ...NATIONAL.map(([code, name]) => ({ kind: 'national-body' as const, code, name })),
  ].map((t) => [t.code, Object.freeze(t)]),
);

const CODE = /^[a-z][a-z0-9]{1,7}$/;

/** The catalogue of UK forces and national policing bodies, and named partners. */
export const Tenants = {
  /** Every force and national body pcloud knows, in catalogue order. */
  all(): readonly Tenant[] {
    return [...CATALOGUE.values()];
  },

  /**
   * A force or national body by its short code (`kent`, `met`, `scotland`, `btp`, `nca` ...).
   * Throws a PcloudError for an unknown code, suggesting the nearest.
   */
  force(code: string, path = ''): Tenant {
    const found = typeof code === 'string' ? CATALOGUE.get(code.toLowerCase()) : undefined;
    if (found) return found;
    const guess = typeof code === 'string' ? nearest(code.toLowerCase()) : undefined;
    return fail({
      code: 'FORCE_UNKNOWN',
      path,
      problem: 'unknown force code',
      given: show(code),
      expected: 'a code from the force catalogue (Tenants.all()), e.g. "kent", "met", "gmp", "scotland", "psni", "btp", "nca"',
      fix: guess ? `did you mean "${guess.code}" (${guess.name})?` : 'use Tenant.partner(...) for an organisation that is not a force',
    });
  },

  /** A named partner outside the catalogue, such as a local authority. */
  partner(code: string, name: string, path = ''): Tenant {
    if (typeof code !== 'string' || !CODE.test(code)) {
      fail({
        code: 'PARTNER_CODE_INVALID',
        path,
        problem: 'partner code is not a short code',
        given: show(code),
        expected: '2–8 lowercase letters or digits, starting with a letter',
        fix: 'choose a short code such as "kcc" for Kent County Council',
      });
    }
    if (CATALOGUE.has(code)) {
      fail({
        code: 'PARTNER_CODE_IS_FORCE',
        path,
        problem: `partner code "${code}" is the code of ${CATALOGUE.get(code)!.name}`,
        given: show(code),
        expected: 'a code that no force in the catalogue uses',
        fix: `use Tenants.force("${code}") for the force, or another code for the partner`,
      });
    }
    if (typeof name !== 'string' || name.trim() === '') {
      fail({
        code: 'PARTNER_NAME_MISSING',
        path,
        problem: 'partner has no name',
        given: show(name),
        expected: 'the organisation name, e.g. "Kent County Council"',
        fix: 'pass the name as the second argument',
      });
    }
    return Object.freeze({ kind: 'partner' as const, code, name: name.trim() });
  },
};

function nearest(code: string): Tenant | undefined {
  let best: Tenant | undefined;
  let bestScore = Infinity;
  for (const t of CATALOGUE.values()) {
    const score = Math.min(distance(code, t.code), t.name.toLowerCase().includes(code) && code.length > 2 ? 1 : Infinity);
    if (score < bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return bestScore <= 3 ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
