import { PcloudError } from '../lib/errors';

/** Runs `fn` and returns the PcloudError it throws; fails the test if it throws anything else or nothing. */
export function pcloudErrorOf(fn: () => unknown): PcloudError {
  try {
    fn();
  } catch (e) {
    if (PcloudError.isPcloudError(e)) return e;
    throw new Error(`expected a PcloudError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a PcloudError, but nothing was thrown');
}
