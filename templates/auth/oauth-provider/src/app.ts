import { createHttpApp } from '@mcify/runtime';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import config from '../mcify.config.js';
import { clientIp, hostGuard, limitByIp, pinIssuer } from './auth/guards.js';
import { setupOAuth } from './auth/index.js';
import { limitToolCalls, WindowLimiter } from './auth/rate-limit.js';
import { errorRedirectUrl, redirectProblem, requestOrigin, withIssuer } from './auth/consent.js';
import { ClientMetadataError } from './auth/client-metadata.js';
import { revokeGrantsEndpoint } from './auth/owner.js';
import { redirectUriProblem } from './auth/redirect-uris.js';
import { requireToolScopes, SCOPES_SUPPORTED, unknownScopes } from './auth/scopes.js';
import { revocationEndpoint, tokenEndpoint } from './auth/token-endpoint.js';
import { formatChallenge } from './http/challenge.js';
import { maxBodyBytes, mountMcp } from './http/mcp-endpoint.js';
import { corsFor, originAllowed } from './http/origin.js';

const tooLarge = (c: Context) => c.json({ error: 'invalid_request', error_description: 'Request body too large' }, 413);

const MCP_PATH = '/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource';

/**
 * The HTTP app that every entry point serves: the MCP endpoint at /mcp (./http/mcp-endpoint.ts:
 * Origin check, CORS, body limit, version negotiation, auth challenge, then mcify), mcify's OAuth
 * endpoints (/.well-known/*, /register, /authorize), this project's /token (./auth/token-endpoint.ts),
 * the consent page (/consent) and a
 * health check at GET /, behind a Host check, rate limits and body size limits.
 * Add routes here (it is a Hono app) when your server needs more than MCP.
 */
