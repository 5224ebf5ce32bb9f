import { UserError } from '../lib/errors.js';

const notYet = () => {
  throw new UserError('mcify secret is not available yet in this version of create-mcify.');
};
export async function runSecretGenerate(_names: string[], _flags: Record<string, unknown>): Promise<void> {
  notYet();
}
export async function runSecretInstructions(_flags: Record<string, unknown>): Promise<void> {
  notYet();
}
export async function runSecretPush(_flags: Record<string, unknown>): Promise<void> {
  notYet();
}
