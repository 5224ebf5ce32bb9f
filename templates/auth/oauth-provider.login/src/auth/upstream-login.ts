import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { refusal, type AllowList } from './allow-list.js';
import { renderError } from './consent-page.js';
import { requestOrigin, type ConsentSteps, type DelegatedLogin } from './consent.js';
import { Signer, b64url, randomId, secretsEqual, sha256 } from './crypto.js';
import { LoginRefused, type UpstreamProvider } from './logins/provider.js';
import type { Settings } from './settings.js';

/** Where the provider sends the browser back; register `<origin>/login/callback` at the provider. */
export const CALLBACK_PATH = '/login/callback';

/** A provider and who may sign in with it: what ./logins/<provider>.ts builds from the environment. */
export interface LoginSetup {
  readonly provider: UpstreamProvider;
  readonly allow: AllowList;
}

const LOGIN_TTL_MS = 10 * 60 * 1000;

/** One sign-in in flight, in a signed cookie: nothing is kept on the server between the two legs. */
interface Pending extends Record<string, unknown> {
  /** state sent to the provider (CSRF: the answer must carry it back). */
  s: string;
  /** OpenID nonce: the ID token must carry it (replay of another sign-in's token). */
  n: string;
  /** PKCE code_verifier (RFC 7636) of this sign-in. */
  v: string;
  /** The MCP client's /authorize query, to come back to after the sign-in. */
  r: string;
}

/**
 * Sign-in at an identity provider in front of the consent page:
 *   1. GET /consent without a session → a signed `mcify_login` cookie (state, nonce, PKCE
 *      verifier, the client's authorization request) → 303 to the provider.
 *   2. The person signs in there → GET /login/callback?code&state.
 *   3. state checked against the cookie, code exchanged (with the verifier), the person identified
 *      (ID token checked against the provider's keys, or GitHub's API), the allow-list checked
 *      → session cookie → 303 back to /consent, which shows the same Approve / Deny page.
 * A cancel at the provider, a refused code, an account not on the list: 303 to the MCP client's
 * redirect URI with error=access_denied and a description (and iss, RFC 9207), never a stack.
 */
export function upstreamLogin(setup: LoginSetup, settings: Settings): DelegatedLogin {
  const { provider, allow } = setup;
  const signer = new Signer(settings.sessionSecret);
  const secure = (req: Request) => requestOrigin(req, settings.issuer).startsWith('https:');
  const cookieName = (req: Request) => (secure(req) ? '__Secure-mcify_login' : 'mcify_login');
  const callbackUrl = (req: Request) => `${requestOrigin(req, settings.issuer)}${CALLBACK_PATH}`;
  const page = (c: Context, title: string, message: string) =>
    c.html(renderError(title, message), 400, { 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });

  async function start(c: Context, q: URLSearchParams): Promise<Response> {
    const pending: Pending = { s: randomId(), n: randomId(), v: randomId(), r: q.toString() };
    let url: URL;
    try {
      url = await provider.authorizationUrl({
        redirectUri: callbackUrl(c.req.raw),
        state: pending.s,
        nonce: pending.n,
        codeChallenge: b64url(await sha256(pending.v)),
      });
    } catch (error) {
      console.error(`Sign-in with ${provider.label}: ${error instanceof Error ? error.message : String(error)}`);
      return c.html(renderError('Sign-in unavailable', `${provider.label} cannot be reached right now. Try again later.`), 400 as const);
    }
    setCookie(c, cookieName(c.req.raw), await signer.sign('login', pending, LOGIN_TTL_MS), {
      path: CALLBACK_PATH,
      httpOnly: true,
      secure: secure(c.req.raw),
      // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
      sameSite: 'Lax',
      maxAge: LOGIN_TTL_MS / 1000,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.toString(), 303);
  }

  function mount(app: Hono, steps: ConsentSteps): void {
    app.get(CALLBACK_PATH, async (c) => {
      const name = cookieName(c.req.raw);
      const pending = await signer.verify<Pending>('login', getCookie(c, name));
      deleteCookie(c, name, { path: CALLBACK_PATH, secure: secure(c.req.raw) });
      if (!pending) return page(c, 'Sign-in expired', 'This sign-in is too old or was started in another browser. Go back to the app and connect again.');
      // The answer must carry the state this browser sent: else it belongs to someone else's sign-in.
      if (!(await secretsEqual(c.req.query('state') ?? '', pending.s))) {
        return page(c, 'Sign-in did not match', 'The answer from the sign-in page does not belong to this browser\'s sign-in. Go back to the app and connect again.');
      }
      const q = new URLSearchParams(pending.r);
      const checked = await steps.validate(c.req.raw, q);
      if ('error' in checked) return page(c, 'Invalid request', checked.error);

      const error = c.req.query('error');
      if (error) {
        const detail = c.req.query('error_description');
        return steps.deny(c, q, error === 'access_denied' ? `The sign-in at ${provider.label} was cancelled.` : `${provider.label} refused the sign-in: ${error}${detail ? ` (${detail})` : ''}.`);
      }
      const code = c.req.query('code');
      if (!code) return steps.deny(c, q, `${provider.label} sent no authorization code.`);
      try {
        const user = await provider.identify({ code, redirectUri: callbackUrl(c.req.raw), codeVerifier: pending.v, nonce: pending.n });
        const refused = refusal(user, allow);
        if (refused) {
          console.warn(`Sign-in refused: ${refused}`);
          return steps.deny(c, q, refused);
        }
        await steps.signIn(c, user.subject);
      } catch (error) {
        if (error instanceof LoginRefused) {
          console.warn(`Sign-in with ${provider.label} refused: ${error.message}`);
          return steps.deny(c, q, error.message);
        }
        console.error(`Sign-in with ${provider.label} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return steps.deny(c, q, `The sign-in at ${provider.label} could not be completed.`);
      }
      return c.redirect(`/consent?${q.toString()}`, 303);
    });
  }

  return { start, mount };
}
