import { UserError } from '../lib/errors.js';

export async function runAddAuth(_mode: string, _flags: Record<string, unknown>): Promise<void> {
  throw new UserError('mcify add auth is not available yet in this version of create-mcify.');
}
