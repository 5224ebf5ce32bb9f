// The only door `doctor --remote` has to the network: global fetch, each request bounded by a
// per-request timeout and by the run's total budget, never following a redirect (a redirect is
// something to report, and following one could carry the credential to another host), and the
// credential attached only to requests for the origin of the URL being checked.
import { UserError } from '../lib/errors.js';

/** A credential header, e.g. `Authorization: Bearer ...`; its value is never printed. */
export interface CredentialHeader {
  readonly name: string;
  readonly value: string;
}

export interface Probe {
  readonly status: number;
  readonly headers: Headers;
  /** The body as text, cut at MAX_BODY_CHARS; '' for HEAD, 204 or an event stream cut short. */
  readonly text: string;
  readonly ms: number;
}

export interface ProbeOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Attach the credential: only ever to the origin of the URL under check. */
  readonly credential?: boolean;
  /** Read no body (an SSE stream that would never end). */
  readonly skipBody?: boolean;
}

/** Bodies longer than this are not kept whole: metadata and JSON-RPC answers are small. */
const MAX_BODY_CHARS = 256 * 1024;

/** Why a request failed, as one line: the network error's code named in words. */
export function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer before the timeout (--timeout)';
  if (e?.name === 'AbortError') return 'stopped: the whole run took longer than its time limit';
  const code = e?.cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing listens there',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS)',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection closed before an answer',
    CERT_HAS_EXPIRED: 'TLS: the certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: the certificate is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'TLS: a self-signed certificate is in the chain',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the certificate chain is incomplete',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: the certificate issuer is unknown here',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the certificate is for another host name',
    ERR_SSL_WRONG_VERSION_NUMBER: 'TLS: the server does not speak TLS on this port (http://?)',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * An HTTP client for one run against `target`: `request()` never throws for an HTTP status,
 * only for a network failure (a RemoteUnreachable with a one-line message).
 */
export class RemoteHttp {
  private readonly deadline: AbortSignal;

  constructor(
    readonly target: URL,
    private readonly credential: CredentialHeader | undefined,
    private readonly perRequestMs: number,
    totalMs: number,
  ) {
    this.deadline = AbortSignal.timeout(totalMs);
  }

  /** Whether a credential is configured (its value stays in here). */
  get hasCredential(): boolean {
    return this.credential !== undefined;
  }

  /** The credential's header name, lower case, or undefined. */
  get credentialHeader(): string | undefined {
    return this.credential?.name.toLowerCase();
  }

  /**
   * The `aud` of the credential when it is a JWT access token (RFC 9068), read without checking
   * its signature (the server does that); undefined when it is no JWT or has no `aud`. Only the
   * audience leaves this class: it names the resource, it is no secret.
   */
  tokenAudiences(): string[] | undefined {
    const token = this.credential?.value.replace(/^bearer\s+/i, '');
    return token === undefined ? undefined : jwtAudiences(token);
  }

  /** The credential's value with the Bearer scheme in lower case, for the scheme-case check. */
  lowerCaseScheme(): CredentialHeader | undefined {
    const c = this.credential;
    return c && /^bearer\s/i.test(c.value) ? { name: c.name, value: `bearer ${c.value.replace(/^bearer\s+/i, '')}` } : undefined;
  }

  async request(url: URL | string, options: ProbeOptions & { credentialOverride?: CredentialHeader } = {}): Promise<Probe> {
    const to = new URL(url);
    const headers = new Headers(options.headers);
    const credential = options.credentialOverride ?? (options.credential ? this.credential : undefined);
    if (credential) {
      // The one place a credential is attached: never to another origin than the URL checked.
      if (to.origin !== this.target.origin) throw new Error(`refusing to send the credential to ${to.origin}`);
      headers.set(credential.name, credential.value);
    }
    const started = performance.now();
    try {
      const response = await fetch(to, {
        method: options.method ?? 'GET',
        headers,
        body: options.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.deadline, AbortSignal.timeout(this.perRequestMs)]),
      });
      let text = '';
      if (options.skipBody || options.method === 'HEAD') await response.body?.cancel();
      else text = await readCapped(response);
      return { status: response.status, headers: response.headers, text, ms: Math.round(performance.now() - started) };
    } catch (error) {
      throw new RemoteUnreachable(`${options.method ?? 'GET'} ${to.href}: ${describeNetworkError(error)}`);
    }
  }
}

/**
 * The `aud` claim of a compact JWS (RFC 7519 section 4.1.3: a string or an array of strings), or
 * undefined when `token` is not a JWT or carries no audience. Decodes only; verifies nothing.
 */
export function jwtAudiences(token: string): string[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    const aud = (claims as { aud?: unknown } | null)?.aud;
    if (typeof aud === 'string') return [aud];
    if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud as string[];
  } catch {
    // not JSON: not a JWT
  }
  return undefined;
}

/** A request that got no HTTP answer at all. */
export class RemoteUnreachable extends UserError {}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    // An event stream stays open after its answer: stop at the first complete event too.
    if (text.length > MAX_BODY_CHARS || (/event-stream/.test(response.headers.get('content-type') ?? '') && /\n\n/.test(text))) {
      await reader.cancel();
      break;
    }
  }
  return text;
}
