/** An error the user can fix: printed as one sentence, no stack, non-zero exit. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The user pressed Ctrl-C or cancelled a prompt. */
export class CancelledError extends UserError {
  constructor() {
    super('Cancelled; nothing was written.', 130);
    this.name = 'CancelledError';
  }
}
