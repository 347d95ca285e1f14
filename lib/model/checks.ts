import { fail, show } from '../errors';

/** Longest construct id: ids become parts of cloud names, which have tight limits. */
export const MAX_ID_LENGTH = 32;
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** True for a valid construct id: lowercase kebab-case, at most MAX_ID_LENGTH characters. */
export function isId(id: unknown): id is string {
  return typeof id === 'string' && ID.test(id) && id.length <= MAX_ID_LENGTH;
}

/** A valid id close to `id` (`KentPolice` → `kent-police`), or '' when there is none. */
export function suggestId(id: unknown): string {
  return typeof id === 'string'
    ? id
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^[^a-z]+|-+$/g, '')
        .slice(0, MAX_ID_LENGTH)
        .replace(/-+$/, '')
    : '';
}

/** Construct ids are lowercase kebab-case, because they become parts of cloud resource names. */
export function checkId(id: unknown, scopePath: string, what: string): string {
  const path = scopePath ? `${scopePath}/${String(id)}` : String(id);
  if (!isId(id)) {
    const suggestion = suggestId(id);
    fail({
      code: 'ID_INVALID',
      path,
      problem: `${what} id is not a lowercase kebab-case name of at most ${MAX_ID_LENGTH} characters`,
      given: show(id),
      expected: 'letters a–z, digits and single hyphens, starting with a letter, e.g. "national-services"',
      fix: suggestion ? `use "${suggestion}"` : 'choose a short descriptive id',
    });
  }
  return id;
}

export function requireString(value: unknown, path: string, field: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail({
      code: 'FIELD_MISSING',
      path,
      problem: `${field} is missing or empty`,
      given: show(value),
      expected,
      fix: `set ${field} (${expected})`,
    });
  }
  return value.trim();
}

/** Validates a calendar date written `YYYY-MM-DD` and returns it. */
export function requireIsoDate(value: unknown, path: string, field: string): string {
  const text = typeof value === 'string' ? value.trim() : value;
  const match = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (
    !match ||
    !date ||
    date.getUTCFullYear() !== Number(match[1]) ||
    date.getUTCMonth() !== Number(match[2]) - 1 ||
    date.getUTCDate() !== Number(match[3])
  ) {
    fail({
      code: 'DATE_INVALID',
      path,
      problem: `${field} is not a calendar date`,
      given: show(value),
      expected: 'an ISO date YYYY-MM-DD, e.g. "2027-03-31"',
      fix: `write ${field} as YYYY-MM-DD`,
    });
  }
  return text as string;
}

/** Throws when `props` is not an object (a definition in plain JavaScript may pass anything). */
export function requireProps<T>(props: T, path: string, what: string): NonNullable<T> {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    fail({
      code: 'PROPS_MISSING',
      path,
      problem: `${what} has no properties`,
      given: show(props),
      expected: `an object with the ${what} properties`,
      fix: `pass the properties as the third argument: new ${what}(scope, id, { ... })`,
    });
  }
  return props as NonNullable<T>;
}

/** A whole number of days from `min` to `max`. */
export function requireDays(value: unknown, path: string, field: string, min = 1, max = 3653): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail({
      code: 'DAYS_INVALID',
      path,
      problem: `${field} is not a number of days from ${min} to ${max}`,
      given: show(value),
      expected: `a whole number of days from ${min} to ${max}`,
      fix: `set ${field}, e.g. 365`,
    });
  }
  return value;
}
