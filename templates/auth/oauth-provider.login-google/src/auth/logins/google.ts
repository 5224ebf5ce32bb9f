import { loadAllowList } from '../allow-list.js';
import type { LoginSetup } from '../upstream-login.js';
import { openIdLogin } from './openid.js';
import { originSetting, required } from './provider.js';

const CONSOLE =
  'create an OAuth client ID of type "Web application" at https://console.cloud.google.com/apis/credentials (authorized redirect URI: <your origin>/login/callback)';

/**
 * Sign-in with Google (OpenID Connect, ./openid.ts). MCIFY_ALLOWED_DOMAINS are Google Workspace
 * domains, matched against the ID token's `hd` (an address at the domain is not enough: a
 * personal Google account can use any address). MCIFY_GOOGLE_ISSUER exists for the tests' mock.
 */
export function google(env: Record<string, string | undefined>): LoginSetup {
  const allow = loadAllowList(env, { google: true });
  return openIdLogin({
    label: 'Google',
    issuer: originSetting(env, 'MCIFY_GOOGLE_ISSUER', 'https://accounts.google.com'),
    clientId: required(env, 'MCIFY_GOOGLE_CLIENT_ID', CONSOLE),
    clientSecret: required(env, 'MCIFY_GOOGLE_CLIENT_SECRET', CONSOLE),
    prefix: 'google',
    allow,
    // A hint for Google's account chooser only; the hd claim is what is checked.
    ...(allow.domains.length === 1 ? { extraParams: { hd: allow.domains[0]! } } : {}),
  });
}
