import { PcloudError } from '../lib/errors';
import { DefinitionError } from './definition';

/** Runs an app entry; a bad definition prints its message (no stack trace) and exits 2. */
export function exitOnDefinitionError(body: () => void): void {
  try {
    body();
  } catch (e) {
    if (e instanceof DefinitionError || PcloudError.isPcloudError(e)) {
      process.stderr.write(`pcloud: ${e instanceof DefinitionError ? e.message : e.describe()}\n`);
      process.exit(2);
    }
    throw e;
  }
}
