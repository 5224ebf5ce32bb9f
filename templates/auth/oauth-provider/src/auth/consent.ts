import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { OAuthError, OAuthServer, canonicalSubject, type AuthorizeDecision, type OAuthStore } from '@mcify/core';
import { Signer, b64url, randomId, secretsEqual, sha256 } from './crypto.js';
import { ClientMetadataError, clientMetadataHost } from './client-metadata.js';
import { renderConsent, renderError } from './consent-page.js';
import { login, type Subject } from './login.js';
import { ownerCredentialKey } from './owner.js';
import { WindowLimiter } from './rate-limit.js';
import { redirectUriProblem, redirectUriRegistered } from './redirect-uris.js';
import { unknownScopes } from './scopes.js';
import type { Settings } from './settings.js';

/**
 * The consent step of the oauth-provider mode.
 *
 * Flow (the runtime's GET /authorize validates client, redirect_uri, PKCE and resource, THEN
 * calls `authorize(request)`; it can only return "authenticated" or "redirect", it cannot
 * render a page or set a cookie itself):
 *   1. GET /authorize?...  → hook finds no consent cookie for exactly this request
 *                          → { redirect: /consent?<same query> }
 *   2. GET /consent?...    → page: client name, redirect host, scopes, password, Approve/Deny
 *   3. POST /consent       → CSRF + password checked → session cookie + a 2-minute consent
 *                            cookie bound to (client, redirect_uri, PKCE challenge, scope,
 *                            resource, state, subject) → 303 to /authorize?<same query>
 *                            (Deny → 303 to redirect_uri?error=access_denied&state=...)
 *   4. GET /authorize?...  → hook sees both cookies → { authenticated, subject } → the runtime
 *                            issues the code and redirects to the client.
 * A session alone never approves: every new authorization needs a click on Approve.
 */
export interface ConsentOptions {
  readonly settings: Settings;
  readonly store: OAuthStore;
  readonly serverName: string;
  readonly mcpPath?: string;
  /** A sign-in at an identity provider in place of the password (src/auth/upstream-login.ts). */
  readonly login?: DelegatedLogin;
}

/**
 * A sign-in delegated to an identity provider: GET /consent without a session sends the browser
 * there, and its callback route signs the person in (or ends at the client with access_denied).
 */
export interface DelegatedLogin {
  start(c: Context, q: URLSearchParams): Promise<Response>;
  mount(app: Hono, steps: ConsentSteps): void;
}

/** What the consent step lends a delegated login. */
export interface ConsentSteps {
  /** The authorization request checked as on the consent page: the client, or why it cannot go on. */
  validate(req: Request, q: URLSearchParams): Promise<{ error: string } | { client: { clientId: string }; redirectUri: URL }>;
  /** Sets the session cookie of `subject`. */
  signIn(c: Context, subject: Subject): Promise<void>;
  /** 303 to the client's redirect URI with error=access_denied, `description`, state and iss. */
  deny(c: Context, q: URLSearchParams, description: string): Response;
}

/** What the owner reads when a client_id is not (or no longer) registered here. */
export const UNKNOWN_CLIENT =
  'This app is not registered with this server (any more): its registration was deleted or the server data was reset. Go back to the app and connect again; it will register anew.';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const CONSENT_TTL_MS = 2 * 60 * 1000;
const CSRF_TTL_S = 30 * 60;

type Cookies = Record<string, string>;
const parseCookies = (header: string | null): Cookies => {
  const out: Cookies = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
};