export function createApp(): Hono {
  const { settings, consent, store } = setupOAuth();
  // Tool calls are limited per OAuth client + subject (rateLimit's default key ignores this mode).
  const mcify = createHttpApp({ ...config, tools: limitToolCalls(config.tools ?? [], settings.toolCallsPerMinute) });
  const forward = (request: Request, env?: unknown) => mcify.fetch(pinIssuer(request, settings.issuer), env);
  const runtime = (c: Context) => forward(c.req.raw, c.env);
  const ipOf = (c: Context) => clientIp(c, settings.trustedProxies);
  // Web pages that may call from a browser: loopback, MCIFY_ALLOWED_ORIGINS, and this server's own.
  const origins = (origin: string) => origin === settings.issuer || originAllowed(origin);
  const app = new Hono();

  app.use('*', hostGuard(settings));
  // Browser clients discover, register and get tokens with fetch: CORS for the pages allowed above.
  for (const path of ['/.well-known/*', '/register', '/token', '/revoke']) app.use(path, corsFor(origins));
  app.use('/register', limitByIp(new WindowLimiter(10, 60 * 60_000), ipOf), bodyLimit({ maxSize: 8 * 1024, onError: tooLarge }));
  // Redirect URIs mcify would accept but RFC 6749 does not: with a fragment or a user name.
  app.post('/register', async (c, next) => {
    const metadata = (await c.req.raw.clone().json().catch(() => null)) as { redirect_uris?: unknown } | null;
    const uris = Array.isArray(metadata?.redirect_uris) ? metadata.redirect_uris : [];
    for (const uri of uris) {
      const problem = typeof uri === 'string' ? redirectUriProblem(uri) : null;
      if (problem) return c.json({ error: 'invalid_redirect_uri', error_description: problem }, 400, { 'Cache-Control': 'no-store' });
    }
    return next();
  });
  for (const path of ['/token', '/revoke']) app.use(path, limitByIp(new WindowLimiter(60, 60_000), ipOf), bodyLimit({ maxSize: 4 * 1024, onError: tooLarge }));
  app.use('/consent', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }));

  consent.mount(app, ipOf);

  // The runtime's /authorize; once it has issued a code, the one-time consent cookie is cleared.
  app.get('/authorize', async (c) => {
    // A person is reading this: mcify would answer an unknown client_id with JSON for programs, and
    // it lets a loopback redirect URI differ in more than its port (see ./auth/redirect-uris.ts).
    const client = await store.getClientById(c.req.query('client_id') ?? '').catch((error: unknown) => {
      if (error instanceof ClientMetadataError) return error; // a client_id URL whose document cannot be used
      throw error;
    });
    if (client instanceof ClientMetadataError) return consent.invalidRequest(c, client.message);
    if (!client) return consent.unknownClient(c);
    const problem = redirectProblem(client.redirectUris, c.req.query('redirect_uri') ?? '');
    if (problem) return consent.invalidRequest(c, problem);
    // mcify would grant any scope; one this server does not know is refused (RFC 6749 section 4.1.2.1).
    const unknown = unknownScopes(c.req.query('scope'));
    if (unknown.length) {
      const q = new URL(c.req.url).searchParams;
      return c.redirect(errorRedirectUrl(q, 'invalid_scope', `Unknown scope: ${unknown.join(' ')}`, requestOrigin(c.req.raw, settings.issuer)), 302);
    }
    const res = await runtime(c);
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || location.startsWith('/consent')) return res;
    const out = new Response(res.body, res);
    // RFC 9207: the authorization response names its issuer, so a client talking to several
    // servers can tell which one answered (mix-up attacks). mcify does not add it.
    out.headers.set('location', withIssuer(location, requestOrigin(c.req.raw, settings.issuer)));
    out.headers.append('Set-Cookie', consent.clearConsentCookie(c.req.raw));
    out.headers.set('Cache-Control', 'no-store');
    return out;
  });

  app.post(
    '/token',
    tokenEndpoint({
      store,
      resource: (c) => `${requestOrigin(c.req.raw, settings.issuer)}${MCP_PATH}`,
      refreshReuseMs: settings.refreshReuseMs,
      chainLifetimeMs: settings.chainLifetimeMs,
    }),
  );
  app.post('/revoke', revocationEndpoint({ store }));
  // The owner ends every client's grants, or one client's (./auth/owner.ts).
  app.use('/owner/*', bodyLimit({ maxSize: 4 * 1024, onError: tooLarge }));
  app.post('/owner/revoke-grants', revokeGrantsEndpoint({ settings, store, clientIp: ipOf }));

  // RFC 8414 metadata: mcify's document, plus what this project adds to the server.
  app.get('/.well-known/oauth-authorization-server', async (c) => {
    const res = await runtime(c);
    if (res.status !== 200) return res;
    const metadata = (await res.json()) as Record<string, unknown>;
    return c.json(
      {
        ...metadata,
        authorization_response_iss_parameter_supported: true,
        scopes_supported: SCOPES_SUPPORTED,
        revocation_endpoint: `${String(metadata.issuer)}/revoke`,
        revocation_endpoint_auth_methods_supported: ['none'],
        // A client_id may be the URL of its metadata document (./auth/client-metadata.ts).
        client_id_metadata_document_supported: true,
      },
      200,
      { 'Cache-Control': res.headers.get('cache-control') ?? 'no-store' },
    );
  });

  // RFC 9728 section 3.1: clients look for the metadata of /mcp at the path-suffixed URL first;
  // mcify serves only the root one, so this one answers with the same document.
  // mcify's document lists no scopes: the tools' scopes (./auth/scopes.ts) are added.
  const resourceMetadata = async (c: Context) => {
    const res = await forward(new Request(new URL(METADATA_PATH, c.req.url), c.req.raw), c.env);
    if (res.status !== 200) return res;
    const metadata = (await res.json()) as Record<string, unknown>;
    return c.json({ ...metadata, scopes_supported: SCOPES_SUPPORTED }, 200, { 'Cache-Control': res.headers.get('cache-control') ?? 'no-store' });
  };
  app.get(METADATA_PATH, resourceMetadata);
  app.get(`${METADATA_PATH}${MCP_PATH}`, resourceMetadata);

  const metadataUrl = (c: Context) => `${requestOrigin(c.req.raw, settings.issuer)}${METADATA_PATH}${MCP_PATH}`;
  app.use(MCP_PATH, requireToolScopes(store, metadataUrl, () => maxBodyBytes()));

  mountMcp(app, {
    mcify: { fetch: forward },
    path: MCP_PATH,
    origins,
    credential: {
      header: 'authorization',
      // mcify's own challenge names the root metadata URL and says invalid_token even when no
      // token was sent (RFC 6750 section 3.1 says not to): this one replaces it.
      challenge: (c, sent) => formatChallenge('Bearer', { resource_metadata: metadataUrl(c) }, sent),
    },
  });

  app.all('*', runtime);
  return app;
}
