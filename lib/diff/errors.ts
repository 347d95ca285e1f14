/** Bad input to the diff (a folder that is not a synth output, an unreadable plan): exit 2. */
export class DiffInputError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'DiffInputError';
  }
}
