import type { Context, Handler } from 'hono';
import { secretsEqual, type Signer } from './crypto.js';
import { WindowLimiter } from './rate-limit.js';
import type { Settings } from './settings.js';
import type { ProjectStore } from './stores/project-store.js';

/**
 * The owner's ways to end access.
 *
 * - Sessions: the consent page's session cookie is signed with MCIFY_SESSION_SECRET and carries
 *   `ownerCredentialKey()`, a MAC of MCIFY_OWNER_PASSWORD. A new value of either (create-mcify's
 *   `secret generate --rotate`, see README.md) and a restart sign every browser out: an old
 *   session cookie can no longer approve a client.
 * - Grants: `POST /owner/revoke-grants` ends the tokens of every client or of one
 *   (`revokeGrantsEndpoint`).
 */

/**
 * What a consent session is bound to besides the signing key: the owner's password, as an HMAC
 * under MCIFY_SESSION_SECRET (the password itself never goes into a cookie). A session signed
 * before the password changed carries another value and is refused.
 */
export function ownerCredentialKey(signer: Signer, settings: Settings): Promise<string> {
  return signer.mac(`owner-password:${settings.ownerPassword}`);
}

/** The password of an `Authorization: Basic` header (RFC 7617; the user name is ignored), or null. */
function basicPassword(header: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

export interface RevokeGrantsOptions {
  readonly settings: Settings;
  readonly store: ProjectStore;
  /** The caller's address, which keys the failed-attempt limit. */
  readonly clientIp: (c: Context) => string;
  /**
   * Whether the request comes from the owner. Default: MCIFY_OWNER_PASSWORD as the password of
   * HTTP Basic authentication. A login without an owner password (GitHub, OIDC) passes its own
   * check here, e.g. an administrator's session; the limit on failures stays around it.
   */
  readonly isOwner?: (c: Context) => Promise<boolean>;
}

/** The default owner check: `Authorization: Basic` with MCIFY_OWNER_PASSWORD as the password. */
export const ownerPasswordCheck =
  (settings: Settings) =>
  async (c: Context): Promise<boolean> => {
    // No owner password (a delegated login may leave it empty): nobody is the owner here.
    if (settings.ownerPassword.length < 16) return false;
    const password = basicPassword(c.req.header('authorization'));
    return password !== null && (await secretsEqual(password, settings.ownerPassword));
  };

/**
 * `POST /owner/revoke-grants`: the owner ends access, for scripts (curl, `npm run revoke`).
 *
 * - Authentication: `Authorization: Basic` with MCIFY_OWNER_PASSWORD as the password (any user
 *   name). Failed attempts are limited like the consent page's (5 per 15 minutes per address,
 *   counted before the compare). A request with an `Origin` header (a browser) is refused, so a
 *   web page cannot use credentials a browser remembered.
 * - Form body (application/x-www-form-urlencoded): `client_id=<id>` for one client's grants, or
 *   `all=true` for every client's; `delete_client=true` also deletes the registration(s).
 * - 200 `{ "revoked_grants": n, "deleted_clients": m }`: n approvals (token chains) that were
 *   still live. 400 for a body that names neither or both, 401 for a wrong password, 429 when
 *   over the limit.
 */
export function revokeGrantsEndpoint({ settings, store, clientIp, isOwner = ownerPasswordCheck(settings) }: RevokeGrantsOptions): Handler {
  const failedPerIp = new WindowLimiter(5, 15 * 60_000);
  const headers = { 'Cache-Control': 'no-store' };
  const problem = (c: Context, status: 400 | 401 | 403 | 429, error: string, description: string) =>
    c.json({ error, error_description: description }, status, status === 401 ? { ...headers, 'WWW-Authenticate': 'Basic realm="owner"' } : headers);

  return async (c) => {
    if (c.req.header('origin')) return problem(c, 403, 'forbidden', 'This endpoint is for scripts, not web pages.');
    const ip = clientIp(c);
    // Counted before the compare and given back when right: simultaneous guesses get no extra tries.
    const wait = failedPerIp.hit(ip);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return problem(c, 429, 'too_many_requests', 'Too many failed attempts; try again later.');
    }
    if (!(await isOwner(c))) {
      return problem(c, 401, 'invalid_credentials', 'Send MCIFY_OWNER_PASSWORD as the password of HTTP Basic authentication.');
    }
    failedPerIp.giveBack(ip);

    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      return problem(c, 400, 'invalid_request', 'Send a form body: client_id=<id> or all=true.');
    }
    const clientId = typeof form['client_id'] === 'string' && form['client_id'] ? form['client_id'] : null;
    const all = form['all'] === 'true';
    if (all === (clientId !== null)) {
      return problem(c, 400, 'invalid_request', 'Name what to revoke: client_id=<id> for one client, or all=true for every client (not both).');
    }
    const revoked = await store.revokeGrants({
      clientId,
      until: new Date(Date.now() + settings.chainLifetimeMs),
      deleteClients: form['delete_client'] === 'true',
    });
    return c.json({ revoked_grants: revoked.grants, deleted_clients: revoked.clients }, 200, headers);
  };
}
