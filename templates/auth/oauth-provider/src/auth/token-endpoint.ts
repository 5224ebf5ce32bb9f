import type { Context } from 'hono';
import { OAuthServer, OAuthError, randomToken, sha256Base64Url, verifyPkceS256, type StoredClient } from '@mcify/core';
import type { ChainLink, ProjectStore } from './stores/project-store.js';

/** RFC 6749 section 5.1: token responses and their errors are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** Lifetimes of one access token and one refresh token (a chain ends earlier when its own lifetime does). */
export const ACCESS_TOKEN_TTL_MS = 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface TokenEndpointOptions {
  readonly store: ProjectStore;
  /** The MCP endpoint's URL for this request (the resource of RFC 8707, the tokens' audience). */
  readonly resource: (c: Context) => string;
  /** MCIFY_REFRESH_REUSE_SECONDS, in ms: how long a just-rotated refresh token still gets a new pair. */
  readonly refreshReuseMs: number;
  /** MCIFY_REFRESH_CHAIN_DAYS, in ms: how long the tokens issued from one authorization last, refreshes included. */
  readonly chainLifetimeMs: number;
}

/** An OAuth error response (RFC 6749 section 5.2). invalid_client is 401 and names the scheme. */
export function oauthError(c: Context, code: string, description: string, status: 400 | 401 = 400): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer error="invalid_client"';
  return c.json({ error: code, error_description: description }, status, headers);
}

/** The form fields of a token request; null when the body is not a form. */
async function readForm(c: Context): Promise<Record<string, string> | null> {
  try {
    const body = await c.req.parseBody();
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string') form[name] = value;
    return form;
  } catch {
    return null;
  }
}

const grantError = (description: string) => new OAuthError('invalid_grant', description);

/**
 * POST /token (RFC 6749 section 3.2), instead of mcify's own. It covers these framework gaps:
 * - a client_id this server does not know (its registration was deleted, or the store was reset)
 *   gets `invalid_client` (401), which tells a client to register again; mcify said invalid_grant,
 *   and clients then sent the user to /authorize with the dead client_id;
 * - a client may only use the grant types it registered (`unauthorized_client`), and one
 *   registered without `refresh_token` gets no refresh token;
 * - every token belongs to the chain of the authorization code it came from (the chain's id is
 *   the code's hash), and the chain has an absolute lifetime (`chainLifetimeMs`);
 * - a code redeemed twice revokes the chain issued from it (OAuth 2.1 section 4.1.3);
 * - a refresh token used twice: within `refreshReuseMs` of its rotation, by the same client,
 *   this is a retry (a lost response, two tabs, two replicas) and gets a working pair of the same
 *   chain; later, it is a replay and the whole chain is revoked. Revoking is one insert that every
 *   token lookup joins (see ProjectStore), so no token of the chain works afterwards, also one a
 *   concurrent request issues after the revocation. mcify revoked the tokens that existed at that
 *   moment, and a concurrent winner's new pair could survive.
 */
