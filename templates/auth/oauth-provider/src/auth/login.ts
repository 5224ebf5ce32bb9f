import { secretsEqual } from './crypto.js';
import type { Settings } from './settings.js';

/** Who approved: the subject bound to the tokens; tools see it as `ctx.auth.subject`. */
export type Subject = Record<string, string>;

/**
 * SWAP POINT: the one function to replace with your own login (several users).
 *
 * It gets the fields the consent form posted and returns the subject who logs in, or null. This
 * single-owner version compares the password with MCIFY_OWNER_PASSWORD in constant time. For
 * several users, add a `username` input in consent-page.ts, look the user up in your database,
 * verify a password hash (scrypt, argon2) and return `{ sub: user.id }`. Keep the subject small
 * and stable: it is stored with every token and reaches tools as `ctx.auth.subject`.
 */
export async function login(form: Record<string, string>, settings: Settings): Promise<Subject | null> {
  const password = form['password'] ?? '';
  if (!password) return null;
  return (await secretsEqual(password, settings.ownerPassword)) ? { sub: 'owner' } : null;
}
