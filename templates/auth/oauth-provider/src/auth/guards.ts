import type { Context, MiddlewareHandler } from 'hono';
import { isLoopbackHost } from '../http/origin.js';
import type { Settings } from './settings.js';
import type { WindowLimiter } from './rate-limit.js';

const hostnameOf = (hostHeader: string): string | null => {
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
};

/**
 * DNS-rebinding protection: the Host header must be the issuer's host or a loopback name.
 * Without MCIFY_ISSUER only loopback is accepted (the issuer is then derived from the request,
 * so a forged X-Forwarded-Host must not steer it either).
 */
export function hostGuard(settings: Settings): MiddlewareHandler {
  const issuerHost = settings.issuer ? new URL(settings.issuer).host : null;
  const allowed = (host: string | undefined): boolean => {
    if (!host) return false;
    if (issuerHost && host.toLowerCase() === issuerHost) return true;
    const name = hostnameOf(host);
    return name !== null && isLoopbackHost(name);
  };
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const fwd = settings.issuer ? undefined : c.req.header('x-forwarded-host');
    if (!allowed(host) || (fwd !== undefined && !allowed(fwd))) {
      return c.text('Host not allowed. Set MCIFY_ISSUER to the public URL of this server.', 403);
    }
    return next();
  };
}

/** 429 once `limiter` is exceeded for the caller's address (`ipOf`, see clientIp). */
export function limitByIp(limiter: WindowLimiter, ipOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const wait = limiter.hit(ipOf(c));
    if (wait > 0) {
      return c.json({ error: 'too_many_requests', error_description: 'Rate limit exceeded' }, 429, {
        'Retry-After': String(wait),
        'Cache-Control': 'no-store',
      });
    }
    return next();
  };
}

/**
 * When MCIFY_ISSUER is set, the runtime is told the public origin on every request (as a proxy
 * would), so its metadata, WWW-Authenticate and token audience always use the issuer and never
 * a forwarded header a client sent. Unset, hostGuard has already limited those to loopback.
 */
export function pinIssuer(request: Request, issuer: string | undefined): Request {
  if (!issuer) return request;
  const url = new URL(issuer);
  const headers = new Headers(request.headers);
  headers.set('x-forwarded-proto', url.protocol.replace(/:$/, ''));
  headers.set('x-forwarded-host', url.host);
  return new Request(request, { headers });
}

/**
 * The caller's address for the per-address limits. Behind `trustedProxies` proxies
 * (MCIFY_TRUSTED_PROXIES), the address the outermost of them saw, which it appended to
 * X-Forwarded-For: counted from the right, since anything further left is whatever the client
 * sent. Otherwise the connection's: the socket on Node (@hono/node-server), the one src/server.ts
 * passes on Bun, and on Cloudflare (a request with `cf`) `cf-connecting-ip`, which Cloudflare sets.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
    const seen = hops[hops.length - trustedProxies];
    if (seen) return seen;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; client?: { address?: string } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress ?? env?.client?.address;
  if (address) return address;
  if ((c.req.raw as { cf?: unknown }).cf) return c.req.header('cf-connecting-ip') ?? 'unknown';
  return 'unknown';
}
