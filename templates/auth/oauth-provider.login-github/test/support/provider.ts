// A mock GitHub (OAuth app endpoints and the REST API the sign-in calls), on 127.0.0.1, set
// through the settings a user sets for GitHub Enterprise: MCIFY_GITHUB_URL and MCIFY_GITHUB_API_URL.
import { randomBytes } from 'node:crypto';
import { answer, pkceMatches, startMock, USERS, type MockUser } from './mock-http.js';

const CLIENT_ID = 'Iv1.test-client';
const CLIENT_SECRET = randomBytes(20).toString('hex');

export interface MockProvider {
  /** Who signs in at the next authorization ('cancel': the person clicks Cancel). */
  signInAs: MockUser | 'cancel';
  /** The environment of a server that signs in here (allow-list: ada by e-mail, the acme organisation). */
  env(): Record<string, string>;
  /** Subject the server gives `user`. */
  subjectOf(user: MockUser): string;
}

const codes = new Map<string, { user: MockUser; challenge: string; redirectUri: string }>();
const tokens = new Map<string, MockUser>();

const { origin } = await startMock((req) => {
  const { pathname, searchParams: q } = req.url;
  if (req.method === 'GET' && pathname === '/login/oauth/authorize') {
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== CLIENT_ID) return { status: 404, json: { error: 'unknown client' } };
    if (provider.signInAs === 'cancel') return answer(redirectUri, { error: 'access_denied', state: q.get('state') ?? '' });
    const code = randomBytes(10).toString('hex');
    codes.set(code, { user: provider.signInAs, challenge: q.get('code_challenge') ?? '', redirectUri });
    return answer(redirectUri, { code, state: q.get('state') ?? '' });
  }
  if (req.method === 'POST' && pathname === '/login/oauth/access_token') {
    const f = req.form;
    if (f.get('client_id') !== CLIENT_ID || f.get('client_secret') !== CLIENT_SECRET) return { status: 200, json: { error: 'incorrect_client_credentials' } };
    const grant = codes.get(f.get('code') ?? '');
    codes.delete(f.get('code') ?? '');
    if (!grant || grant.redirectUri !== f.get('redirect_uri') || !pkceMatches(f.get('code_verifier') ?? '', grant.challenge)) {
      return { status: 200, json: { error: 'bad_verification_code' } };
    }
    const token = `gho_${randomBytes(16).toString('hex')}`;
    tokens.set(token, grant.user);
    return { status: 200, json: { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' } };
  }
  const user = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!user) return { status: 401, json: { message: 'Bad credentials' } };
  if (pathname === '/user') return { status: 200, json: { id: Number(user.id), login: user.name.toLowerCase(), name: user.name } };
  if (pathname === '/user/emails') return { status: 200, json: [{ email: user.email, primary: true, verified: user.emailVerified ?? true }] };
  const org = /^\/user\/memberships\/orgs\/([^/]+)$/.exec(pathname)?.[1];
  if (org) return user.orgs?.includes(org) ? { status: 200, json: { state: 'active' } } : { status: 404, json: { message: 'Not Found' } };
  return { status: 404, json: { message: 'Not Found' } };
});

export const provider: MockProvider = {
  signInAs: USERS.ada,
  env: () => ({
    MCIFY_GITHUB_CLIENT_ID: CLIENT_ID,
    MCIFY_GITHUB_CLIENT_SECRET: CLIENT_SECRET,
    MCIFY_GITHUB_URL: origin,
    MCIFY_GITHUB_API_URL: origin,
    MCIFY_ALLOWED_EMAILS: USERS.ada.email,
    MCIFY_ALLOWED_DOMAINS: '',
    MCIFY_GITHUB_ORG: 'acme',
  }),
  subjectOf: (user) => `github:${user.id}`,
};

/** The subject the tests' Connect flow signs in as (ada), as tools see it. */
export const TEST_SUBJECT = { sub: 'github:1001', login: 'ada', name: 'Ada', email: 'ada@example.com' };
