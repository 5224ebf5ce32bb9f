// A tiny HTTP server for the tests' mock identity providers, on 127.0.0.1 (node:http: Node and Bun).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface MockRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** The form body of a POST. */
  readonly form: URLSearchParams;
}
export interface MockResponse {
  readonly status: number;
  readonly json?: unknown;
  readonly location?: string;
}

/** Starts `handle` on a free loopback port; the server does not keep the test process alive. */
export async function startMock(handle: (req: MockRequest) => MockResponse | Promise<MockResponse>): Promise<{ origin: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const out = await handle({ method: req.method ?? 'GET', url, headers: req.headers, form: new URLSearchParams(body) });
      if (out.location) res.writeHead(out.status, { location: out.location });
      else res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(out.json === undefined ? '' : JSON.stringify(out.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** PKCE S256 (RFC 7636 section 4.6): does `verifier` hash to `challenge`? */
export const pkceMatches = (verifier: string, challenge: string) => createHash('sha256').update(verifier).digest('base64url') === challenge;

/** The authorization response the mock sends the browser back with. */
export function answer(redirectUri: string, params: Record<string, string>): MockResponse {
  const back = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) back.searchParams.set(name, value);
  return { status: 302, location: back.toString() };
}

/** A person at the mock provider. */
export interface MockUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly emailVerified?: boolean;
  /** Google Workspace domain. */
  readonly hd?: string;
  /** GitHub organisations the person is an active member of. */
  readonly orgs?: readonly string[];
}

/** The people of the tests: two allowed, one not. */
export const USERS = {
  ada: { id: '1001', name: 'Ada', email: 'ada@example.com', hd: 'example.com', orgs: [] },
  grace: { id: '1002', name: 'Grace', email: 'grace@team.example', hd: 'team.example', orgs: ['acme'] },
  mallory: { id: '1003', name: 'Mallory', email: 'mallory@elsewhere.example', hd: 'elsewhere.example', orgs: [] },
} satisfies Record<string, MockUser>;
