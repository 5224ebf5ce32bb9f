// The MCP endpoint in front of mcify's own: what a client sees of HTTP before a message reaches
// the framework. Each step covers a gap of mcify 1.0.0-alpha.3 (see the notes at each one), so
// it can shrink as the framework closes them:
// - the Origin check and CORS (./origin.ts);
// - a body limit before authentication (mcify reads and parses any body first);
// - protocol version negotiation (./protocol-version.ts);
// - the `Bearer` scheme in any letter case (RFC 9110 section 11.1; mcify matches "Bearer " only);
// - a WWW-Authenticate challenge on every 401 (./challenge.ts);
// - 405 with an Allow header for the methods it does not serve (mcify: 405 without Allow on GET).
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { runtimeEnv } from '../env.js';
import type { CredentialChallenge } from './challenge.js';
import { corsFor, originAllowed, originGuard, type OriginPolicy } from './origin.js';
import { negotiateVersion, SUPPORTED_PROTOCOL_VERSIONS, unsupportedVersionHeader, withProtocolVersion } from './protocol-version.js';

export interface McpEndpointOptions {
  /** mcify's app (`createHttpApp(config)`), which gets each MCP message that passes the checks. */
  readonly mcify: { fetch(request: Request, env?: unknown): Response | Promise<Response> };
  /** Default '/mcp'. */
  readonly path?: string;
  /** Web origins allowed to call from a browser; default: loopback and MCIFY_ALLOWED_ORIGINS. */
  readonly origins?: OriginPolicy;
  /** How a 401 asks for the mode's credential; absent in the `none` mode. */
  readonly credential?: CredentialChallenge;
}

/** MCIFY_MAX_BODY_BYTES when set: the largest MCP request body accepted, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body limit in bytes from MCIFY_MAX_BODY_BYTES (empty: 1 MiB); throws on a value that is not a positive whole number. */
export function maxBodyBytes(value = runtimeEnv().MCIFY_MAX_BODY_BYTES): number {
  if (!value?.trim()) return DEFAULT_MAX_BODY_BYTES;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`MCIFY_MAX_BODY_BYTES must be a whole number of bytes, got "${value}"`);
  return bytes;
}

const ALLOW = 'POST, OPTIONS';
const rpcError = (id: unknown, code: number, message: string) => ({ jsonrpc: '2.0', id: id ?? null, error: { code, message } });

/** The one JSON-RPC message of a body, when it is one (batches and bad JSON are mcify's to answer). */
function messageOf(text: string): { id?: unknown; method?: unknown; params?: { protocolVersion?: unknown } } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The request's headers for mcify, with `bearer`/`BEARER ...` rewritten as the `Bearer ...` it expects. */
function forwardedHeaders(headers: Headers): Headers {
  const out = new Headers(headers);
  const authorization = /^bearer[ \t]+(.*)$/i.exec(headers.get('authorization') ?? '');
  if (authorization) out.set('authorization', `Bearer ${authorization[1]!.trim()}`);
  return out;
}

/**
 * Whether a request presented a credential at all. In an Authorization header only the Bearer
 * scheme counts: another scheme is "an unsupported authentication method" (RFC 6750 section 3.1).
 */
function presented(c: Context, header: string): boolean {
  const value = c.req.header(header);
  return value !== undefined && (header !== 'authorization' || /^bearer[ \t]+\S/i.test(value));
}

/**
 * Mounts the MCP endpoint at `path` on `app`: Origin check and CORS, then POST with the checks
 * above, handed to `mcify`; OPTIONS without a browser Origin gets 204 and Allow; anything else
 * 405 with Allow (this server keeps no session and offers no SSE stream on GET).
 */
export function mountMcp(app: Hono, options: McpEndpointOptions): void {
  const path = options.path ?? '/mcp';
  const origins = options.origins ?? ((origin: string) => originAllowed(origin));
  const credential = options.credential;
  app.use(path, originGuard(origins), corsFor(origins, credential?.header));

  // On Workers the variables may only be there once a request comes, so the limit is read then.
  let limit: MiddlewareHandler | undefined;
  const limitBody: MiddlewareHandler = (c, next) => {
    limit ??= bodyLimit({
      maxSize: maxBodyBytes(),
      // The rest of the body is never read: the connection cannot carry another request.
      onError: (c) => c.json(rpcError(null, -32600, 'Request body too large'), 413, { Connection: 'close' }),
    });
    return limit(c, next);
  };

  app.post(path, limitBody, async (c: Context) => {
    const text = await c.req.text();
    const message = messageOf(text);
    const initialize = message?.method === 'initialize';
    const version = c.req.header('mcp-protocol-version');
    if (!initialize && unsupportedVersionHeader(version)) {
      const supported = SUPPORTED_PROTOCOL_VERSIONS.join(', ');
      return c.json(rpcError(message?.id, -32600, `Unsupported MCP-Protocol-Version "${version}"; this server speaks ${supported}`), 400);
    }
    const request = new Request(c.req.url, { method: 'POST', headers: forwardedHeaders(c.req.raw.headers), body: text });
    let response = await options.mcify.fetch(request, c.env);
    if (response.status === 401 && credential) {
      response = new Response(response.body, response);
      response.headers.set('WWW-Authenticate', credential.challenge(c, presented(c, credential.header)));
    }
    if (initialize && response.status === 200) response = await withProtocolVersion(response, negotiateVersion(message.params?.protocolVersion));
    return response;
  });
  // Preflights from allowed pages were answered by corsFor; this is a plain OPTIONS.
  app.options(path, (c) => c.body(null, 204, { Allow: ALLOW }));
  app.all(path, (c) => c.json(rpcError(null, -32000, 'Method not allowed: send MCP messages with POST'), 405, { Allow: ALLOW }));
}
