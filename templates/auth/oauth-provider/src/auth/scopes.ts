import type { Context, MiddlewareHandler } from 'hono';
import { sha256Base64Url, type OAuthStore } from '@mcify/core';
import { formatChallenge } from '../http/challenge.js';

/**
 * The OAuth scopes each tool needs: a token that names scopes must hold all of a tool's scopes to
 * call it; a token issued without any scope may call every tool (the consent page says so). Add
 * your tools here. mcify grants any requested scope and enforces none: this file, the /authorize
 * check in src/app.ts and `requireToolScopes` cover that framework gap.
 */
export const TOOL_SCOPES: Readonly<Record<string, readonly string[]>> = {
  greet: ['greet'],
  whoami: ['profile:read'],
};

/** Every scope a client may ask for (`scopes_supported` in both metadata documents). */
export const SCOPES_SUPPORTED: readonly string[] = [...new Set(Object.values(TOOL_SCOPES).flat())].sort();

/** The requested scopes (space-separated, RFC 6749 section 3.3) this server does not know. */
export const unknownScopes = (scope: string | null | undefined): string[] =>
  (scope ?? '').split(' ').filter((s) => s && !SCOPES_SUPPORTED.includes(s));

interface JsonRpcRequest {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: { readonly name?: unknown };
}

/**
 * Answers a tools/call whose token lacks a scope the tool needs with HTTP 403 and
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."` (RFC 6750 section 3.1, the MCP
 * authorization spec's step-up): `scope` lists the token's scopes and the tool's, so a client that
 * asks for them again loses nothing. Anything else goes on to mcify (which answers bad tokens).
 */
export function requireToolScopes(store: OAuthStore, metadataUrl: (c: Context) => string, maxBytes: () => number): MiddlewareHandler {
  return async (c, next) => {
    const bearer = /^bearer[ \t]+(\S+)/i.exec(c.req.header('authorization') ?? '');
    const length = Number(c.req.header('content-length') ?? NaN);
    // Unknown or large bodies are left to the endpoint's own limit.
    if (c.req.method !== 'POST' || !bearer || !(length <= maxBytes())) return next();
    let message: JsonRpcRequest | null;
    try {
      message = JSON.parse(await c.req.raw.clone().text()) as JsonRpcRequest | null;
    } catch {
      return next();
    }
    const needed = message?.method === 'tools/call' ? (TOOL_SCOPES[String(message.params?.name)] ?? []) : [];
    if (!needed.length) return next();
    const token = await store.getAccessTokenByHash(await sha256Base64Url(bearer[1]!));
    if (!token || token.scope === null) return next();
    const held = token.scope.split(' ');
    if (needed.every((s) => held.includes(s))) return next();
    const scope = [...new Set([...held, ...needed])].join(' ');
    const challenge = formatChallenge('Bearer', { error: 'insufficient_scope', scope, resource_metadata: metadataUrl(c) }, false);
    return c.json(
      { jsonrpc: '2.0', id: message?.id ?? null, error: { code: -32600, message: `This tool needs the scopes: ${needed.join(' ')}` } },
      403,
      { 'WWW-Authenticate': challenge },
    );
  };
}
