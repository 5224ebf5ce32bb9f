// The tests' Google: a mock OpenID provider (./mock-oidc.ts) set through MCIFY_GOOGLE_ISSUER.
import { USERS, type MockUser } from './mock-http.js';
import { startMockOidc } from './mock-oidc.js';

const mock = await startMockOidc();
mock.signInAs = USERS.ada;

/** The mock, and the environment of a server that signs in there (allow-list: ada by e-mail, the team.example Workspace). */
export const provider = Object.assign(mock, {
  env: (): Record<string, string> => ({
    MCIFY_GOOGLE_ISSUER: mock.issuer,
    MCIFY_GOOGLE_CLIENT_ID: mock.clientId,
    MCIFY_GOOGLE_CLIENT_SECRET: mock.clientSecret,
    MCIFY_ALLOWED_EMAILS: USERS.ada.email,
    MCIFY_ALLOWED_DOMAINS: 'team.example',
  }),
  subjectOf: (user: MockUser) => `google:${user.id}`,
});

/** The subject the tests' Connect flow signs in as (ada), as tools see it. */
export const TEST_SUBJECT = { sub: provider.subjectOf(USERS.ada), email: USERS.ada.email, name: USERS.ada.name };
