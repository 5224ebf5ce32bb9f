// `--auth oauth`: a mock identity provider on 127.0.0.1 (OIDC discovery + JWKS, an RS256 key from
// node:crypto), whose issuer and audience replace the placeholders create-mcify wrote with --yes.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, projectEnv, type Generated } from '../harness.js';
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
      const json = (body: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/.well-known/openid-configuration') return json({ issuer, jwks_uri: `${issuer}/jwks` });
      if (req.url === '/jwks') return json({ keys: [jwk] });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const audience = `https://${project.auth}-${project.target}.e2e.test/mcp`;
    idps.set(project.dir, { issuer, audience, privateKey, tokens: [] });
    const env = projectEnv(project, { MCIFY_OAUTH_ISSUER: issuer, MCIFY_OAUTH_AUDIENCE: audience });
    return {
      env,
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
