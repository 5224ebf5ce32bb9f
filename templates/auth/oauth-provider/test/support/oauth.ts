// Plays both sides of "Connect": the MCP client (the official SDK's OAuthClientProvider) and the
// owner's browser on the consent page (a cookie jar, manual redirects, the form submitted).
import { createHash, randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { loginEnv } from './login-env.js';

export const secret = () => randomBytes(32).toString('base64url');

/** The redirect URI of the test client: a loopback address, as desktop clients use. */
export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

/** A tiny browser: a cookie jar with path scoping, redirects not followed. */
export class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = [...this.jar]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(pair.indexOf('=') + 1), path });
    }
    return res;
  }

  cookieNames(): string[] {
    return [...this.jar.keys()];
  }
}

const unescapeHtml = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
const field = (html: string, name: string) => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
};

export interface ConsentResult {
  /** The last response: 302 to the client, 303 after Deny, or the page shown again. */
  readonly res: Response;
  readonly location: string | null;
  readonly html: string;
  /** The consent page as it was shown before the form was sent ('' when the flow ended before it). */
  readonly page: string;
}

/** Opens the authorization URL, follows it to the consent page and submits the form. */
export async function consentInBrowser(
  browser: Browser,
  authUrl: URL,
  options: { password?: string; decision?: 'approve' | 'deny'; csrf?: 'ok' | 'missing' | 'wrong' } = {},
): Promise<ConsentResult> {
  const first = await browser.fetch(authUrl);
  if (first.status !== 302) throw new Error(`/authorize answered ${first.status}: ${await first.text()}`);
  const consentUrl = new URL(first.headers.get('location') ?? '', authUrl);
  if (consentUrl.pathname !== '/consent') throw new Error(`unexpected redirect to ${consentUrl.pathname}`);
  let page = await browser.fetch(consentUrl);
  // With a sign-in at an identity provider, /consent first goes there and back (a few redirects).
  for (let hop = 0; hop < 5 && (page.status === 302 || page.status === 303); hop += 1) {
    const next = new URL(page.headers.get('location') ?? '', page.url);
    if (next.href.startsWith(REDIRECT_URI)) return { res: page, location: next.href, html: '', page: '' }; // ended at the client (access_denied)
    page = await browser.fetch(next);
  }
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html}`);
  const form = new URLSearchParams({ request: field(html, 'request') ?? '' });
  const csrf = field(html, 'csrf') ?? '';
  if (options.csrf !== 'missing') form.set('csrf', options.csrf === 'wrong' ? `${csrf.slice(0, -2)}xx` : csrf);
  if (options.password !== undefined) form.set('password', options.password);
  form.set('decision', options.decision ?? 'approve');
  const posted = await browser.fetch(new URL('/consent', consentUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: consentUrl.origin },
    body: form.toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status === 303 && location?.startsWith('/authorize')) {
    const back = await browser.fetch(new URL(location, consentUrl));
    return { res: back, location: back.headers.get('location'), html: '', page: html };
  }
  return { res: posted, location, html: posted.status === 303 ? '' : await posted.text(), page: html };
}

/** An in-memory OAuthClientProvider for the official SDK, as an MCP client such as Claude has. */
export class TestOAuthProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  lastAuthUrl: URL | undefined;
  lastState = '';

  constructor(private readonly name = 'Test client') {}

  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    this.lastState = secret();
    return this.lastState;
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.lastAuthUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  /** What a real client does when the server says its credentials are no good (the SDK calls it). */
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all' || scope === 'client') this.info = undefined;
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = '';
  }
  get clientId(): string {
    return (this.info as { client_id: string }).client_id;
  }
}

const newClient = () => new Client({ name: 'test', version: '1.0.0' });

/**
 * fetch for the SDK's transport. On Node the test server runs in this process, and hono's node
 * adapter replaces the global Response; the SDK reads OAuth error answers only when they are
 * `instanceof Response`, so each answer is rewrapped as one (a no-op elsewhere).
 */
const sdkFetch = async (url: string | URL, init?: RequestInit) => {
  const res = await fetch(url, init);
  return new Response(res.body, res);
};
export const transport = (mcpUrl: URL, provider: TestOAuthProvider) =>
  new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: sdkFetch });

/** The whole "Connect" flow: 401 -> discovery -> registration -> consent -> code -> token. */
export async function connectWithOAuth(mcpUrl: URL, provider: TestOAuthProvider, browser: Browser, password: string) {
  let error: unknown;
  try {
    await newClient().connect(transport(mcpUrl, provider));
  } catch (thrown) {
    error = thrown;
  }
  if (!(error instanceof UnauthorizedError)) throw new Error(`expected UnauthorizedError, got ${String(error)}`);
  if (!provider.lastAuthUrl) throw new Error('the SDK did not ask for authorization');
  const result = await consentInBrowser(browser, provider.lastAuthUrl, { password });
  if (!result.location) throw new Error(`no redirect after consent: ${result.res.status} ${result.html}`);
  const back = new URL(result.location);
  if (back.searchParams.get('state') !== provider.lastState) throw new Error('state mismatch');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code in ${back.search}`);
  await transport(mcpUrl, provider).finishAuth(code);
  const client = newClient();
  await client.connect(transport(mcpUrl, provider));
  return { client, code };
}

