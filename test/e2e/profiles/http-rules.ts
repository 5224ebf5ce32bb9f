// Strict HTTP, checked with plain fetch calls against a served project: what browsers, older SDKs
// and careful clients rely on beyond the happy path of the newest SDK client. One function per
// rule, each a few requests, so every combination of the matrix proves every rule.
import { request } from 'node:http';
import { expect } from 'vitest';
import type { AuthMode } from '../../../src/modules/types.js';

/** A loopback page origin (a local web app, the Inspector's own page): admitted by the Origin check. */
export const LOOPBACK_ORIGIN = 'http://localhost:5173';
/** An origin that is neither loopback nor listed in MCIFY_ALLOWED_ORIGINS. */
export const FOREIGN_ORIGIN = 'http://evil.example.com';

/** The request headers a browser client sends to /mcp (MCP transport + Authorization); api-key mode adds its header. */
const CLIENT_HEADERS = ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id'];
/** The response headers a browser client must be able to read (MCP transport, RFC 9110 challenge). */
const EXPOSED_HEADERS = ['mcp-session-id', 'www-authenticate', 'mcp-protocol-version'];

const ACCEPT = 'application/json, text/event-stream';
const NEWEST = '2025-11-25';
const SUPPORTED = ['2025-11-25', '2025-06-18', '2025-03-26'];

/** A JSON-RPC request body, as a string. */
export function rpc(method: string, params: object = {}, id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/** The initialize request of a client that speaks `protocolVersion`. */
export const initialize = (protocolVersion: string) =>
  rpc('initialize', { protocolVersion, capabilities: {}, clientInfo: { name: 'http-rules', version: '1' } });

/** POST /mcp with the MCP transport's headers plus `headers`. */
export function post(url: URL, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers }, body });
}

/** The JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
export async function message(res: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((line) => line.startsWith('data:'));
  if (!data) throw new Error(`no data in the event stream: ${text}`);
  return JSON.parse(data.slice(5));
}

const lower = (list: string | null) => (list ?? '').split(',').map((h) => h.trim().toLowerCase());

/** The auth modes whose credential is a bearer token in Authorization (RFC 6750 section 2.1). */
const BEARER_MODES: readonly AuthMode[] = ['bearer', 'oauth', 'oauth-provider'];

/** The credential with its value changed: a wrong secret, well formed. */
function wrong(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `${value}x`]));
}

/**
 * CORS (Fetch standard, "CORS protocol") for the origins the Origin check admits, on /mcp and on
 * `endpoints` (the mode's discovery, registration and token URLs): a preflight answered 204 that
 * allows the MCP client's headers, and Access-Control-Allow-Origin + Vary: Origin on real
 * responses, a 401 included. A foreign origin gets no CORS headers, and 403 from /mcp.
 */
