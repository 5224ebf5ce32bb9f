import type { Authorised } from './http.js';
import { REDIRECT_URI, getCode, pkce, register, secret, serverEnv, tokenRequest } from './oauth.js';
import { startServer } from './server.js';
import { testStore } from './store.js';

/** Why these tests cannot run here (e.g. no test database), or undefined. */
export const skip = testStore.skip;

/**
 * Starts the server with `env` and the test store, and gets an access token the way a client
 * does: registration, consent with the owner password, and the code exchanged at /token.
 */
export async function startAuthorised(env: Record<string, string>): Promise<Authorised> {
  const password = secret();
  const server = await startServer({ ...serverEnv(testStore, password), ...env });
  const clientId = await register(server.url);
  const { verifier, challenge } = pkce();
  const code = await getCode(server.url, password, clientId, challenge);
  const { body } = await tokenRequest(server.url, {
    grant_type: 'authorization_code',
    code,
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    resource: server.url.href,
  });
  return {
    url: server.url,
    headers: { authorization: `Bearer ${String(body.access_token)}` },
    wrongHeaders: { authorization: `Bearer ${secret()}` },
    challenge: /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    close: () => server.close(),
  };
}
