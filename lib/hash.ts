import { createHash } from 'node:crypto';

/** Lowercase alphanumeric digest of `text`, `length` characters long (at most 50). */
export function shortHash(text: string, length = 8): string {
  const digest = createHash('sha256').update(text).digest();
  return BigInt(`0x${digest.toString('hex')}`).toString(36).padStart(50, '0').slice(0, length);
}

/** A non-negative integer below 2^48 derived from `text`; the same text always gives the same number. */
export function hashInt(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6);
}
