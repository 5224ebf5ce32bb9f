// A mock OpenID Connect provider: discovery, JWKS (a jose key pair made per run), /authorize and
// /token issuing RS256 ID tokens, on 127.0.0.1. `tamper` makes the next ID token wrong on purpose.
import { randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { answer, pkceMatches, startMock, type MockUser } from './mock-http.js';

export interface IdTokenTamper {
  iss?: string;
  aud?: string;
  nonce?: string;
  /** Seconds from now (negative: expired). */
  expiresIn?: number;
}

export interface MockOidc {
  /** This mock's origin, once it listens. */
  issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who signs in at the next authorization ('cancel': the person clicks Cancel). */
  signInAs: MockUser | 'cancel';
  /** Applied to the next ID token only. */
  tamper: IdTokenTamper | undefined;
}

export async function startMockOidc(): Promise<MockOidc> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { user: MockUser; challenge: string; redirectUri: string; nonce: string }>();
  const mock: MockOidc = { issuer: '', clientId: 'test-client', clientSecret: randomBytes(20).toString('hex'), signInAs: 'cancel', tamper: undefined };

  const { origin } = await startMock(async (req) => {
    const { pathname, searchParams: q } = req.url;
    if (pathname === '/.well-known/openid-configuration') {
      return {
        status: 200,
        json: { issuer: mock.issuer, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token`, jwks_uri: `${origin}/jwks` },
      };
    }
    if (pathname === '/jwks') return { status: 200, json: { keys: [jwk] } };
    if (pathname === '/authorize') {
      const redirectUri = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== mock.clientId) return { status: 400, json: { error: 'unknown client' } };
      if (mock.signInAs === 'cancel') return answer(redirectUri, { error: 'access_denied', state: q.get('state') ?? '' });
      const code = randomBytes(10).toString('hex');
      codes.set(code, { user: mock.signInAs, challenge: q.get('code_challenge') ?? '', redirectUri, nonce: q.get('nonce') ?? '' });
      return answer(redirectUri, { code, state: q.get('state') ?? '' });
    }
    if (pathname === '/token' && req.method === 'POST') {
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (basic !== `${mock.clientId}:${mock.clientSecret}`) return { status: 401, json: { error: 'invalid_client' } };
      const code = req.form.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code);
      if (!grant || grant.redirectUri !== req.form.get('redirect_uri') || !pkceMatches(req.form.get('code_verifier') ?? '', grant.challenge)) {
        return { status: 400, json: { error: 'invalid_grant' } };
      }
      const t = mock.tamper ?? {};
      mock.tamper = undefined;
      const u = grant.user;
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ email: u.email, email_verified: u.emailVerified ?? true, name: u.name, nonce: t.nonce ?? grant.nonce, ...(u.hd ? { hd: u.hd } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(t.iss ?? mock.issuer)
        .setAudience(t.aud ?? mock.clientId)
        .setSubject(u.id)
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (t.expiresIn ?? 300))
        .sign(privateKey);
      return { status: 200, json: { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken } };
    }
    return { status: 404, json: { error: 'not found' } };
  });
  mock.issuer = origin;
  return mock;
}
