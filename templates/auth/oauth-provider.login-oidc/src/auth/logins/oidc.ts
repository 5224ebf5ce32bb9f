import { loadAllowList } from '../allow-list.js';
import type { LoginSetup } from '../upstream-login.js';
import { openIdLogin } from './openid.js';
import { originSetting, required } from './provider.js';

const CONSOLE = "create a web application client (authorization code, redirect URI <your origin>/login/callback) in your provider's admin console";

/**
 * Sign-in at any OpenID Connect provider (Okta, Entra ID, Keycloak, Auth0, Authentik...):
 * MCIFY_OIDC_ISSUER is exactly the `issuer` of its /.well-known/openid-configuration. Subjects are
 * `oidc:<issuer host>:<sub>`: `sub` is only unique within one issuer.
 */
export function oidc(env: Record<string, string | undefined>): LoginSetup {
  const issuer = required(env, 'MCIFY_OIDC_ISSUER', 'set the issuer URL of your OpenID provider');
  originSetting(env, 'MCIFY_OIDC_ISSUER', issuer); // https, or http on this machine
  return openIdLogin({
    label: new URL(issuer).host,
    issuer,
    clientId: required(env, 'MCIFY_OIDC_CLIENT_ID', CONSOLE),
    clientSecret: required(env, 'MCIFY_OIDC_CLIENT_SECRET', CONSOLE),
    prefix: `oidc:${new URL(issuer).host}`,
    allow: loadAllowList(env),
  });
}
