import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AllowList } from '../allow-list.js';
import type { LoginSetup } from '../upstream-login.js';
import { LoginRefused, providerJson, type UpstreamProvider } from './provider.js';

/** What an OpenID provider publishes at /.well-known/openid-configuration (OpenID Connect Discovery 1.0). */
interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export interface OpenIdOptions {
  /** Shown to people ("Google", the issuer's host). */
  readonly label: string;
  /** Exactly the `iss` of the provider's ID tokens. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Namespace of the subject: `${prefix}:${sub}`. */
  readonly prefix: string;
  readonly allow: AllowList;
  /** Extra authorization parameters (Google's `hd` hint). */
  readonly extraParams?: Readonly<Record<string, string>>;
}

/**
 * Sign-in at an OpenID Connect provider: authorization code with PKCE, state and nonce; the code
 * is exchanged with the client secret (client_secret_basic), and the ID token is verified with jose
 * against the provider's published keys (JWKS): signature, `iss`, `aud` (this client), `exp`, and
 * the `nonce` of this sign-in. The person is `sub`; `email` counts only with `email_verified`.
 */
export function openIdLogin(o: OpenIdOptions): LoginSetup {
  let discovery: Promise<{ meta: Discovery; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = () =>
    (discovery ??= (async () => {
      const url = `${o.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const { status, body } = await providerJson<Discovery>(o.label, 'discovery', fetch(url, { headers: { accept: 'application/json' } }));
      // OpenID Connect Discovery 1.0 section 4.3: the document's issuer must be the one asked for.
      if (status !== 200 || body.issuer !== o.issuer || !body.authorization_endpoint || !body.token_endpoint || !body.jwks_uri) {
        throw new Error(`${url} is not the OpenID configuration of ${o.issuer} (HTTP ${status}, issuer ${JSON.stringify(body.issuer)})`);
      }
      return { meta: body, keys: createRemoteJWKSet(new URL(body.jwks_uri)) };
    })().catch((error: unknown) => {
      discovery = undefined; // try again on the next sign-in
      throw error;
    }));

  const provider: UpstreamProvider = {
    label: o.label,
    async authorizationUrl({ redirectUri, state, nonce, codeChallenge }) {
      const { meta } = await discover();
      const url = new URL(meta.authorization_endpoint);
      for (const [name, value] of Object.entries({
        response_type: 'code',
        client_id: o.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        ...o.extraParams,
      })) {
        url.searchParams.set(name, value);
      }
      return url;
    },

    async identify({ code, redirectUri, codeVerifier, nonce }) {
      const { meta, keys } = await discover();
      // RFC 6749 section 2.3.1: client id and secret form-encoded, then Basic.
      const basic = btoa(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`);
      const token = await providerJson<{ id_token?: string; error?: string }>(
        o.label,
        'code exchange',
        fetch(meta.token_endpoint, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier }),
        }),
      );
      if (token.status !== 200 || !token.body.id_token) {
        const reason = token.body.error ?? `HTTP ${token.status}`;
        if (reason === 'invalid_client') console.error(`${o.label} refused this server's client id or secret: check them in the env file.`);
        throw new LoginRefused(`${o.label} did not accept the sign-in (${reason}); the server's client settings may be wrong, or the sign-in expired.`);
      }
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token.body.id_token, keys, { issuer: o.issuer, audience: o.clientId, clockTolerance: 30 }));
      } catch (error) {
        const why = error instanceof errors.JWTExpired ? 'it has expired' : error instanceof errors.JWTClaimValidationFailed ? `its "${error.claim}" is wrong` : 'its signature does not check out';
        throw new LoginRefused(`The identity token from ${o.label} was refused: ${why}.`);
      }
      if (typeof claims['nonce'] !== 'string' || claims['nonce'] !== nonce) {
        throw new LoginRefused(`The identity token from ${o.label} was refused: it belongs to another sign-in (nonce).`);
      }
      if (typeof claims.sub !== 'string' || !claims.sub) throw new LoginRefused(`The identity token from ${o.label} names no subject.`);
      const verified = claims['email_verified'] === true || claims['email_verified'] === 'true';
      const email = verified && typeof claims['email'] === 'string' ? claims['email'].toLowerCase() : null;
      const name = typeof claims['name'] === 'string' ? claims['name'] : null;
      return {
        subject: { sub: `${o.prefix}:${claims.sub}`, ...(email ? { email } : {}), ...(name ? { name } : {}) },
        email,
        hostedDomain: typeof claims['hd'] === 'string' ? claims['hd'] : null,
        orgMember: false,
      };
    },
  };
  return { provider, allow: o.allow };
}
