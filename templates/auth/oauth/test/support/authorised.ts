import type { Authorised } from './http.js';
import { makeKey, startMockIdp } from './mock-idp.js';
import { startServer } from './server.js';

/** Nothing keeps these tests from running in this mode. */
export const skip = undefined;

const AUDIENCE = 'https://mcp.example.test/mcp';

/**
 * Starts a mock identity provider and the server with `env`, trusting it. The credential is a
 * token it signed; the wrong one is signed by a key it does not publish.
 */
export async function startAuthorised(env: Record<string, string>): Promise<Authorised> {
  const idp = await startMockIdp(AUDIENCE);
  const server = await startServer({
    ...env,
    MCIFY_OAUTH_ISSUER: idp.issuer,
    MCIFY_OAUTH_AUDIENCE: AUDIENCE,
    MCIFY_OAUTH_JWKS_URL: '',
    MCIFY_PUBLIC_URL: '',
  });
  const stranger = await makeKey('not-published');
  return {
    url: server.url,
    headers: { authorization: `Bearer ${await idp.sign({ sub: 'http-test', scope: 'tools:greet' })}` },
    wrongHeaders: { authorization: `Bearer ${await idp.sign({ sub: 'http-test' }, { key: stranger })}` },
    challenge: /resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"/,
    close: async () => {
      await server.close();
      await idp.close();
    },
  };
}
