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

/**
 * Whether an error is one of ours for the user. By name as well as by class: the published build
 * bundles `add`, `secret` and `doctor` in a file of their own, with their own copy of these classes.
 */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && ['UserError', 'CancelledError'].includes(error.name));
}
