import { createRequire } from 'node:module';

export type SecretEncoding = 'base64url' | 'hex';
export type RandomSource = (bytes: number) => Buffer;

// node:crypto costs 2 to 3 ms to load, so it is loaded when a secret is made, not on every run
// (`none` and `oauth` projects, --help and --version never need it).
const require = createRequire(import.meta.url);
const randomBytes: RandomSource = (bytes) => (require('node:crypto') as typeof import('node:crypto')).randomBytes(bytes);

/** A fresh secret: 256 bits from node:crypto by default. The source is injectable for tests. */
export function generateSecret(
  encoding: SecretEncoding = 'base64url',
  bytes = 32,
  random: RandomSource = randomBytes,
): string {
  return random(bytes).toString(encoding);
}
