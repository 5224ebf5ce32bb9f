import ipaddr from 'ipaddr.js';
import { OAuthError, type StoredClient } from '@mcify/core';
import { redirectUriProblem } from './redirect-uris.js';
import { isLoopbackHost } from '../http/origin.js';
import type { ProjectStore } from './stores/project-store.js';

/**
 * OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; the MCP
 * authorization spec, revision 2026-07-28, says servers SHOULD support them). A client such as
 * ChatGPT does not register: its `client_id` is an https URL, and the JSON document served there
 * is its registration. mcify (@mcify/core 1.0.0-alpha.3) has no support for them: this module
 * covers that framework gap by resolving such a client_id into the client record mcify and this
 * project's /token read from the store (see `withClientMetadataDocuments`).
 *
 * Fetching a URL a stranger chose is a server-side request forgery risk, so the fetch is bounded:
 * https only, no loopback, private, link-local or otherwise non-public address (DNS is resolved
 * first on Node and Bun; see `addressProblem` for Workers), redirects refused, a timeout, a size
 * cap, and the result cached within the document's Cache-Control max-age (bounded both ways).
 */

/** The development setting that lets a client_id be an http(s) URL on a loopback host. */
export const ALLOW_LOOPBACK_ENV = 'MCIFY_CIMD_ALLOW_LOOPBACK';
/** A document larger than this is refused (the draft suggests 5 KB). */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
/** The whole fetch (connection, headers and body) must be done within this. */
export const FETCH_TIMEOUT_MS = 5_000;
/** A document is kept at least this long, whatever its headers say: one authorization reads it several times. */
export const MIN_CACHE_MS = 10_000;
/** ... and at most this long, whatever its headers say, so a changed document is seen within a day. */
export const MAX_CACHE_MS = 24 * 60 * 60 * 1000;
const MAX_URL_LENGTH = 2048;
const MAX_REDIRECT_URIS = 20;
const MAX_CACHED_DOCUMENTS = 500;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];
const DANGEROUS_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

/**
 * Why a client_id URL could not be used as a client (its document could not be fetched, or says
 * something this server refuses). An `invalid_client` error (401 at /token, RFC 6749 section 5.2);
 * /authorize shows the message on a page.
 */
export class ClientMetadataError extends OAuthError {
  constructor(clientId: string, reason: string) {
    super('invalid_client', `The client metadata document ${clientId} cannot be used: ${reason}`, 401);
  }
}

export interface ClientMetadataPolicy {
  /** MCIFY_CIMD_ALLOW_LOOPBACK=1: a client_id may be http or https on a loopback host (tests, local development). */
  readonly allowLoopback: boolean;
}

/**
 * Reads MCIFY_CIMD_ALLOW_LOOPBACK ("1"; "0" or empty: off). Throws when it is set while MCIFY_ISSUER is a
 * public https origin: a deployed server must never fetch its own host's loopback services.
 */
export function clientMetadataPolicy(env: Record<string, string | undefined>, issuer: string | undefined): ClientMetadataPolicy {
  const raw = env[ALLOW_LOOPBACK_ENV]?.trim() ?? '';
  if (raw !== '' && raw !== '0' && raw !== '1') throw new Error(`${ALLOW_LOOPBACK_ENV} must be 1, 0 or empty, got "${raw}"`);
  const allowLoopback = raw === '1';
  if (allowLoopback && issuer && !isLoopbackHost(new URL(issuer).hostname)) {
    throw new Error(`${ALLOW_LOOPBACK_ENV}=1 is for local development only: remove it where MCIFY_ISSUER is a public origin (${issuer}).`);
  }
  return { allowLoopback };
}

/** Whether a client_id names a metadata document (an http(s) URL) rather than a registration here. */
export const isClientMetadataUrl = (clientId: string): boolean => /^https?:\/\//i.test(clientId);

/** The host a metadata-document client_id names (its identity on the consent page), or null for a registered client. */
export function clientMetadataHost(clientId: string): string | null {
  if (!isClientMetadataUrl(clientId)) return null;
  try {
    return new URL(clientId).host;
  } catch {
    return null;
  }
}