export async function expectCors(
  url: URL,
  authorised: Record<string, string>,
  anonymous401: boolean,
  endpoints: string[],
  listedOrigin: string,
): Promise<void> {
  const requested = [...new Set([...CLIENT_HEADERS, ...Object.keys(authorised).map((h) => h.toLowerCase())])];
  for (const path of ['/mcp', ...endpoints]) {
    const preflight = await fetch(new URL(path, url), {
      method: 'OPTIONS',
      headers: { origin: LOOPBACK_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': requested.join(',') },
    });
    expect(preflight.status, `OPTIONS ${path}`).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin'), `OPTIONS ${path}`).toBe(LOOPBACK_ORIGIN);
    expect(lower(preflight.headers.get('vary')), `OPTIONS ${path}`).toContain('origin');
    if (path === '/mcp') {
      expect(lower(preflight.headers.get('access-control-allow-methods'))).toContain('post');
      const allowed = lower(preflight.headers.get('access-control-allow-headers'));
      expect(requested.filter((h) => !allowed.includes(h)), 'request headers the preflight does not allow').toEqual([]);
    }
  }

  const calls: [string, Record<string, string>, number, string][] = [
    ['authorised', authorised, 200, LOOPBACK_ORIGIN],
    ['authorised', authorised, 200, listedOrigin],
  ];
  if (anonymous401) calls.push(['anonymous', {}, 401, LOOPBACK_ORIGIN], ['anonymous', {}, 401, listedOrigin]);
  for (const [who, headers, status, origin] of calls) {
    const where = `${who} POST /mcp from ${origin}`;
    const res = await post(url, initialize(NEWEST), { ...headers, origin });
    expect(res.status, where).toBe(status);
    expect(res.headers.get('access-control-allow-origin'), where).toBe(origin);
    expect(lower(res.headers.get('vary')), where).toContain('origin');
    expect(lower(res.headers.get('access-control-expose-headers')), where).toEqual(expect.arrayContaining(EXPOSED_HEADERS));
  }

  const foreignPreflight = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(foreignPreflight.headers.get('access-control-allow-origin'), 'OPTIONS /mcp from a foreign origin').toBeNull();
  const foreign = await post(url, initialize(NEWEST), { ...authorised, origin: FOREIGN_ORIGIN });
  expect(foreign.status, 'POST /mcp from a foreign origin').toBe(403);
  expect(foreign.headers.get('access-control-allow-origin'), 'POST /mcp from a foreign origin').toBeNull();
}

/**
 * Version negotiation (MCP lifecycle, "Version Negotiation"): a supported requested version is
 * answered with itself, any other with the newest; a later request whose MCP-Protocol-Version
 * header names an unsupported version gets 400 (MCP transports, "Protocol Version Header").
 */
export async function expectVersionNegotiation(url: URL, authorised: Record<string, string>): Promise<void> {
  for (const [asked, answered] of [...SUPPORTED.map((v) => [v, v]), ['2024-01-01', NEWEST]] as const) {
    const res = await post(url, initialize(asked), authorised);
    expect(res.status, `initialize ${asked}`).toBe(200);
    expect((await message(res)).result?.protocolVersion, `initialize with ${asked}`).toBe(answered);
  }
  const known = await post(url, rpc('tools/list'), { ...authorised, 'mcp-protocol-version': '2025-06-18' });
  expect(known.status, 'tools/list with MCP-Protocol-Version 2025-06-18').toBe(200);
  const unknown = await post(url, rpc('tools/list'), { ...authorised, 'mcp-protocol-version': '1999-01-01' });
  expect(unknown.status, 'tools/list with MCP-Protocol-Version 1999-01-01').toBe(400);
}

/**
 * Authentication (RFC 9110 section 11): the scheme is matched case-insensitively, and every 401
 * carries a WWW-Authenticate challenge of the mode's scheme, with `error="invalid_token"` only
 * when a credential was sent (RFC 6750 section 3.1). `metadataUrl`: the RFC 9728
 * resource_metadata the oauth modes' challenge must name.
 */
export async function expectChallenges(url: URL, auth: AuthMode, authorised: Record<string, string>): Promise<void> {
  if (auth === 'none') return;
  const scheme = auth === 'api-key' ? /^ApiKey\s/i : /^Bearer\s/i;
  const params =
    auth === 'bearer'
      ? /\brealm="[^"]+"/
      : auth === 'api-key'
        ? /\brealm="[^"]+".*\bheader="x-api-key"/
        : new RegExp(`\\bresource_metadata="${url.origin.replace(/[.]/g, '\\.')}/\\.well-known/oauth-protected-resource/mcp"`);

  const anonymous = await post(url, initialize(NEWEST));
  expect(anonymous.status).toBe(401);
  const challenge = anonymous.headers.get('www-authenticate') ?? '';
  expect(challenge, 'the challenge of a 401 without credentials').toMatch(scheme);
  expect(challenge).toMatch(params);
  expect(challenge, 'no error code without credentials (RFC 6750 section 3.1)').not.toMatch(/\berror=/);

  const rejected = await post(url, initialize(NEWEST), wrong(authorised));
  expect(rejected.status).toBe(401);
  const second = rejected.headers.get('www-authenticate') ?? '';
  expect(second, 'the challenge of a 401 with a wrong credential').toMatch(scheme);
  expect(second).toMatch(params);
  expect(second).toMatch(/\berror="invalid_token"/);

  if (BEARER_MODES.includes(auth)) {
    const token = authorised.Authorization!.replace(/^Bearer\s+/, '');
    for (const spelled of ['bearer', 'BEARER']) {
      const res = await post(url, initialize(NEWEST), { Authorization: `${spelled} ${token}` });
      expect(res.status, `Authorization: ${spelled} <right token>`).toBe(200);
    }
  }
}

