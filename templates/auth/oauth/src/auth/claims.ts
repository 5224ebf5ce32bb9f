// The verified claims of the caller, for tools.
//
// mcify gives tools only `ctx.auth = { type: 'bearer', token }`. The verifier (./jwt.ts) keeps the
// claims of every token it accepted in a small bounded map keyed by the token itself, and
// `claimsOf(ctx)` reads them back. The lookup is synchronous on purpose: `requireAuth({ predicate })`
// takes a synchronous predicate, and a SHA-256 key would need async WebCrypto. An entry never
// outlives the token's `exp`, nor MAX_AGE_MS.
import { requireAuth, type AuthState, type HandlerContext, type ToolMiddleware } from '@mcify/core';
import type { JWTPayload } from 'jose';
import type { Scope } from './scopes.js';

export interface Claims {
  /** Subject: the user (or, for client-credentials tokens, the client). */
  readonly sub: string;
  /** Granted scopes, from `scope` (space-separated) or `scp` (a string or an array: Okta, Entra). */
  readonly scopes: readonly string[];
  /** Only when the provider puts `email` in access tokens; many do not by default. */
  readonly email?: string;
  /** The OAuth client the token was issued to (`client_id` or `azp`), when present. */
  readonly clientId?: string;
  readonly issuer: string;
  /** Expiry, in seconds since the epoch. */
  readonly expiresAt: number;
  /** Every verified claim, for provider-specific ones (roles, org_id, permissions...). */
  readonly payload: JWTPayload;
}

const MAX_ENTRIES = 1000;
const MAX_AGE_MS = 5 * 60 * 1000;
const cache = new Map<string, { claims: Claims; until: number }>();

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function toClaims(payload: JWTPayload): Claims {
  const raw = payload['scope'] ?? payload['scp'];
  const scopes = Array.isArray(raw)
    ? raw.filter((s): s is string => typeof s === 'string')
    : typeof raw === 'string'
      ? raw.split(' ').filter(Boolean)
      : [];
  const email = text(payload['email']);
  const clientId = text(payload['client_id']) ?? text(payload['azp']);
  return {
    sub: payload.sub!,
    scopes,
    ...(email ? { email } : {}),
    ...(clientId ? { clientId } : {}),
    issuer: payload.iss!,
    expiresAt: payload.exp!,
    payload,
  };
}

export function rememberClaims(token: string, claims: Claims): void {
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(token, { claims, until: Math.min(claims.expiresAt * 1000, Date.now() + MAX_AGE_MS) });
}

export function cachedClaims(token: string): Claims | undefined {
  const entry = cache.get(token);
  if (!entry) return undefined;
  if (Date.now() >= entry.until) {
    cache.delete(token);
    return undefined;
  }
  return entry.claims;
}

const claimsOfAuth = (auth: AuthState): Claims | undefined =>
  auth.type === 'bearer' ? cachedClaims(auth.token) : undefined;

/** The verified claims of the caller; throws (a tool error) when there are none. */
export function claimsOf(ctx: HandlerContext): Claims {
  const claims = claimsOfAuth(ctx.auth);
  if (!claims) throw new Error('not authenticated (the token expired or was not verified): sign in again');
  return claims;
}

/**
 * Tool middleware: the caller's token must carry every one of `scopes`. A denial is a tool result
 * with `isError` (how mcify reports it), not an HTTP 403. Built on `requireAuth({ predicate })`:
 * mcify 1.0.0-alpha.3 ignores the documented `check` option.
 */
export function requireScope(...scopes: [Scope, ...Scope[]]): ToolMiddleware {
  return requireAuth({
    predicate: (auth) => {
      const granted = claimsOfAuth(auth)?.scopes ?? [];
      return scopes.every((s) => granted.includes(s));
    },
    message:
      `insufficient_scope: this tool requires the OAuth scope${scopes.length > 1 ? 's' : ''} ` +
      `"${scopes.join(' ')}". Sign in again and grant it (an administrator may have to assign it to you).`,
  });
}
