// Verifies the access tokens (JWTs) of an external identity provider against its JWKS.
// Portable: fetch, URL and WebCrypto (through jose) only, so it runs on Node, Bun and Workers.
import { bearer, type AuthConfig } from '@mcify/core';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { cachedClaims, rememberClaims, toClaims, type Claims } from './claims.js';
import { readOAuthSettings, type OAuthSettings } from './settings.js';

/** Asymmetric algorithms only: no `none`, no HS* (a public key must never serve as an HMAC secret). */
export const DEFAULT_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
];

export interface JwtAuthOptions {
  /** Defaults to the MCIFY_OAUTH_* environment variables, as parsed when the app was created. */
  readonly settings?: () => OAuthSettings;
  readonly algorithms?: readonly string[];
  /** Allowed clock skew for exp and nbf, in seconds. Default 30. */
  readonly clockToleranceSeconds?: number;
  /**
   * jose's key cache: an unknown `kid` refetches the JWKS at most once per cooldown (default 30 s),
   * the keys are refreshed after cacheMaxAge (default 10 min), a fetch times out after 5 s.
   */
  readonly jwks?: { cooldownDuration?: number; cacheMaxAge?: number; timeoutDuration?: number };
  /** Required JWT `typ`, e.g. 'at+jwt' (RFC 9068) to refuse ID tokens or session JWTs of the same issuer. */
  readonly typ?: string;
  /** Called with the reason when a token is rejected (default: console.warn). Never gets the token. */
  readonly onReject?: (reason: string) => void;
}

/**
 * The provider's metadata or keys could not be fetched. mcify answers it with HTTP 500, not 401,
 * so clients do not start a new sign-in for an outage or a misconfiguration.
 */
export class IdpUnavailableError extends Error {
  override name = 'IdpUnavailableError';
}

/** The jwks_uri from the issuer's metadata: OpenID Connect discovery first, then RFC 8414. */
export async function discoverJwksUri(issuer: string): Promise<string> {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  const candidates = [
    `${url.origin}${path}/.well-known/openid-configuration`, // OpenID Connect Discovery 1.0
    `${url.origin}/.well-known/oauth-authorization-server${path}`, // RFC 8414
    `${url.origin}/.well-known/openid-configuration${path}`, // RFC 8414 form of OIDC
  ].filter((u, i, all) => all.indexOf(u) === i);
  const tried: string[] = [];
  for (const candidate of candidates) {
    let metadata: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(candidate, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (!res.ok) {
        tried.push(`${candidate} (HTTP ${res.status})`);
        continue;
      }
      metadata = (await res.json()) as typeof metadata;
    } catch (e) {
      tried.push(`${candidate} (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    if (metadata.issuer !== issuer) {
      throw new IdpUnavailableError(
        `issuer mismatch: ${candidate} says "${String(metadata.issuer)}" but MCIFY_OAUTH_ISSUER is "${issuer}". ` +
          'Copy the issuer exactly (a trailing slash matters).',
      );
    }
    if (typeof metadata.jwks_uri !== 'string') {
      throw new IdpUnavailableError(`${candidate} has no jwks_uri: set MCIFY_OAUTH_JWKS_URL.`);
    }
    return metadata.jwks_uri;
  }
  throw new IdpUnavailableError(`could not discover the JWKS of ${issuer}: tried ${tried.join(', ')}. Set MCIFY_OAUTH_JWKS_URL.`);
}

// jose errors that mean "the keys could not be fetched", as opposed to "this token is bad".
const isFetchFailure = (e: unknown): boolean =>
  e instanceof errors.JWKSTimeout || !(e instanceof errors.JOSEError) || e.code === 'ERR_JOSE_GENERIC';

export interface JwtVerifier {
  /** The verified claims, or null for an invalid token. Throws IdpUnavailableError in an outage. */
  verify(token: string): Promise<Claims | null>;
}

export function createJwtVerifier(options: JwtAuthOptions = {}): JwtVerifier {
  const settingsOf = options.settings ?? (() => readOAuthSettings());
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  const onReject = options.onReject ?? ((reason) => console.warn(`[auth] token rejected: ${reason}`));

  // Only resolved values are kept across requests, never a pending promise: on Workers, I/O started
  // by one request must not be awaited by another. The key set belongs to one issuer and JWKS URL.
  let keys: { for: string; getKey: JWTVerifyGetKey } | undefined;
  let discoveryFailed = { for: '', at: -Infinity };

  const keySetOf = async (s: OAuthSettings): Promise<JWTVerifyGetKey> => {
    const id = `${s.issuer} ${s.jwksUrl ?? ''}`;
    if (keys?.for === id) return keys.getKey;
    if (discoveryFailed.for === id && Date.now() - discoveryFailed.at < 10_000) {
      throw new IdpUnavailableError('the identity provider\'s metadata is unavailable (retrying shortly)');
    }
    try {
      const jwksUrl = s.jwksUrl ?? (await discoverJwksUri(s.issuer));
      const remote = createRemoteJWKSet(new URL(jwksUrl), options.jwks);
      const getKey: JWTVerifyGetKey = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (e) {
          if (isFetchFailure(e)) throw new IdpUnavailableError(`JWKS fetch failed (${jwksUrl}): ${(e as Error).message}`);
          throw e;
        }
      };
      keys = { for: id, getKey };
      return getKey;
    } catch (e) {
      discoveryFailed = { for: id, at: Date.now() };
      throw e;
    }
  };

  return {
    async verify(token) {
      const s = settingsOf();
      const hit = cachedClaims(token);
      if (hit && hit.issuer === s.issuer) return hit;
      const getKey = await keySetOf(s);
      try {
        const { payload } = await jwtVerify(token, getKey, {
          issuer: s.issuer,
          audience: [...s.audience],
          algorithms,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['sub', 'exp'],
          ...(options.typ ? { typ: options.typ } : {}),
        });
        const claims = toClaims(payload);
        rememberClaims(token, claims);
        return claims;
      } catch (e) {
        if (e instanceof IdpUnavailableError) throw e;
        onReject(e instanceof errors.JOSEError ? `${e.code}: ${e.message}` : String(e));
        return null;
      }
    },
  };
}

/**
 * The `auth:` of mcify.config.ts: mcify's `bearer()` with a `verify` that checks the JWT (mcify's own
 * `oauth()` helper does not verify tokens in 1.0.0-alpha.3). `bearer()` requires `env` but does not
 * read it when `verify` is given.
 */
export function jwtAuth(options: JwtAuthOptions = {}): AuthConfig {
  const verifier = createJwtVerifier(options);
  return bearer({ env: 'MCIFY_OAUTH_ISSUER', verify: async (token) => (await verifier.verify(token)) !== null });
}
