/**
 * Settings of the oauth-provider mode, read from environment variables. Pure function of an
 * env record, so the same code serves process.env (Node/Bun) and Worker bindings.
 */
import { isLoopbackHost } from '../http/origin.js';

export interface Settings {
  /** Public https origin of this server (MCIFY_ISSUER). Unset → derived from each request,
   *  and then only loopback hosts are accepted (local development). */
  readonly issuer: string | undefined;
  /** MCIFY_OWNER_PASSWORD: the password typed on the consent page. */
  readonly ownerPassword: string;
  /** MCIFY_SESSION_SECRET: HMAC key for session, consent and CSRF cookies. */
  readonly sessionSecret: string;
  /** MCIFY_TOOL_CALLS_PER_MINUTE: tool calls allowed per OAuth client + subject (default 60). */
  readonly toolCallsPerMinute: number;
  /** MCIFY_TRUSTED_PROXIES: proxies in front that append to X-Forwarded-For (default 0: ignore it). */
  readonly trustedProxies: number;
  /** MCIFY_REFRESH_REUSE_SECONDS, in ms: a refresh token used again this soon after its rotation is a retry, not a theft (default 5 s). */
  readonly refreshReuseMs: number;
  /** MCIFY_REFRESH_CHAIN_DAYS, in ms: the absolute lifetime of the tokens of one authorization, refreshes included (default 90 days). */
  readonly chainLifetimeMs: number;
}

export const DEFAULT_REFRESH_REUSE_SECONDS = 5;
export const DEFAULT_REFRESH_CHAIN_DAYS = 90;

/** A number setting: `fallback` when empty, else a number from `min` to `max` (whole when `whole`). */
function numberSetting(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number, whole: boolean): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export const DEFAULT_TOOL_CALLS_PER_MINUTE = 60;


/** `login` 'provider': people sign in at an identity provider, there is no owner password. */
export function loadSettings(env: Record<string, string | undefined>, login: 'password' | 'provider' = 'password'): Settings {
  const ownerPassword = env['MCIFY_OWNER_PASSWORD'] ?? '';
  const sessionSecret = env['MCIFY_SESSION_SECRET'] ?? '';
  if (login === 'password' && ownerPassword.length < 16) {
    throw new Error('MCIFY_OWNER_PASSWORD is missing or shorter than 16 characters (see .env.example)');
  }
  if (sessionSecret.length < 32) {
    throw new Error('MCIFY_SESSION_SECRET is missing or shorter than 32 characters (see .env.example)');
  }
  const perMinute = env['MCIFY_TOOL_CALLS_PER_MINUTE']?.trim();
  const toolCallsPerMinute = perMinute ? Number(perMinute) : DEFAULT_TOOL_CALLS_PER_MINUTE;
  if (!Number.isInteger(toolCallsPerMinute) || toolCallsPerMinute < 1) {
    throw new Error(`MCIFY_TOOL_CALLS_PER_MINUTE must be a whole number of at least 1, got "${perMinute}"`);
  }
  const proxies = env['MCIFY_TRUSTED_PROXIES']?.trim();
  const trustedProxies = proxies ? Number(proxies) : 0;
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0 || trustedProxies > 10) {
    throw new Error(`MCIFY_TRUSTED_PROXIES must be a whole number from 0 to 10, got "${proxies}"`);
  }
  const refreshReuseMs = numberSetting(env, 'MCIFY_REFRESH_REUSE_SECONDS', DEFAULT_REFRESH_REUSE_SECONDS, 0, 60, false) * 1000;
  const chainLifetimeMs = numberSetting(env, 'MCIFY_REFRESH_CHAIN_DAYS', DEFAULT_REFRESH_CHAIN_DAYS, 0.00001, 3650, false) * 24 * 60 * 60 * 1000;
  return { issuer: parseIssuer(env['MCIFY_ISSUER']), ownerPassword, sessionSecret, toolCallsPerMinute, trustedProxies, refreshReuseMs, chainLifetimeMs };
}

/** MCIFY_ISSUER must be an origin (no path): https, or http on a loopback host. */
export function parseIssuer(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`MCIFY_ISSUER is not a URL: ${raw}`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    throw new Error('MCIFY_ISSUER must use https (http is only allowed for localhost)');
  }
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username) {
    throw new Error('MCIFY_ISSUER must be an origin like https://mcp.example.com (no path)');
  }
  return u.origin;
}
