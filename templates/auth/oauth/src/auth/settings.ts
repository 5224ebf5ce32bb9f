// The OAuth settings of this server. They are not secrets: the issuer and the audience are public.
// They come from `process.env`, so the same code runs on Node, Bun and Cloudflare Workers (where
// `process.env` holds the vars with the nodejs_compat flag and a compatibility date of 2025-04-01
// or later).
import { runtimeEnv, type Env } from '../env.js';

export interface OAuthSettings {
  /** Exactly the `iss` claim of the provider's tokens (a trailing slash matters, e.g. Auth0). */
  readonly issuer: string;
  /** Accepted `aud` values: MCIFY_OAUTH_AUDIENCE, split on commas. */
  readonly audience: readonly string[];
  /** The provider's JWKS; found from the issuer's metadata when absent. */
  readonly jwksUrl?: string;
  /** Public origin of this server (e.g. https://mcp.example.com), for the resource metadata. */
  readonly publicUrl?: string;
}

/** `<...>` marks a value create-mcify wrote as a placeholder: it has to be replaced. */
const PLACEHOLDER = /<[^>]*>/;

// The settings of the running app, parsed when it is created (loadOAuthSettings, from createApp):
// every request needs the issuer and audience, and reading them from the environment each time
// cost about 5 us a call (each process.env read is a call into C++). A new value takes effect
// when the server restarts.
let current: OAuthSettings | undefined;

/**
 * Parses the settings for the app being created, so a bad value stops it at start. Where the
 * environment has none yet (it can be empty at start-up on Workers), the first request parses them.
 */
export function loadOAuthSettings(env: Env = runtimeEnv()): void {
  current = env.MCIFY_OAUTH_ISSUER || env.MCIFY_OAUTH_AUDIENCE ? parseOAuthSettings(env) : undefined;
}

/** The app's settings; throws a message that says what to fix when they are unusable. */
export function readOAuthSettings(): OAuthSettings {
  current ??= parseOAuthSettings(runtimeEnv());
  return current;
}

function parseOAuthSettings(env: Env): OAuthSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const issuer = value('MCIFY_OAUTH_ISSUER');
  const audience = value('MCIFY_OAUTH_AUDIENCE');
  const missing = [!issuer && 'MCIFY_OAUTH_ISSUER', !audience && 'MCIFY_OAUTH_AUDIENCE'].filter(Boolean);
  if (missing.length > 0) throw new Error(`OAuth is not configured: set ${missing.join(' and ')} (see .env.example).`);
  for (const [name, v] of [['MCIFY_OAUTH_ISSUER', issuer!], ['MCIFY_OAUTH_AUDIENCE', audience!]] as const) {
    if (PLACEHOLDER.test(v)) {
      throw new Error(`${name} is still the placeholder "${v}": replace it with your provider's value (README.md, section Auth).`);
    }
  }
  if (!/^https?:\/\/\S+$/.test(issuer!)) throw new Error(`MCIFY_OAUTH_ISSUER must be an http(s) URL, got "${issuer}".`);
  const jwksUrl = value('MCIFY_OAUTH_JWKS_URL');
  const publicUrl = value('MCIFY_PUBLIC_URL')?.replace(/\/+$/, '');
  return {
    issuer: issuer!,
    audience: audience!.split(',').map((a) => a.trim()).filter(Boolean),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(publicUrl ? { publicUrl } : {}),
  };
}
