import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envValues, parseEnv } from '../../../src/lib/env-file.js';
import { modulesFor } from '../../../src/plan/plan.js';
// The generated project's own test helpers: the SDK's OAuthClientProvider and a cookie-jar
// browser that submits the consent page. Used from the template, so both test the same code.
import { Browser, TestOAuthProvider, connectWithOAuth } from '../../../templates/auth/oauth-provider/test/support/oauth.js';
import type { Generated } from '../harness.js';
import type { E2EAuth } from './types.js';

/** MCIFY_OWNER_PASSWORD from the project's env file, as the owner would type it. */
export function ownerPassword(project: Generated): string {
  const { target } = modulesFor(project.auth, project.target);
  const password = envValues(parseEnv(readFileSync(join(project.dir, target.envFile), 'utf8'))).get('MCIFY_OWNER_PASSWORD');
  if (!password) throw new Error(`MCIFY_OWNER_PASSWORD missing from ${target.envFile}`);
  return password;
}

/** Every secret a connection saw, per project: none may show up in the server's output. */
const seen = new Map<string, string[]>();
/** The access token of the last connection, per project. */
const issued = new Map<string, string>();

/** Records values a client of `project` held (tokens, codes), so the output check looks for them too. */
export function sawSecrets(project: Generated, ...values: (string | undefined)[]): void {
  seen.set(project.dir, [...(seen.get(project.dir) ?? [ownerPassword(project)]), ...values.filter((v): v is string => Boolean(v))]);
}

/** Connects as Claude would: 401, discovery, registration, the consent page, code, token. */
export const e2eAuth: E2EAuth = {
  async connect(project, url) {
    const password = ownerPassword(project);
    const provider = new TestOAuthProvider('create-mcify e2e');
    const { client, code } = await connectWithOAuth(url, provider, new Browser(), password);
    const tokens = [provider.saved?.access_token, provider.saved?.refresh_token].filter((t): t is string => Boolean(t));
    sawSecrets(project, code, provider.verifier, ...tokens);
    if (provider.saved?.access_token) issued.set(project.dir, provider.saved.access_token);
    return client;
  },
  async headers(project) {
    const token = issued.get(project.dir);
    if (!token) throw new Error(`no access token for ${project.dir}: connect() did not run`);
    return { Authorization: `Bearer ${token}` };
  },
  rejectsAnonymous: () => true,
  secrets: (project) => seen.get(project.dir) ?? [ownerPassword(project)],
};