// Raw protocol steps, for what the SDK does not let a test do (reuse a code, race it).
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function register(mcpUrl: URL, name = 'Raw client', grantTypes?: string[]): Promise<string> {
  const res = await fetch(new URL('/register', mcpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: [REDIRECT_URI], ...(grantTypes ? { grant_types: grantTypes } : {}) }),
  });
  if (res.status !== 201) throw new Error(`/register answered ${res.status}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

export function authorizeUrl(mcpUrl: URL, clientId: string, challenge: string, state = 'st-1'): URL {
  const url = new URL('/authorize', mcpUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    resource: mcpUrl.href,
  }).toString();
  return url;
}

export async function getCode(mcpUrl: URL, password: string, clientId: string, challenge: string, browser = new Browser(), scope?: string) {
  const url = authorizeUrl(mcpUrl, clientId, challenge);
  if (scope) url.searchParams.set('scope', scope);
  const result = await consentInBrowser(browser, url, { password });
  const code = result.location ? new URL(result.location).searchParams.get('code') : null;
  if (!code) throw new Error(`no code (${result.res.status})`);
  return code;
}

export async function tokenRequest(mcpUrl: URL, params: Record<string, string>) {
  const res = await fetch(new URL('/token', mcpUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

/** Consent, then the code exchanged at /token: the tokens and the exchange's parameters (to replay it). */
export async function tokensFor(mcpUrl: URL, password: string, clientId: string, scope?: string) {
  const { verifier, challenge } = pkce();
  const code = await getCode(mcpUrl, password, clientId, challenge, new Browser(), scope);
  const exchange = { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: REDIRECT_URI };
  const res = await tokenRequest(mcpUrl, exchange);
  if (res.status !== 200) throw new Error(`/token answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { tokens: res.body as unknown as Tokens, exchange };
}

/** A refresh_token grant: the status and the body. */
export const refreshWith = (mcpUrl: URL, clientId: string, refreshToken: string) =>
  tokenRequest(mcpUrl, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });

export interface Whoami {
  authType: string;
  subject: Record<string, string> | null;
  clientId: string | null;
}

/** tools/call whoami with a raw bearer token: the HTTP status and the tool's output. */
export async function rawWhoami(mcpUrl: URL, token: string): Promise<{ status: number; output: Whoami | null }> {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
  });
  if (res.status !== 200) return { status: res.status, output: null };
  const body = (await res.json()) as { result: { content: { text: string }[] } };
  return { status: res.status, output: JSON.parse(body.result.content[0]?.text ?? 'null') as Whoami };
}

/** The text of a tool result's first content block. */
export const toolText = (result: unknown): string =>
  (result as { content?: { text?: string }[] }).content?.[0]?.text ?? '';

/** How the tests reach this project's store (test/support/store.ts). */
export interface TestStore {
  readonly name: string;
  /** The environment that points a server or `openStore()` at a store just for the tests. */
  env(): Record<string, string>;
  /** Why the store tests cannot run here (printed), or undefined. */
  readonly skip?: string;
  /** False when the store only exists inside the running server (D1). */
  readonly inProcess: boolean;
  /** An environment whose database no other test shares: for a test that touches every grant, or builds an old schema. */
  own(): Promise<Record<string, string>>;
  /**
   * Makes the database of `env` (from `own()`) as an earlier version of this project left it: the
   * schema up to migration `version` from before schema versions were recorded (1: the first
   * generated projects; 2: token chains), with {@link LEGACY_CLIENT_ID} registered.
   */
  legacy(env: Record<string, string>, version: number): Promise<void>;
}

/** The client registered in a database of the version-1 schema (`TestStore.legacy`), with REDIRECT_URI. */
export const LEGACY_CLIENT_ID = 'mcp-legacy-client';

/** The environment of a test server: fresh secrets, no issuer (localhost), the test store. */
export function serverEnv(store: TestStore, password = secret()): Record<string, string> {
  return { MCIFY_OWNER_PASSWORD: password, MCIFY_SESSION_SECRET: secret(), MCIFY_ISSUER: '', ...loginEnv(), ...store.env() };
}

/** POST /owner/revoke-grants with the owner password (HTTP Basic), as `curl -u` sends it. */
export function revokeGrants(url: URL, password: string | null, body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(new URL('/owner/revoke-grants', url), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(password === null ? {} : { authorization: `Basic ${btoa(`owner:${password}`)}` }),
      ...headers,
    },
    body: new URLSearchParams(body).toString(),
  });
}
