// A small MCP server on node:http for the `doctor --remote` tests: with no fault it does what a
// generated server does over HTTP (Origin check and CORS, challenges, version negotiation, body
// limit, 405 with Allow, RFC 9728/8414 metadata for OAuth, and for `oauth` an identity provider
// on another port with its JWKS); each fault breaks one of those on purpose, so a test can show
// that doctor names it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | 'no-cors'
  | 'no-challenge'
  | 'wrong-resource'
  | 'no-s256'
  | 'no-echo'
  /** A body limit of 50 MB: a 50 MB request is read and parsed whole. */
  | 'big-body'
  | 'get-405-no-allow'
  | 'redirect'
  /** oauth: the identity provider's jwks_uri answers 404. */
  | 'no-jwks'
  /** oauth: the server accepts a token whose aud is another resource than its URL. */
  | 'wrong-audience'
  /** oauth-provider: Client ID Metadata Documents and no registration endpoint. */
  | 'cimd-only';

export interface FakeServer {
  readonly url: string;
  /** Requests seen, as `METHOD path` with the headers, to check what doctor sent. */
  readonly requests: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  /** The credential the server accepts: FAKE_TOKEN, or in oauth mode a JWT from its identity provider. */
  readonly token: string;
  close(): Promise<void>;
}

export const FAKE_TOKEN = 'fake-token-7f3a9c1e5b2d';
const VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
const LIMIT = 1024 * 1024;
const BIG_LIMIT = 50 * 1000 * 1000;
const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export type FakeMode = 'bearer' | 'api-key' | 'oauth' | 'oauth-provider';

/** RFC 8414 metadata of an authorization server that offers what MCP clients need. */
function asMetadata(issuer: string, fault: Fault | undefined, extra: Record<string, unknown> = {}) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    ...(fault === 'cimd-only' ? {} : { registration_endpoint: `${issuer}/register` }),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: fault === 'no-s256' ? ['plain'] : ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    ...extra,
  };
}

/** A JWT-shaped access token with these claims; unsigned, since nothing here verifies it. */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'fake' })}.${part(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

/** The `oauth` mode's identity provider: OIDC discovery (CORS for any page) and a JWKS. */
async function startIdp(fault: Fault | undefined) {
  let issuer = '';
  const server = createServer((req, res) => {
    const body = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(value));
    if (req.url === '/.well-known/openid-configuration') return body(200, asMetadata(issuer, fault, { jwks_uri: `${issuer}/jwks`, client_id_metadata_document_supported: false }));
    if (req.url === '/jwks' && fault !== 'no-jwks') return body(200, { keys: [{ kty: 'RSA', kid: 'fake', use: 'sig', alg: 'RS256', n: 'AQAB', e: 'AQAB' }] });
    return body(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, server };
}

/**
 * Starts the fake server on 127.0.0.1: bearer, api-key (x-api-key), oauth-provider (its own
 * issuer) or oauth (tokens from an identity provider on another port, found through the metadata).
 */
export async function startFakeServer(mode: FakeMode, fault?: Fault): Promise<FakeServer> {
  const requests: FakeServer['requests'] = [];
  let base = '';
  const server = createServer((req, res) => void handle(req, res));
  const idp = mode === 'oauth' ? await startIdp(fault) : undefined;
  let token = FAKE_TOKEN;
  const oauth = mode === 'oauth' || mode === 'oauth-provider';

  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (!LOOPBACK.test(origin)) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"origin not allowed"}');
      return false;
    }
    if (fault !== 'no-cors') {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate');
      res.setHeader('vary', 'Origin');
    }
    return true;
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  function challenge(sent: boolean): Record<string, string> {
    if (fault === 'no-challenge') return {};
    const error = sent ? ', error="invalid_token"' : '';
    if (mode === 'api-key') return { 'www-authenticate': `ApiKey realm="fake", header="x-api-key"${error}` };
    return !oauth
      ? { 'www-authenticate': `Bearer realm="fake"${error}` }
      : { 'www-authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"${error}` };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', base).pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    if (fault === 'redirect' && path === '/mcp') return res.writeHead(301, { location: `${base}/mcp/v2` }).end();
    if (!cors(req, res)) return;
    if (req.method === 'OPTIONS') {
      if (fault === 'no-cors' || !req.headers.origin) return res.writeHead(204, { allow: 'POST, OPTIONS' }).end();
      return res
        .writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-allow-headers': 'authorization, x-api-key, content-type, accept, mcp-protocol-version, mcp-session-id',
          'access-control-max-age': '600',
        })
        .end();
    }
    if (oauth && req.method === 'GET' && path.startsWith('/.well-known/oauth-protected-resource')) {
      return json(res, 200, {
        resource: fault === 'wrong-resource' ? 'https://other.example.com/mcp' : `${base}/mcp`,
        authorization_servers: [idp?.issuer ?? base],
        bearer_methods_supported: ['header'],
      });
    }
    if (mode === 'oauth-provider' && req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      return json(res, 200, asMetadata(base, fault));
    }
    if (mode === 'oauth-provider' && req.method === 'POST' && path === '/register') {
      return json(res, 201, { client_id: 'fake-client', token_endpoint_auth_method: 'none' });
    }
    if (path !== '/mcp') return json(res, 404, { error: 'not found' });
    if (req.method !== 'POST') {
      return json(res, 405, { error: 'method not allowed' }, fault === 'get-405-no-allow' ? {} : { allow: 'POST, OPTIONS' });
    }
    if (Number(req.headers['content-length'] ?? 0) > (fault === 'big-body' ? BIG_LIMIT : LIMIT)) {
      return json(res, 413, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'too large' } }, { connection: 'close' });
    }
    const sent = mode === 'api-key' ? req.headers['x-api-key'] : req.headers.authorization;
    const credential = mode === 'api-key' ? sent : /^bearer\s+/i.test(String(sent)) ? String(sent).replace(/^bearer\s+/i, '') : undefined;
    if (credential !== token) {
      req.resume();
      return json(res, 401, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'unauthorized' } }, challenge(sent !== undefined));
    }
    let text = '';
    for await (const chunk of req) text += chunk;
    const message = JSON.parse(text) as { id: unknown; method: string; params?: { protocolVersion?: string } };
    const reply = (result: unknown) => json(res, 200, { jsonrpc: '2.0', id: message.id, result });
    switch (message.method) {
      case 'initialize': {
        const asked = message.params?.protocolVersion ?? '';
        const version = fault !== 'no-echo' && VERSIONS.includes(asked) ? asked : VERSIONS[0];
        return reply({ protocolVersion: version, capabilities: { tools: {} }, serverInfo: { name: 'fake', version: '1' } });
      }
      case 'tools/list':
        return reply({ tools: [{ name: 'greet', inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }] });
      case 'tools/call':
        return reply({ content: [{ type: 'text', text: 'hello' }] });
      default:
        return reply({});
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (idp) {
    const now = Math.floor(Date.now() / 1000);
    token = fakeJwt({ iss: idp.issuer, aud: fault === 'wrong-audience' ? 'https://api.other.example' : `${base}/mcp`, sub: 'doctor', iat: now, exp: now + 300 });
  }
  const stop = (s: typeof server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    url: `${base}/mcp`,
    requests,
    token,
    close: async () => {
      await stop(server);
      if (idp) await stop(idp.server);
    },
  };
}