/** The host of `url` without IPv6 brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** 'public', 'loopback', or another ipaddr.js range name (private, linkLocal, ...) for an IP address. */
function addressRange(address: string): string {
  const ip = ipaddr.process(address); // an IPv4-mapped IPv6 address is judged as the IPv4 one
  const range = ip.range();
  // ipaddr.js names ranges in camelCase (linkLocal): a person reads "link-local".
  return range === 'unicast' ? 'public' : range.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * Why `clientId` is not a URL this server fetches, or null. CIMD section 3: https, a path, no
 * fragment, no user name, no dot segments. On a loopback host only with `allowLoopback` (then
 * http too, since a test or a local client has no certificate).
 */
function urlProblem(clientId: string, policy: ClientMetadataPolicy): string | null {
  if (clientId.length > MAX_URL_LENGTH) return `the URL is longer than ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'it is not a URL.';
  }
  const host = bareHost(url);
  const loopback = host === 'localhost' || host.endsWith('.localhost') || (ipaddr.isValid(host) && addressRange(host) === 'loopback');
  if (loopback && !policy.allowLoopback) return `it is on a loopback host (${url.host}); ${ALLOW_LOOPBACK_ENV}=1 allows that in local development only.`;
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) return 'a client_id URL must use https.';
  if (url.username || url.password) return 'a client_id URL must not have a user name or password.';
  if (clientId.includes('#')) return 'a client_id URL must not have a fragment (#...).';
  const path = /^https?:\/\/[^/?#]*(\/[^?#]*)?/i.exec(clientId)?.[1] ?? '';
  if (path === '' || path === '/') return 'a client_id URL must have a path (e.g. https://app.example/oauth/client.json).';
  // Read from the string itself: new URL() has already removed the dot segments it would refuse.
  if (path.split('/').some((segment) => ['.', '..'].includes(segment.replace(/%2e/gi, '.')))) {
    return 'a client_id URL must not have "." or ".." path segments.';
  }
  if (ipaddr.isValid(host) && !loopback && addressRange(host) !== 'public') return `it is on a ${addressRange(host)} address (${host}), not a public one.`;
  return null;
}

/** The addresses a host name resolves to; null where names cannot be resolved (Cloudflare Workers). */
export type Lookup = (host: string) => Promise<string[] | null>;

/** node:dns on Node and Bun; nothing on Workers, which have no resolver. */
export const systemLookup: Lookup = async (host) => {
  if (typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers') return null;
  const dns = await import('node:dns');
  return (await dns.promises.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
};

/**
 * Why the host of `url` must not be fetched, or null. On Node and Bun its name is resolved and
 * every address must be public (loopback too with `allowLoopback`). A name that resolves to a
 * public address now and a private one a moment later (DNS rebinding) is not caught; the timeout,
 * the size cap and refusing redirects bound what such a fetch can do.
 * On Workers nothing can be resolved: there, fetch() goes out through Cloudflare's network, which
 * does not reach the private networks or the loopback of the machine that runs the Worker, and
 * literal private addresses are refused by `urlProblem`.
 */
async function addressProblem(url: URL, policy: ClientMetadataPolicy, lookup: Lookup): Promise<string | null> {
  const host = bareHost(url);
  if (ipaddr.isValid(host)) return null;
  let addresses: string[] | null;
  try {
    addresses = await lookup(host);
  } catch {
    return `its host name ${host} does not resolve.`;
  }
  for (const address of addresses ?? []) {
    const range = addressRange(address);
    if (range === 'public' || (range === 'loopback' && policy.allowLoopback)) continue;
    return `its host ${host} resolves to a ${range} address (${address}), not a public one.`;
  }
  return null;
}

/** The body of `res` as text, refused past `maxBytes` (counted as it arrives, whatever Content-Length says). */
async function readCapped(res: Response, maxBytes: number, signal: AbortSignal): Promise<string | null> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return declared > maxBytes ? null : '';
  }
  const reader = res.body.getReader();
  const aborted = new Promise<never>((_, reject) => {
    const stop = () => reject(new Error('timeout'));
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** How long a document may be kept: its Cache-Control max-age, within MIN_CACHE_MS and MAX_CACHE_MS. */
export function cacheLifetimeMs(cacheControl: string | null): number {
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(cacheControl ?? '');
  const noStore = /(?:^|,)\s*(?:no-store|no-cache)\b/i.test(cacheControl ?? '');
  const asked = noStore || !maxAge ? 0 : Number(maxAge[1]) * 1000;
  return Math.min(Math.max(asked, MIN_CACHE_MS), MAX_CACHE_MS);
}

const stringList = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;

/**
 * The client record of a metadata document, or why it cannot be one. Its `client_id` must be
 * the URL it was fetched from (CIMD section 4.1); its redirect URIs follow the same rules as a
 * registration's (./redirect-uris.ts).
 *
 * Client authentication: this server issues no secrets and checks no client assertions; every
 * client is public and proves itself with PKCE (`none`). A document that prefers `private_key_jwt`
 * but lists `none` in `token_endpoint_auth_methods_supported` (ChatGPT's does) gets `none`; one
 * that allows only a method this server does not have is refused.
 */
export function clientFromDocument(clientId: string, document: unknown): StoredClient | string {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'the document is not a JSON object.';
  const doc = document as Record<string, unknown>;
  if (doc['client_id'] !== clientId) return `its client_id (${JSON.stringify(doc['client_id'] ?? null)}) is not the URL it was fetched from.`;
  if ('client_secret' in doc || 'client_secret_expires_at' in doc) return 'a metadata document must not contain a client secret.';
  const name = doc['client_name'];
  if (name !== undefined && typeof name !== 'string') return 'client_name must be a string.';

  const redirectUris = stringList(doc['redirect_uris']);
  if (!redirectUris?.length) return 'redirect_uris must be a non-empty list of URLs.';
  if (redirectUris.length > MAX_REDIRECT_URIS) return `it lists more than ${MAX_REDIRECT_URIS} redirect_uris.`;
  for (const uri of redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) return problem;
    if (DANGEROUS_SCHEMES.has(new URL(uri).protocol)) return `redirect_uri ${uri} uses a scheme that is never allowed.`;
  }

  const grantTypes = doc['grant_types'] === undefined ? ['authorization_code'] : stringList(doc['grant_types']);
  if (!grantTypes?.includes('authorization_code')) return 'grant_types must include authorization_code.';
  const responseTypes = doc['response_types'] === undefined ? ['code'] : stringList(doc['response_types']);
  if (!responseTypes?.includes('code')) return 'response_types must include code.';

  const preferred = doc['token_endpoint_auth_method'] ?? 'none';
  const supported = doc['token_endpoint_auth_methods_supported'] === undefined ? [] : stringList(doc['token_endpoint_auth_methods_supported']);
  if (typeof preferred !== 'string' || !supported) return 'token_endpoint_auth_method(s_supported) must be strings.';
  if (preferred !== 'none' && !supported.includes('none')) {
    return `the client authenticates only with ${preferred}, and this server accepts public clients only (token_endpoint_auth_method none, with PKCE). The client's publisher can add "none" to token_endpoint_auth_methods_supported.`;
  }

  return {
    clientId,
    clientName: typeof name === 'string' && name.trim() ? name : null,
    redirectUris,
    grantTypes: grantTypes.filter((grant) => GRANT_TYPES.includes(grant)),
    tokenEndpointAuthMethod: 'none',
    scope: null,
    createdAt: new Date(0),
  };
}

