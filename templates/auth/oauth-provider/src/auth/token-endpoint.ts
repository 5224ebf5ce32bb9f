import type { Context } from 'hono';
import { OAuthError, OAuthServer, type OAuthStore } from '@mcify/core';

/** RFC 6749 section 5.1: token responses and their errors are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export interface TokenEndpointOptions {
  readonly store: OAuthStore;
  /** The MCP endpoint's URL for this request (the resource of RFC 8707, the tokens' audience). */
  readonly resource: (c: Context) => string;
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

/**
 * POST /token (RFC 6749 section 3.2), in front of mcify's own. It covers a framework gap: mcify
 * looks up the code or refresh token before the client, so a client_id this server does not know
 * (its registration was deleted, or the store was reset) got `invalid_grant`. Clients take that as
 * "ask the user again" and send them to /authorize with the dead client_id. `invalid_client`
 * (401) is what tells a client to register again (the MCP SDK then does exactly that).
 */
export function tokenEndpoint(options: TokenEndpointOptions) {
  return async (c: Context): Promise<Response> => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    const clientId = form['client_id'] ?? '';
    if (!clientId) return oauthError(c, 'invalid_client', 'client_id is missing.', 401);
    if (!(await options.store.getClientById(clientId))) {
      return oauthError(c, 'invalid_client', 'This client_id is not registered here (any more): register the client again.', 401);
    }
    const server = new OAuthServer({ store: options.store, resource: options.resource(c) });
    try {
      server.validateResource(form['resource'] || null);
      const grantType = form['grant_type'] ?? '';
      if (grantType === 'authorization_code') {
        const tokens = await server.exchangeAuthorizationCode({
          code: form['code'] ?? '',
          clientId,
          redirectUri: form['redirect_uri'] ?? '',
          codeVerifier: form['code_verifier'] ?? '',
        });
        return c.json(tokens, 200, NO_STORE);
      }
      if (grantType === 'refresh_token') {
        const tokens = await server.refreshAccessToken({ refreshToken: form['refresh_token'] ?? '', clientId });
        return c.json(tokens, 200, NO_STORE);
      }
      return oauthError(c, 'unsupported_grant_type', `grant_type ${grantType || '(empty)'} is not supported.`);
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error.code, error.message, error.status === 401 ? 401 : 400);
      console.error(`The token endpoint failed: ${String(error)}`);
      return c.json({ error: 'server_error', error_description: 'Internal error; try again.' }, 500, NO_STORE);
    }
  };
}