/** Public origin: MCIFY_ISSUER, else the request's (same derivation as the runtime's). */
export function requestOrigin(req: Request, issuer: string | undefined): string {
  if (issuer) return issuer;
  const url = new URL(req.url);
  const proto = req.headers.get('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? url.host;
  return `${proto}://${host}`;
}

/**
 * `redirect` with `iss=issuer` added (RFC 9207 section 2): every authorization response, a code
 * or an error, names the server that sent it; the metadata says so
 * (`authorization_response_iss_parameter_supported`).
 */
export function withIssuer(redirect: string, issuer: string): string {
  const url = new URL(redirect);
  url.searchParams.set('iss', issuer);
  return url.toString();
}

/**
 * The error response of an authorization request (RFC 6749 section 4.1.2.1), as the URL to send
 * the browser to: the request's `redirect_uri` (checked against the client's registration first)
 * with `error`, `error_description`, its `state`, and `iss` (RFC 9207).
 */
export function errorRedirectUrl(q: URLSearchParams, error: string, description: string, issuer: string): string {
  const back = new URL(q.get('redirect_uri') ?? '');
  back.searchParams.set('error', error);
  back.searchParams.set('error_description', description);
  const state = q.get('state');
  if (state) back.searchParams.set('state', state);
  return withIssuer(back.toString(), issuer);
}

/** Why `redirectUri` cannot be used with a client that registered `registered`, or null. */
export function redirectProblem(registered: readonly string[], redirectUri: string): string | null {
  const problem = redirectUriProblem(redirectUri);
  if (problem) return problem;
  return redirectUriRegistered(registered, redirectUri) ? null : 'redirect_uri is not one this app registered.';
}

export function createConsent(opts: ConsentOptions) {
  const { settings, store, serverName } = opts;
  const mcpPath = opts.mcpPath ?? '/mcp';
  const signer = new Signer(settings.sessionSecret);
  // Sessions are bound to the owner's password too: a new password signs every browser out.
  const credentialKey = ownerCredentialKey(signer, settings);
  const failedPerIp = new WindowLimiter(5, 15 * 60_000);
  const failedGlobal = new WindowLimiter(100, 15 * 60_000);

  const isSecure = (req: Request) => requestOrigin(req, settings.issuer).startsWith('https:');
  // __Host-/__Secure- prefixes only work on https; on http://localhost plain names are used.
  const names = (secure: boolean) => ({
    session: secure ? '__Host-mcify_session' : 'mcify_session',
    consent: secure ? '__Secure-mcify_consent' : 'mcify_consent',
    csrf: secure ? '__Secure-mcify_csrf' : 'mcify_csrf',
  });

  const binding = async (q: URLSearchParams, subject: Subject): Promise<string> =>
    b64url(
      await sha256(
        JSON.stringify([
          q.get('client_id'),
          q.get('redirect_uri'),
          q.get('code_challenge'),
          q.get('scope'),
          q.get('resource'),
          q.get('state'),
          canonicalSubject(subject),
        ]),
      ),
    );

  /** The subject of the request's session cookie, when it is one this server signed for the current credential. */
  const sessionOf = (c: Context) => readSession(c.req.raw, parseCookies(c.req.header('cookie') ?? null));

  async function readSession(req: Request, cookies: Cookies): Promise<Subject | null> {
    const s = await signer.verify<{ sub: Subject; k?: string }>('session', cookies[names(isSecure(req)).session]);
    return s && s.k === (await credentialKey) ? s.sub : null;
  }

  /** The hook passed to oauthProvider({ authorize }). */
  async function authorize(req: Request): Promise<AuthorizeDecision> {
    const url = new URL(req.url);
    const cookies = parseCookies(req.headers.get('cookie'));
    const subject = await readSession(req, cookies);
    const consent = await signer.verify<{ b: string }>('consent', cookies[names(isSecure(req)).consent]);
    if (subject && consent && consent.b === (await binding(url.searchParams, subject))) {
      return { status: 'authenticated', subject };
    }
    return { status: 'redirect', url: `/consent${url.search}` };
  }

  /** Same checks as the runtime's /authorize, so the page never shows an invalid request. */
  async function validate(req: Request, q: URLSearchParams) {
    const as = new OAuthServer({ store, resource: `${requestOrigin(req, settings.issuer)}${mcpPath}` });
    try {
      const client = await as.validateAuthorizeRequest({
        clientId: q.get('client_id') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        codeChallenge: q.get('code_challenge') ?? '',
        codeChallengeMethod: q.get('code_challenge_method') ?? '',
        responseType: q.get('response_type') ?? '',
        scope: q.get('scope'),
        resource: q.get('resource'),
      });
      const problem = redirectProblem(client.redirectUris, q.get('redirect_uri') ?? '');
      if (problem) return { error: problem };
      const unknown = unknownScopes(q.get('scope'));
      if (unknown.length) return { error: `Unknown scope: ${unknown.join(' ')}` };
      return { client, redirectUri: new URL(q.get('redirect_uri') ?? '') };
    } catch (e) {
      if (e instanceof ClientMetadataError) return { error: e.message };
      if (e instanceof OAuthError && e.code === 'invalid_client') return { error: UNKNOWN_CLIENT };
      return { error: e instanceof OAuthError ? e.message : 'Invalid authorization request' };
    }
  }

  const pageHeaders = {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    // Not no-referrer: Chrome then sends `Origin: null` with the form, which the POST must refuse.
    // same-origin still sends nothing to the client's redirect URI.
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  };
  const html = (c: Context, body: string, status: 200 | 400 | 401 | 403 | 429 = 200) =>
    c.html(body, status, pageHeaders);

  async function csrfFor(c: Context, secure: boolean): Promise<string> {
    const name = names(secure).csrf;
    let nonce = getCookie(c, name);
    if (!nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) {
      nonce = randomId();
      setCookie(c, name, nonce, {
        path: '/consent',
        httpOnly: true,
        secure,
        sameSite: 'Lax',
        maxAge: CSRF_TTL_S,
      });
    }
    return signer.mac(`csrf:${nonce}`);
  }

  async function showPage(
    c: Context,
    q: URLSearchParams,
    v: { client: { clientId: string; clientName: string | null }; redirectUri: URL },
    error?: string,
    status: 200 | 401 | 429 = 200,
  ) {
    const secure = isSecure(c.req.raw);
    const session = await sessionOf(c);
    const signedIn = !!session;
    return html(
      c,
      renderConsent({
        serverName,
        clientName: v.client.clientName,
        clientId: v.client.clientId,
        clientHost: clientMetadataHost(v.client.clientId),
        redirectHost: v.redirectUri.host || v.redirectUri.protocol,
        scopes: (q.get('scope') ?? '').split(' ').filter(Boolean),
        request: q.toString(),
        csrf: await csrfFor(c, secure),
        signedIn,
        ...(session && session['sub'] !== 'owner' ? { signedInAs: session['email'] || session['name'] || session['sub'] || '' } : {}),
        ...(error ? { error } : {}),
      }),
      status,
    );
  }

  async function signIn(c: Context, subject: Subject): Promise<void> {
    // `k` binds the session to the owner's credential (./owner.ts): a new password signs everyone out.
    setCookie(c, names(isSecure(c.req.raw)).session, await signer.sign('session', { sub: subject, k: await credentialKey }, SESSION_TTL_MS), {
      path: '/',
      httpOnly: true,
      secure: isSecure(c.req.raw),
      sameSite: 'Lax',
      maxAge: SESSION_TTL_MS / 1000,
    });
  }

  function deny(c: Context, q: URLSearchParams, description: string): Response {
    return c.redirect(errorRedirectUrl(q, 'access_denied', description, requestOrigin(c.req.raw, settings.issuer)), 303);
  }

  /** Mounts GET/POST /consent (and a delegated login's callback). `clientIp` keys the failed-login limiter. */
  function mount(app: Hono, clientIp: (c: Context) => string) {
    opts.login?.mount(app, { validate, signIn, deny });
    app.get('/consent', async (c) => {
      const q = new URL(c.req.url).searchParams;
      const v = await validate(c.req.raw, q);
      if ('error' in v) return html(c, renderError('Invalid request', v.error ?? ''), 400);
      if (opts.login && !(await sessionOf(c))) return opts.login.start(c, q);
      return showPage(c, q, v);
    });

    app.post('/consent', async (c) => {
      const secure = isSecure(c.req.raw);
      // Defence in depth next to the CSRF token: a cross-site form post carries a foreign Origin.
      const origin = c.req.header('origin');
      if (origin && origin !== requestOrigin(c.req.raw, settings.issuer)) {
        return html(c, renderError('Forbidden', 'Cross-site form submission.'), 403);
      }
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody();
      } catch {
        return html(c, renderError('Invalid request', 'The form could not be read. Go back and submit it again.'), 400);
      }
      const form: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;

      const nonce = getCookie(c, names(secure).csrf);
      const expected = nonce ? await signer.mac(`csrf:${nonce}`) : '';
      if (!nonce || !form['csrf'] || !(await secretsEqual(form['csrf'], expected))) {
        return html(c, renderError('Form expired', 'Go back to the app and start the connection again.'), 403);
      }

      const q = new URLSearchParams(form['request'] ?? '');
      const v = await validate(c.req.raw, q);
      if ('error' in v) return html(c, renderError('Invalid request', v.error ?? ''), 400);

      // redirect_uri was validated against the client's registration above.
      if (form['decision'] === 'deny') return deny(c, q, 'The user denied access');
      if (form['decision'] !== 'approve') {
        return html(c, renderError('Invalid request', 'Choose Approve or Deny.'), 400);
      }

      let subject = await sessionOf(c);
      if (!subject && opts.login) return opts.login.start(c, q); // the session ended since the page was shown
      if (!subject) {
        // Every attempt is counted before the password is compared, and given back if it was
        // right: simultaneous guesses cannot all pass the check while none has failed yet.
        const ip = clientIp(c);
        const overIp = failedPerIp.hit(ip) > 0;
        const overAll = failedGlobal.hit('*') > 0;
        if (overIp || overAll) {
          c.header('Retry-After', '900');
          return showPage(c, q, v, 'Too many failed attempts. Try again in 15 minutes.', 429);
        }
        subject = await login(form, settings);
        if (!subject) return showPage(c, q, v, 'Wrong password.', 401);
        failedPerIp.giveBack(ip);
        failedGlobal.giveBack('*');
        await signIn(c, subject);
      }
      setCookie(
        c,
        names(secure).consent,
        await signer.sign('consent', { b: await binding(q, subject) }, CONSENT_TTL_MS),
        { path: '/authorize', httpOnly: true, secure, sameSite: 'Lax', maxAge: CONSENT_TTL_MS / 1000 },
      );
      return c.redirect(`/authorize?${q.toString()}`, 303);
    });
  }

  /** Set-Cookie value that deletes the consent cookie (sent once /authorize issued the code). */
  const clearConsentCookie = (req: Request): string => {
    const secure = isSecure(req);
    return `${names(secure).consent}=; Path=/authorize; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  };

  /** The page for a browser sent to /authorize with a client_id this server does not know. */
  const unknownClient = (c: Context) => html(c, renderError('Unknown app', UNKNOWN_CLIENT), 400);
  /** The page for an authorization request that cannot go on (never redirected: the redirect URI is in question). */
  const invalidRequest = (c: Context, message: string) => html(c, renderError('Invalid request', message), 400);

  return { authorize, mount, clearConsentCookie, unknownClient, invalidRequest };
}
