// DNS-rebinding protection, which the MCP specification requires of every server: a web page the
// user opens could point its own host name at this machine and call the tools from the browser.
// Browsers always send Origin with such a request; MCP clients that are not web pages (Claude,
// Cursor, VS Code, the SDKs) send none and pass. A web page may call /mcp when its origin is
// loopback (MCP Inspector, local tools) or listed in MCIFY_ALLOWED_ORIGINS.
import type { MiddlewareHandler } from 'hono';
import { runtimeEnv, type Env } from './env.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a browser page of `origin` may call this server. */
export function originAllowed(origin: string, env: Env = runtimeEnv()): boolean {
  const listed = (env.MCIFY_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/+$/, ''));
  if (listed.includes(origin)) return true;
  try {
    return LOOPBACK.has(new URL(origin).hostname);
  } catch {
    return false; // "null" (sandboxed frames, file://) and anything malformed
  }
}

/** 403 for a browser request from an origin that is neither loopback nor allowed. */
export function originGuard(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || originAllowed(origin)) return next();
    return c.json({ error: 'origin not allowed: add it to MCIFY_ALLOWED_ORIGINS to let that web page call this server' }, 403);
  };
}
