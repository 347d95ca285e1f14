import { EXPIRY_WARNING_DAYS, type DatedRecord } from '../types';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/**
 * Where a record expiring on `expires` stands on `today`. The expiry date is the last day it
 * holds (as the rules read it): on that day 0 days are left and it is still current.
 */
export function expiryOf(expires: string, today: string): DatedRecord {
  const daysToExpiry = daysBetween(today, expires);
  return { expires, daysToExpiry, expiry: daysToExpiry < 0 ? 'expired' : daysToExpiry <= EXPIRY_WARNING_DAYS ? 'expiring' : 'current' };
}

/** The date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

function utc(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`pcloud internal error: "${date}" is not a YYYY-MM-DD date`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
