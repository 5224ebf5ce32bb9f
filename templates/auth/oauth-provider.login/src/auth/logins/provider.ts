/**
 * The contract between the sign-in flow (../upstream-login.ts) and one identity provider
 * (./github.ts, ./google.ts, ./oidc.ts): where to send the browser, and who came back.
 */

/** A person as the provider vouches for them. */
export interface UpstreamUser {
  /**
   * The subject bound to the tokens, reaching tools as `ctx.auth.subject`: `sub` is stable and
   * namespaced by provider (`github:12345`, `google:1098...`, `oidc:id.example.com:abc`): key
   * per-user data by `sub`, never by the e-mail (it can change hands) nor by anything a client sends.
   * The other fields are for display.
   */
  readonly subject: { readonly sub: string } & Record<string, string>;
  /** A verified e-mail address, lower-cased; null when the provider vouches for none. */
  readonly email: string | null;
  /** The Google Workspace domain (`hd`) of the account; null elsewhere. */
  readonly hostedDomain: string | null;
  /** Whether the account is a member of MCIFY_GITHUB_ORG (GitHub only; false when none is set). */
  readonly orgMember: boolean;
}

/** What the flow asks of a provider. */
export interface UpstreamProvider {
  /** Shown to people: "GitHub", "Google", the OIDC issuer's host. */
  readonly label: string;
  /** The browser's first stop at the provider (authorization code, PKCE S256, state, nonce). */
  authorizationUrl(request: { redirectUri: string; state: string; codeChallenge: string; nonce: string }): Promise<URL>;
  /**
   * Exchanges the code and identifies the person; throws {@link LoginRefused} with a reason a
   * person can read when the provider refuses or its answer does not check out.
   */
  identify(answer: { code: string; redirectUri: string; codeVerifier: string; nonce: string }): Promise<UpstreamUser>;
}

/** A sign-in that cannot go on; `message` ends at the MCP client as the error_description. */
export class LoginRefused extends Error {}

/**
 * A required setting of the provider, or a one-line error naming where to get it (the server does
 * not start without it).
 */
export function required(env: Record<string, string | undefined>, name: string, where: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set: ${where}, then set it in the env file (see .env.example).`);
  return value;
}

/** An origin setting (a base URL override): https, or http on this machine; `fallback` when empty. */
export function originSetting(env: Record<string, string | undefined>, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL: ${raw}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${name} must use https (http is only allowed for localhost)`);
  }
  return raw.replace(/\/+$/, '');
}

/** JSON from the provider, or a LoginRefused that says which step failed (never a stack). */
export async function providerJson<T>(label: string, step: string, request: Promise<Response>): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await request;
  } catch (error) {
    console.error(`${label} ${step}: ${String(error)}`);
    throw new LoginRefused(`${label} could not be reached (${step}); try again later.`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as T };
  } catch {
    console.error(`${label} ${step}: HTTP ${res.status}, not JSON`);
    throw new LoginRefused(`${label} answered the ${step} with something unexpected (HTTP ${res.status}).`);
  }
}
