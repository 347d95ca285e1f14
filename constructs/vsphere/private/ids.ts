import { shortHash } from '../../../lib/hash';

/**
 * A construct id for an object named by a free-text value (a tag value, a template name).
 * Construct ids become Terraform addresses, so characters other than letters, digits and
 * hyphens are replaced, with a hash of the value whenever that changed it.
 */
export function constructId(prefix: string, value: string): string {
  const safe = value.replace(/[^A-Za-z0-9-]/g, '-');
  return safe === value ? `${prefix}-${value}` : `${prefix}-${safe}-${shortHash(value, 6)}`;
}
