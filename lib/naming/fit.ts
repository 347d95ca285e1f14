import { shortHash } from '../hash';

/**
 * Shortens `name` to at most `max` characters, keeping it unique by replacing the tail with a
 * short hash of the whole name. Names that fit are returned unchanged.
 */
export function fit(name: string, max: number, separator = '-'): string {
  if (name.length <= max) return name;
  const hash = shortHash(name, 6);
  const head = name.slice(0, max - hash.length - separator.length).replace(/[-_.]+$/, '');
  return `${head}${separator}${hash}`;
}

/** Lowercase letters and digits only (for names such as Azure storage accounts). */
export function alnum(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `KentPolice` → `kent-police`: a construct id as a lowercase kebab-case name. */
export function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
