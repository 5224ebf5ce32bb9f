// The tests' OpenID provider: a mock (./mock-oidc.ts) on 127.0.0.1, set through MCIFY_OIDC_ISSUER.
import { USERS, type MockUser } from './mock-http.js';
import { startMockOidc } from './mock-oidc.js';

const mock = await startMockOidc();
mock.signInAs = USERS.ada;

/** The mock, and the environment of a server that signs in there (allow-list: ada by e-mail, team.example addresses). */
export const provider = Object.assign(mock, {
  env: (): Record<string, string> => ({
    MCIFY_OIDC_ISSUER: mock.issuer,
    MCIFY_OIDC_CLIENT_ID: mock.clientId,
    MCIFY_OIDC_CLIENT_SECRET: mock.clientSecret,
    MCIFY_ALLOWED_EMAILS: USERS.ada.email,
    MCIFY_ALLOWED_DOMAINS: 'team.example',
  }),
  subjectOf: (user: MockUser) => `oidc:${new URL(mock.issuer).host}:${user.id}`,
});

/** The subject the tests' Connect flow signs in as (ada), as tools see it. */
export const TEST_SUBJECT = { sub: provider.subjectOf(USERS.ada), email: USERS.ada.email, name: USERS.ada.name };