/**
 * POST of `body` on a connection of its own (node:http, no keep-alive pool): a server may answer
 * 413 before it has read the body and close the socket, which must not break the next request.
 * `chunked`: sent without Content-Length, in 64 KiB chunks.
 */
function postOversized(url: URL, body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', accept: ACCEPT };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may close while the body is still being written: the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024));
    req.end();
  });
}

/**
 * A body limit on /mcp in front of authentication (1 MB by default): a larger body gets 413 and a
 * JSON-RPC error, whether it declares its length or streams chunked, with no credential sent.
 */
export async function expectBodyLimit(url: URL): Promise<void> {
  const body = rpc('ping', { pad: 'a'.repeat(1_100_000) });
  for (const chunked of [false, true]) {
    const how = chunked ? 'a 1.1 MB body sent chunked' : 'a 1.1 MB body with Content-Length';
    const res = await postOversized(url, body, chunked);
    expect(res.status, how).toBe(413);
    expect(JSON.parse(res.text), how).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number), message: expect.any(String) } });
  }
}

/** 405 with Allow (RFC 9110 section 15.5.6) for GET and DELETE /mcp, and a body meant for users. */
export async function expectMethodNotAllowed(url: URL, authorised: Record<string, string>): Promise<void> {
  for (const method of ['GET', 'DELETE']) {
    const res = await fetch(url, { method, headers: { accept: 'text/event-stream', ...authorised } });
    expect(res.status, `${method} /mcp`).toBe(405);
    expect(lower(res.headers.get('allow')), `Allow on ${method} /mcp`).toContain('post');
    expect(await res.text(), `${method} /mcp body`).not.toMatch(/phase|todo|not yet|arrive/i);
  }
}

/** RFC 9728 section 3.1: the path-suffixed and the root metadata URL serve the same document. */
export async function expectResourceMetadata(url: URL): Promise<void> {
  const suffixed = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', url));
  const root = await fetch(new URL('/.well-known/oauth-protected-resource', url));
  expect(suffixed.status).toBe(200);
  expect(root.status).toBe(200);
  const document = await suffixed.json();
  expect(document).toEqual(await root.json());
  expect(document).toMatchObject({ resource: expect.stringMatching(/\/mcp$/), authorization_servers: [expect.any(String)] });
}

/** The discovery, registration and token endpoints of a mode (they need CORS like /mcp). */
export function endpointsOf(auth: AuthMode): string[] {
  if (auth === 'oauth') return ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'];
  if (auth === 'oauth-provider') {
    return [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-authorization-server',
      '/register',
      '/token',
    ];
  }
  return [];
}

/**
 * Every rule above for a served project of mode `auth` at `url`. `authorised`: a caller's headers;
 * `listedOrigin`: an origin in the server's MCIFY_ALLOWED_ORIGINS. All rules run, and one failure
 * lists every rule that failed, so a run shows the whole picture.
 */
export async function expectHttpRules(url: URL, auth: AuthMode, authorised: Record<string, string>, listedOrigin: string): Promise<void> {
  const rules: [string, () => Promise<void>][] = [
    ['CORS', () => expectCors(url, authorised, auth !== 'none', endpointsOf(auth), listedOrigin)],
    ['version negotiation', () => expectVersionNegotiation(url, authorised)],
    ['challenges and scheme case', () => expectChallenges(url, auth, authorised)],
    ['body limit', () => expectBodyLimit(url)],
    ['405 with Allow', () => expectMethodNotAllowed(url, authorised)],
  ];
  if (auth === 'oauth' || auth === 'oauth-provider') rules.push(['resource metadata at both URLs', () => expectResourceMetadata(url)]);
  const failed: string[] = [];
  for (const [name, rule] of rules) {
    await rule().catch((error: Error) => failed.push(`${name}: ${error.message.split('\n')[0]}`));
  }
  if (failed.length > 0) throw new Error(`HTTP rules that failed (${auth}): ${failed.join(' | ')}`);
}
