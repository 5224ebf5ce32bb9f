import { createHttpApp } from '@mcify/runtime';
import { Hono, type Context } from 'hono';
import config from '../mcify.config.js';
import { originGuard } from './origin.js';
import { bearerChallenge, protectedResourceMetadata, resourceMetadataUrl } from './auth/resource-metadata.js';
import { SCOPES } from './auth/scopes.js';
import { loadOAuthSettings, readOAuthSettings } from './auth/settings.js';

const MCP_PATH = '/mcp';

/** This server's public origin: MCIFY_PUBLIC_URL when set (do set it behind a proxy), else the request's. */
function publicOrigin(c: Context): string {
  const configured = readOAuthSettings().publicUrl;
  if (configured) return configured;
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? url.host;
  return `${proto}://${host}`;
}

/**
 * The HTTP app that every entry point serves: the MCP endpoint at POST /mcp, a health check at GET /,
 * and what MCP clients need to find the identity provider (MCP authorization spec): the
 * protected-resource metadata (RFC 9728) and a `WWW-Authenticate` challenge on every 401.
 */
export function createApp(): Hono {
  // Placeholders or a malformed issuer stop the server here, at start, not on the first request.
  loadOAuthSettings();

  const app = new Hono();
  // MCP clients try the path-suffixed form (/.well-known/oauth-protected-resource/mcp) first.
  const metadata = (c: Context) =>
    c.json(
      protectedResourceMetadata({
        resource: `${publicOrigin(c)}${MCP_PATH}`,
        issuer: readOAuthSettings().issuer,
        scopes: SCOPES,
        resourceName: config.name,
      }),
      200,
      { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
    );
  app.get('/.well-known/oauth-protected-resource', metadata);
  app.get(`/.well-known/oauth-protected-resource${MCP_PATH}`, metadata);

  app.use(MCP_PATH, originGuard());
  // mcify's 401 has no WWW-Authenticate header: add the challenge that points to the metadata.
  app.use(MCP_PATH, async (c, next) => {
    await next();
    if (c.res.status !== 401) return;
    c.res.headers.set(
      'WWW-Authenticate',
      bearerChallenge({
        metadataUrl: resourceMetadataUrl(`${publicOrigin(c)}${MCP_PATH}`),
        tokenSent: /^Bearer\s+\S/i.test(c.req.header('authorization') ?? ''),
        scopes: SCOPES,
      }),
    );
  });

  app.route('/', createHttpApp(config, { path: MCP_PATH }));
  return app;
}