/**
 * Resolves metadata-document client_ids into client records, with a cache per process (per
 * isolate on Workers). Failures are not cached; concurrent lookups of one URL share one fetch.
 */
export class ClientMetadataResolver {
  private readonly cache = new Map<string, { client: StoredClient; until: number }>();
  private readonly pending = new Map<string, Promise<StoredClient>>();

  /** `lookup` resolves host names (tests pass their own answers); documents are fetched with the global fetch(). */
  constructor(
    private readonly policy: ClientMetadataPolicy,
    private readonly lookup: Lookup = systemLookup,
  ) {}

  /** The client record of `clientId` (a URL). Throws ClientMetadataError. */
  async resolve(clientId: string): Promise<StoredClient> {
    const cached = this.cache.get(clientId);
    if (cached && cached.until > Date.now()) return cached.client;
    this.cache.delete(clientId);
    let pending = this.pending.get(clientId);
    if (!pending) {
      pending = this.load(clientId).finally(() => this.pending.delete(clientId));
      this.pending.set(clientId, pending);
    }
    return pending;
  }

  private async load(clientId: string): Promise<StoredClient> {
    const refuse = (reason: string) => new ClientMetadataError(clientId, reason);
    const problem = urlProblem(clientId, this.policy);
    if (problem) throw refuse(problem);
    const url = new URL(clientId);
    const badAddress = await addressProblem(url, this.policy, this.lookup);
    if (badAddress) throw refuse(badAddress);

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    let text: string | null;
    let res: Response;
    try {
      // Redirects are refused, not followed: each hop would need the same address checks.
      res = await fetch(url, { redirect: 'manual', signal: controller.signal, headers: { accept: 'application/json' } });
      if (res.status >= 300 && res.status < 400) throw refuse(`it answered with a redirect (HTTP ${res.status}); the document must be served at its client_id URL itself.`);
      if (res.status !== 200) throw refuse(`it answered HTTP ${res.status}.`);
      text = await readCapped(res, MAX_DOCUMENT_BYTES, controller.signal);
    } catch (error) {
      if (error instanceof ClientMetadataError) throw error;
      if (controller.signal.aborted) throw refuse(`it did not answer within ${FETCH_TIMEOUT_MS / 1000} seconds.`);
      throw refuse(`it could not be fetched (${error instanceof Error ? error.message : String(error)}).`);
    } finally {
      clearTimeout(timer);
    }
    if (text === null) throw refuse(`the document is larger than ${MAX_DOCUMENT_BYTES} bytes.`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw refuse('the document is not JSON.');
    }
    const client = clientFromDocument(clientId, document);
    if (typeof client === 'string') throw refuse(client);
    if (this.cache.size >= MAX_CACHED_DOCUMENTS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(clientId, { client, until: Date.now() + cacheLifetimeMs(res.headers.get('cache-control')) });
    return client;
  }
}

/**
 * `store`, except that `getClientById` resolves a metadata-document client_id (an http(s) URL)
 * with `resolver`: mcify's /authorize, the consent step and this project's /token and /revoke
 * all read clients through it, so such a client works everywhere a registered one does. Tokens
 * and codes are stored under the URL as their client_id.
 */
export function withClientMetadataDocuments(store: ProjectStore, resolver: ClientMetadataResolver): ProjectStore {
  const getClientById = (clientId: string) => (isClientMetadataUrl(clientId) ? resolver.resolve(clientId) : store.getClientById(clientId));
  return new Proxy(store, {
    get(target, property) {
      if (property === 'getClientById') return getClientById;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
