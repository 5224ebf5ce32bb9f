// A small identity provider for the tests: OpenID Connect or RFC 8414 metadata and a JWKS on
// 127.0.0.1, keys made with jose. It only signs tokens locally (no sign-in endpoints).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface MockIdp {
  readonly issuer: string;
  readonly audience: string;
  /** The keys published in the JWKS; the first one signs unless told otherwise. */
  keys: SigningKey[];
  /** Which metadata document it serves. */
  metadata: 'oidc' | 'oauth' | 'none';
  /** The `issuer` its metadata claims (the real issuer unless set). */
  metadataIssuer?: string;
  /** How often the JWKS was fetched. */
  readonly jwksFetches: () => number;
  /** A token for the audience, signed by `key` (the first key) with `kid` (the key's), valid 5 minutes. */
  sign(claims?: JWTPayload, options?: { key?: SigningKey; kid?: string; expiresAt?: number }): Promise<string>;
  close(): Promise<void>;
}

/** Starts the provider on a free port; `path` makes an issuer with a path, like Keycloak's realms. */
export async function startMockIdp(audience: string, path = ''): Promise<MockIdp> {
  let jwksFetches = 0;
  const server: Server = createServer((req, res) => {
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const metadata = () =>
      json({
        issuer: idp.metadataIssuer ?? idp.issuer,
        authorization_endpoint: `${idp.issuer}/authorize`,
        token_endpoint: `${idp.issuer}/token`,
        jwks_uri: `${idp.issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    if (req.url === `${path}/jwks`) {
      jwksFetches += 1;
      return json({ keys: idp.keys.map((k) => k.publicJwk) });
    }
    if (idp.metadata === 'oidc' && req.url === `${path}/.well-known/openid-configuration`) return metadata();
    if (idp.metadata === 'oauth' && req.url === `/.well-known/oauth-authorization-server${path}`) return metadata();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const idp: MockIdp = {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    audience,
    keys: [await makeKey('key-1')],
    metadata: 'oidc',
    jwksFetches: () => jwksFetches,
    async sign(claims = {}, options = {}) {
      const key = options.key ?? idp.keys[0]!;
      return new SignJWT({ scope: 'openid', ...claims })
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'at+jwt' })
        .setIssuer(idp.issuer)
        .setAudience(audience)
        .setSubject(typeof claims.sub === 'string' ? claims.sub : 'user_123')
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? '5m')
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive connections would hold close() for seconds
      }),
  };
  return idp;
}
