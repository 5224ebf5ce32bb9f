/** A running server and what an authorised client of it sends, for the tests of test/http.test.ts. */
export interface Authorised {
  /** The MCP endpoint, e.g. http://127.0.0.1:49152/mcp */
  readonly url: URL;
  /** The headers that carry a valid credential ({} when the mode needs none). */
  readonly headers: Record<string, string>;
  /** The same headers with a wrong credential; absent when the mode needs none. */
  readonly wrongHeaders?: Record<string, string>;
  /** What a 401 to a request without a credential must say in WWW-Authenticate. */
  readonly challenge?: RegExp;
  close(): Promise<void>;
}

/** A raw POST of `body` (JSON unless a string) to the MCP endpoint, as any HTTP client sends it. */
export function post(url: URL, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A JSON-RPC initialize request asking for `protocolVersion`. */
export const initialize = (protocolVersion: string) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** The preflight a browser sends before a cross-origin POST with these request headers. */
export function preflight(url: URL, origin: string, requestHeaders: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
}
