import { UserError } from '../lib/errors.js';

export async function runDoctor(_flags: Record<string, unknown>): Promise<void> {
  throw new UserError('mcify doctor is not available yet in this version of create-mcify.');
}
