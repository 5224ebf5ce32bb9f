// `--auth oauth`: a mock identity provider on 127.0.0.1 (OIDC discovery + JWKS, an RS256 key from
// node:crypto), whose issuer and audience replace the placeholders create-mcify wrote with --yes.
// The audience is the server's own MCP URL, as the env file advises and as MCP clients ask for it
// (RFC 8707 resource), so the server is started on a port chosen here.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, freePort, projectEnv, type Generated } from '../harness.js';
import type { E2EAuth } from './types.js';

interface Idp {
  readonly issuer: string;
  readonly audience: string;
  readonly privateKey: KeyObject;
  readonly tokens: string[];
}
const idps = new Map<string, Idp>();

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function mint(idp: Idp): string {
  const now = Math.floor(Date.now() / 1000);
  const header = part({ alg: 'RS256', kid: 'e2e', typ: 'at+jwt' });
  const claims = part({ iss: idp.issuer, aud: idp.audience, sub: 'e2e-user', scope: 'tools:greet', iat: now, exp: now + 300, jti: randomUUID() });
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(idp.privateKey).toString('base64url');
  const token = `${header}.${claims}.${signature}`;
  idp.tokens.push(token);
  return token;
}

function idpOf(project: Generated): Idp {
  const idp = idps.get(project.dir);
  if (!idp) throw new Error(`no mock identity provider for ${project.dir}: setup() did not run`);
  return idp;
}

export const e2eAuth: E2EAuth = {
  async setup(project) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'e2e', alg: 'RS256', use: 'sig' };
    const server = createServer((req, res) => {
      // Hosted providers send CORS on discovery: a sign-in that runs in a web page reads it.
      const json = (body: object) => res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(body));
      // The discovery document of a provider set up for MCP clients (DCR, PKCE S256, public
      // clients, RFC 9207 iss; no Client ID Metadata Documents, like most providers today), as
      // doctor --remote reads it. Only discovery and the JWKS are served: the e2e mints its tokens.
      if (req.url === '/.well-known/openid-configuration')
        return json({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          registration_endpoint: `${issuer}/register`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
          authorization_response_iss_parameter_supported: true,
        });
      if (req.url === '/jwks') return json({ keys: [jwk] });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const port = await freePort();
    const audience = `http://127.0.0.1:${port}/mcp`;
    idps.set(project.dir, { issuer, audience, privateKey, tokens: [] });
    const env = projectEnv(project, { MCIFY_OAUTH_ISSUER: issuer, MCIFY_OAUTH_AUDIENCE: audience });
    return {
      env: { ...env, PORT: String(port) },
      teardown: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  },
  connect: (project, url) => connect(url, { Authorization: `Bearer ${mint(idpOf(project))}` }),
  headers: async (project) => ({ Authorization: `Bearer ${mint(idpOf(project))}` }),
  rejectsAnonymous: () => true,
  secrets: (project) => idpOf(project).tokens,
};
