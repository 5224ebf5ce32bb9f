// "Connect" to a generated oauth-provider server as a real MCP client and its owner's browser do:
// dynamic client registration, /authorize with PKCE (S256), the consent page submitted with the
// owner's password and its CSRF token, the code redeemed at /token. A plain-fetch copy of the
// raw steps in templates/auth/oauth-provider/test/support/oauth.ts (which needs the MCP SDK and
// TypeScript), so the bench stays plain Node.
import { createHash, randomBytes } from 'node:crypto';

const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

/** A cookie jar with path scoping; redirects are not followed. */
class Browser {
  jar = new Map();

  async fetch(url, init = {}) {
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
}

const unescapeHtml = (text) => text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
const field = (html, name) => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
};

async function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what} answered ${res.status} (expected ${status}): ${(await res.text()).slice(0, 200)}`);
  return res;
}

/** Returns { accessToken, clientId, expiresIn } for `mcpUrl` (http://127.0.0.1:port/mcp). */
export async function connect(mcpUrl, password) {
  const mcp = new URL(mcpUrl);
  // The client registers itself (RFC 7591), as Claude does on first connect.
  const registered = await expectStatus(
    await fetch(new URL('/register', mcp), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'create-mcify bench',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    }),
    201,
    '/register',
  );
  const clientId = (await registered.json()).client_id;

  // The browser opens /authorize (PKCE S256), is sent to the consent page and approves.
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL('/authorize', mcp);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    resource: mcp.href,
  }).toString();
  const browser = new Browser();
  const first = await expectStatus(await browser.fetch(authorize), 302, '/authorize');
  const consentUrl = new URL(first.headers.get('location') ?? '', authorize);
  if (consentUrl.pathname !== '/consent') throw new Error(`/authorize redirected to ${consentUrl.pathname}, not /consent`);
  const html = await (await expectStatus(await browser.fetch(consentUrl), 200, 'the consent page')).text();
  const form = new URLSearchParams({ request: field(html, 'request') ?? '', csrf: field(html, 'csrf') ?? '', password, decision: 'approve' });
  const posted = await browser.fetch(new URL('/consent', consentUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: consentUrl.origin },
    body: form.toString(),
  });
  let location = posted.headers.get('location');
  if (posted.status === 303 && location?.startsWith('/authorize')) location = (await browser.fetch(new URL(location, consentUrl))).headers.get('location');
  if (!location) throw new Error(`the consent form answered ${posted.status} with no redirect (wrong password?)`);
  const back = new URL(location, consentUrl);
  if (back.searchParams.get('state') !== state) throw new Error('state mismatch after consent');
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code after consent: ${back.search}`);

  // The client redeems the code with its verifier.
  const token = await expectStatus(
    await fetch(new URL('/token', mcp), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: REDIRECT_URI, resource: mcp.href }).toString(),
    }),
    200,
    '/token',
  );
  const body = await token.json();
  if (!body.access_token) throw new Error('/token gave no access_token');
  return { accessToken: body.access_token, clientId, expiresIn: body.expires_in };
}
