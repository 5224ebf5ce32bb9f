import type { Settings } from './settings.js';

/** Who approved: the subject bound to the tokens; tools see it as `ctx.auth.subject`. */
export type Subject = Record<string, string>;

/**
 * SWAP POINT of the password login: this server has none. People sign in at an identity provider
 * (src/auth/upstream-login.ts and src/auth/logins/), so a password posted to the consent form is
 * never accepted.
 */
export async function login(_form: Record<string, string>, _settings: Settings): Promise<Subject | null> {
  return null;
}
