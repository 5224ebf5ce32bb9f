import { randomBytes } from 'node:crypto';

export type SecretEncoding = 'base64url' | 'hex';
export type RandomSource = (bytes: number) => Buffer;

/** A fresh secret: 256 bits from node:crypto by default. The source is injectable for tests. */
export function generateSecret(
  encoding: SecretEncoding = 'base64url',
  bytes = 32,
  random: RandomSource = randomBytes,
): string {
  return random(bytes).toString(encoding);
}
