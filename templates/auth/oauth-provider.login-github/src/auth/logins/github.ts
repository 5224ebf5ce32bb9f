import { loadAllowList } from '../allow-list.js';
import type { LoginSetup } from '../upstream-login.js';
import { LoginRefused, originSetting, providerJson, required, type UpstreamProvider } from './provider.js';

const CONSOLE = 'create an OAuth app at https://github.com/settings/applications/new (callback URL: <your origin>/login/callback)';

/**
 * Sign-in with GitHub (an OAuth app: authorization code with PKCE and state). GitHub issues no ID
 * token: the person is whoever its API says the access token belongs to, `GET /user` (the numeric
 * id: logins can be renamed) and `GET /user/emails` (the primary address, only when verified).
 * With MCIFY_GITHUB_ORG, `GET /user/memberships/orgs/{org}` must say `active` (scope read:org).
 * The GitHub token is used for these calls only, and not kept.
 *
 * MCIFY_GITHUB_URL and MCIFY_GITHUB_API_URL point at GitHub Enterprise Server, or at the tests'
 * mock (test/support/mock-github.ts).
 */
export function github(env: Record<string, string | undefined>): LoginSetup {
  const clientId = required(env, 'MCIFY_GITHUB_CLIENT_ID', CONSOLE);
  const clientSecret = required(env, 'MCIFY_GITHUB_CLIENT_SECRET', CONSOLE);
  const web = originSetting(env, 'MCIFY_GITHUB_URL', 'https://github.com');
  const api = originSetting(env, 'MCIFY_GITHUB_API_URL', 'https://api.github.com');
  const allow = loadAllowList(env, { github: true });
  const org = allow.githubOrg;

  const apiGet = <T>(path: string, token: string) =>
    providerJson<T>('GitHub', `GET ${path}`, fetch(`${api}${path}`, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'user-agent': 'mcify-server', 'x-github-api-version': '2022-11-28' },
    }));

  const provider: UpstreamProvider = {
    label: 'GitHub',
    async authorizationUrl({ redirectUri, state, codeChallenge }) {
      const url = new URL(`${web}/login/oauth/authorize`);
      url.search = new URLSearchParams({
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: org ? 'read:user user:email read:org' : 'read:user user:email',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        allow_signup: 'false',
      }).toString();
      return url;
    },

    async identify({ code, redirectUri, codeVerifier }) {
      const token = await providerJson<{ access_token?: string; error?: string; error_description?: string }>(
        'GitHub',
        'code exchange',
        fetch(`${web}/login/oauth/access_token`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirectUri, code_verifier: codeVerifier }),
        }),
      );
      // GitHub answers errors with HTTP 200 and an `error` field.
      if (!token.body.access_token) {
        const reason = token.body.error ?? `HTTP ${token.status}`;
        if (reason === 'incorrect_client_credentials') console.error('GitHub refused MCIFY_GITHUB_CLIENT_ID / MCIFY_GITHUB_CLIENT_SECRET: check both in the env file.');
        throw new LoginRefused(`GitHub did not accept the sign-in (${reason}); the server's GitHub app settings may be wrong, or the sign-in expired.`);
      }
      const accessToken = token.body.access_token;
      const user = await apiGet<{ id?: number; login?: string; name?: string | null }>('/user', accessToken);
      if (user.status !== 200 || typeof user.body.id !== 'number') throw new LoginRefused(`GitHub did not say who signed in (HTTP ${user.status}).`);
      const emails = await apiGet<{ email: string; primary: boolean; verified: boolean }[]>('/user/emails', accessToken);
      const primary = emails.status === 200 && Array.isArray(emails.body) ? emails.body.find((e) => e.primary && e.verified) : undefined;
      let orgMember = false;
      if (org) {
        const membership = await apiGet<{ state?: string }>(`/user/memberships/orgs/${encodeURIComponent(org)}`, accessToken);
        orgMember = membership.status === 200 && membership.body.state === 'active';
      }
      const email = primary?.email.toLowerCase() ?? null;
      return {
        subject: {
          sub: `github:${user.body.id}`,
          login: user.body.login ?? '',
          ...(user.body.name ? { name: user.body.name } : {}),
          ...(email ? { email } : {}),
        },
        email,
        hostedDomain: null,
        orgMember,
      };
    },
  };
  return { provider, allow };
}
