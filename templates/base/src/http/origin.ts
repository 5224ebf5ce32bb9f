// Which web pages may call this server from a browser, enforced twice:
// - DNS-rebinding protection, which the MCP specification requires of every server: a web page the
//   user opens could point its own host name at this machine and call the tools from the browser.
//   Browsers always send Origin with such a request; MCP clients that are not web pages (Claude,
//   Cursor, VS Code, the SDKs) send none and pass. originGuard answers other origins 403.
// - CORS, so that the pages that are allowed (loopback ones such as the MCP Inspector, and those in
//   MCIFY_ALLOWED_ORIGINS) can read the answers: corsFor, hono's own CORS middleware.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { runtimeEnv, type Env } from '../env.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL's hostname (e.g. `new URL(x).hostname`: `localhost`, `127.0.0.1`, `[::1]`) is this machine. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.has(hostname.toLowerCase());

/** Whether a browser page of `origin` (e.g. `https://app.example.com`) may call this server. */
export function originAllowed(origin: string, env: Env = runtimeEnv()): boolean {
  const listed = (env.MCIFY_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/+$/, ''));
  if (listed.includes(origin)) return true;
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false; // "null" (sandboxed frames, file://) and anything malformed
  }
}

/** A predicate over Origin header values; `originAllowed` unless a mode admits more (its issuer). */
export type OriginPolicy = (origin: string) => boolean;

/** 403 for a browser request from an origin the policy does not admit. */
export function originGuard(allowed: OriginPolicy = (origin) => originAllowed(origin)): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || allowed(origin)) return next();
    return c.json({ error: 'origin not allowed: add it to MCIFY_ALLOWED_ORIGINS to let that web page call this server' }, 403);
  };
}

/** Response headers a browser client must be able to read (Streamable HTTP and the auth challenge). */
const EXPOSED_HEADERS = ['Mcp-Session-Id', 'MCP-Protocol-Version', 'WWW-Authenticate'];
/** Request headers MCP clients send, besides a mode's own credential header. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id'];

/**
 * CORS (Fetch standard) for exactly the origins the policy admits: preflights answered 204, and
 * Access-Control-Allow-Origin on every response to them, errors and 401s included. Other origins
 * get no CORS header at all. Every response says `Vary: Origin`, so a cache never serves one
 * origin's answer to another. `credentialHeader` adds a mode's own header (e.g. `x-api-key`).
 */
export function corsFor(allowed: OriginPolicy, credentialHeader?: string): MiddlewareHandler {
  const handle = cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: credentialHeader ? [...REQUEST_HEADERS, credentialHeader.toLowerCase()] : REQUEST_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed(origin)) return handle(c, next);
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}
