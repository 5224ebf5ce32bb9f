// The WWW-Authenticate header of a 401. RFC 9110 (section 11.6.1) requires one on every 401; MCP
// clients read it to learn how to authenticate (and, with `resource_metadata`, where to sign in).
// mcify's own 401s carry none for bearer() and apiKey(), and a fixed one for oauthProvider(): the
// endpoint in ./mcp-endpoint.ts sets this one instead (it covers a framework gap).
import type { AuthConfig } from '@mcify/core';
import type { Context } from 'hono';

/** How a mode's client presents its credential, and how a 401 tells it so. */
export interface CredentialChallenge {
  /** The request header that carries the credential, lower case (`authorization`, `x-api-key`). */
  readonly header: string;
  /** The WWW-Authenticate value for a 401 to `c`; `credentialSent` is false when it carried none. */
  readonly challenge: (c: Context, credentialSent: boolean) => string;
}

/** An RFC 9110 quoted-string. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/**
 * `<scheme> name="value", ...`. When a credential was sent it was wrong, and RFC 6750 (section 3.1)
 * says `error="invalid_token"`; when none was, no error code at all.
 */
export function formatChallenge(scheme: string, params: Readonly<Record<string, string>>, credentialSent: boolean): string {
  const all = credentialSent ? { ...params, error: 'invalid_token', error_description: 'The credential is invalid or expired' } : params;
  return `${scheme} ${Object.entries(all).map(([name, value]) => `${name}=${quoted(value)}`).join(', ')}`;
}

/**
 * The challenge of a shared-secret auth: `Bearer realm="..."` (RFC 6750) for bearer(), and for
 * apiKey() an `ApiKey` challenge naming the header (there is no registered scheme for a key in a
 * header of its own). Undefined for auth.none(), which never answers 401.
 */
export function sharedSecretChallenge(auth: AuthConfig | undefined, realm: string): CredentialChallenge | undefined {
  if (auth?.type === 'bearer') {
    return { header: 'authorization', challenge: (_c, sent) => formatChallenge('Bearer', { realm }, sent) };
  }
  if (auth?.type === 'api_key') {
    const header = auth.headerName.toLowerCase();
    return { header, challenge: (_c, sent) => formatChallenge('ApiKey', { realm, header }, sent) };
  }
  return undefined;
}
