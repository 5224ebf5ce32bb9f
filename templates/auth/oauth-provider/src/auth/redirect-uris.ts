import { isLoopbackHost } from '../http/origin.js';

/**
 * Redirect URI rules mcify does not enforce (it covers these framework gaps): no fragment and no
 * userinfo (RFC 6749 section 3.1.2, and `https://trusted@evil.example` reads as a trusted host to a
 * person), and for loopback URIs only the port may differ from the registered one (RFC 8252
 * section 7.3; mcify also let the query differ).
 */

/** Why `uri` cannot be a redirect URI, or null when it can. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `redirect_uri is not a URL: ${uri}`;
  }
  if (uri.includes('#')) return 'redirect_uri must not have a fragment (#...).';
  if (url.username || url.password) return 'redirect_uri must not have a user name or password (user@host).';
  return null;
}

const isLoopback = (url: URL) => url.protocol === 'http:' && isLoopbackHost(url.hostname);

/** Whether `presented` is one of `registered`: exactly, or for loopback http with only the port changed. */
export function redirectUriRegistered(registered: readonly string[], presented: string): boolean {
  if (redirectUriProblem(presented)) return false;
  if (registered.includes(presented)) return true;
  const asked = new URL(presented);
  if (!isLoopback(asked)) return false;
  return registered.some((uri) => {
    const known = new URL(uri);
    if (!isLoopback(known)) return false;
    known.port = asked.port;
    return known.href === asked.href;
  });
}
