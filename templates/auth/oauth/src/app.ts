import { createHttpApp } from '@mcify/runtime';
import { Hono, type Context } from 'hono';
import config from '../mcify.config.js';
import { mountMcp } from './http/mcp-endpoint.js';
import { corsFor, originAllowed } from './http/origin.js';
import { bearerChallenge, protectedResourceMetadata, resourceMetadataUrl } from './auth/resource-metadata.js';
import { SCOPES } from './auth/scopes.js';
import { loadOAuthSettings, readOAuthSettings } from './auth/settings.js';

const MCP_PATH = '/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource';

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
 * The HTTP app that every entry point serves: the MCP endpoint at /mcp (./http/mcp-endpoint.ts),
 * mcify's health check at GET /, and what MCP clients need to find the identity provider (MCP
 * authorization spec): the protected-resource metadata (RFC 9728), at both of its URLs, and a
 * `WWW-Authenticate` challenge that points to it on every 401.
 */
export function createApp(): Hono {
  // Placeholders or a malformed issuer stop the server here, at start, not on the first request.
  loadOAuthSettings();

  const mcify = createHttpApp(config);
  const app = new Hono();
  const origins = (origin: string) => originAllowed(origin);
  // MCP clients try the path-suffixed form (RFC 9728 section 3.1) first, then the root one.
  const metadata = (c: Context) =>
    c.json(
      protectedResourceMetadata({
        resource: `${publicOrigin(c)}${MCP_PATH}`,
        issuer: readOAuthSettings().issuer,
        scopes: SCOPES,
        resourceName: config.name,
      }),
      200,
      { 'Cache-Control': 'public, max-age=3600' },
    );
  for (const path of [METADATA_PATH, `${METADATA_PATH}${MCP_PATH}`]) {
    app.use(path, corsFor(origins));
    app.get(path, metadata);
  }

  mountMcp(app, {
    mcify,
    path: MCP_PATH,
    origins,
    credential: {
      header: 'authorization',
      challenge: (c, sent) =>
        bearerChallenge({ metadataUrl: resourceMetadataUrl(`${publicOrigin(c)}${MCP_PATH}`), tokenSent: sent, scopes: SCOPES }),
    },
  });
  app.all('*', (c) => mcify.fetch(c.req.raw, c.env));
  return app;
}