export function tokenEndpoint(options: TokenEndpointOptions) {
  const { store } = options;

  /** Issues an access token (and a refresh token) in `chain`, each ending no later than the chain. */
  async function issue(client: StoredClient, subjectKey: string, scope: string | null, chain: ChainLink) {
    const now = Date.now();
    const end = chain.chainExpiresAt.getTime();
    const accessToken = randomToken(32);
    const accessExpiresAt = Math.min(now + ACCESS_TOKEN_TTL_MS, end);
    const common = { clientId: client.clientId, subjectKey, scope, ...chain };
    await store.insertAccessToken({ ...common, tokenHash: await sha256Base64Url(accessToken), expiresAt: new Date(accessExpiresAt) });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((accessExpiresAt - now) / 1000)),
      ...(scope ? { scope } : {}),
    };
    if (!client.grantTypes.includes('refresh_token')) return { body, refreshId: null };
    const refreshToken = randomToken(32);
    const row = await store.insertRefreshToken({
      ...common,
      tokenHash: await sha256Base64Url(refreshToken),
      expiresAt: new Date(Math.min(now + REFRESH_TOKEN_TTL_MS, end)),
    });
    return { body: { ...body, refresh_token: refreshToken }, refreshId: row.id };
  }

  async function exchangeCode(client: StoredClient, form: Record<string, string>) {
    const code = form['code'] ?? '';
    const verifier = form['code_verifier'] ?? '';
    if (!code || !verifier) throw new OAuthError('invalid_request', 'code and code_verifier are required.');
    const codeHash = await sha256Base64Url(code);
    const now = Date.now();
    const row = await store.consumeAuthorizationCode(codeHash);
    if (!row) {
      // Used before: whoever holds it may be an attacker, so the tokens issued from it end too.
      if (await store.findCodeClient(codeHash)) await store.revokeChainById(codeHash, new Date(now + options.chainLifetimeMs));
      throw grantError('The code is invalid or was already used.');
    }
    if (row.clientId !== client.clientId) throw grantError('The code was issued to another client.');
    if (row.expiresAt.getTime() <= now) throw grantError('The code has expired.');
    if (row.redirectUri !== form['redirect_uri']) throw grantError('redirect_uri does not match the authorization request.');
    if (!(await verifyPkceS256(verifier, row.codeChallenge, row.codeChallengeMethod))) throw grantError('PKCE verification failed.');
    const chain = { chainId: codeHash, chainExpiresAt: new Date(now + options.chainLifetimeMs) };
    return (await issue(client, row.subjectKey, row.scope, chain)).body;
  }

  async function refresh(client: StoredClient, form: Record<string, string>) {
    const token = form['refresh_token'] ?? '';
    if (!token) throw new OAuthError('invalid_request', 'refresh_token is required.');
    const grant = await store.getRefreshGrant(await sha256Base64Url(token));
    const now = Date.now();
    if (!grant || grant.clientId !== client.clientId) throw grantError('The refresh_token is invalid.');
    if (grant.chainRevoked) throw grantError('The refresh_token was revoked.');
    if (grant.expiresAt.getTime() <= now) throw grantError('The refresh_token has expired: connect again.');
    // A token from before chains (mcify's /token) starts its own.
    const chain = grant.chain ?? { chainId: grant.id, chainExpiresAt: new Date(now + options.chainLifetimeMs) };
    if (await store.consumeRefreshToken(grant.id)) {
      const { body, refreshId } = await issue(client, grant.subjectKey, grant.scope, chain);
      if (refreshId) await store.setRefreshRotatedTo(grant.id, refreshId);
      return body;
    }
    // Consumed already; consumed between our read and our update means "just now".
    const usedAt = grant.consumedAt?.getTime() ?? now;
    if (now - usedAt < options.refreshReuseMs) return (await issue(client, grant.subjectKey, grant.scope, chain)).body;
    await store.revokeChainById(chain.chainId, chain.chainExpiresAt);
    throw grantError('The refresh_token was already used: every token of this authorization is revoked. Connect again.');
  }

  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    const clientId = form['client_id'] ?? '';
    if (!clientId) return oauthError(c, 'invalid_client', 'client_id is missing.', 401);
    try {
      const client = await store.getClientById(clientId);
      if (!client) {
        return oauthError(c, 'invalid_client', 'This client_id is not registered here (any more): register the client again.', 401);
      }
      // RFC 8707: a resource, when sent, must be this MCP endpoint.
      new OAuthServer({ store, resource: options.resource(c) }).validateResource(form['resource'] || null);
      const grantType = form['grant_type'] ?? '';
      if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
        return oauthError(c, 'unsupported_grant_type', `grant_type ${grantType || '(empty)'} is not supported.`);
      }
      if (!client.grantTypes.includes(grantType)) {
        return oauthError(c, 'unauthorized_client', `This client did not register the ${grantType} grant.`);
      }
      const body = grantType === 'authorization_code' ? await exchangeCode(client, form) : await refresh(client, form);
      return c.json(body, 200, NO_STORE);
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error.code, error.message, error.status === 401 ? 401 : 400);
      console.error(`The token endpoint failed: ${String(error)}`);
      return c.json({ error: 'server_error', error_description: 'Internal error; try again.' }, 500, NO_STORE);
    }
  };
}

/**
 * POST /revoke (RFC 7009), which mcify does not have: a client ends an access or refresh token it
 * holds, and with it every token of the same approval (the chain; RFC 7009 section 2.1 lets a
 * server do that). Bound to the client: a token issued to another client is left alone, and the
 * answer is 200 all the same, as for a token that does not exist (section 2.2), so the endpoint
 * tells nobody which tokens exist.
 */
export function revocationEndpoint(options: Pick<TokenEndpointOptions, 'store'>) {
  const { store } = options;
  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    const token = form['token'] ?? '';
    if (!token) return oauthError(c, 'invalid_request', 'token is required.');
    try {
      const clientId = form['client_id'] ?? '';
      if (!clientId || !(await store.getClientById(clientId))) {
        return oauthError(c, 'invalid_client', 'This client_id is not registered here (any more): register the client again.', 401);
      }
      const found = await store.findTokenChain(await sha256Base64Url(token));
      if (found?.clientId === clientId && found.chain) await store.revokeChainById(found.chain.chainId, found.chain.chainExpiresAt);
      return c.body(null, 200, NO_STORE);
    } catch (error) {
      console.error(`The revocation endpoint failed: ${String(error)}`);
      return c.json({ error: 'server_error', error_description: 'Internal error; try again.' }, 500, NO_STORE);
    }
  };
}
