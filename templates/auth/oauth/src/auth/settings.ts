// The OAuth settings of this server. They are not secrets: the issuer and the audience are public.
// They are read from the environment on every use, so the same code runs on Node, Bun and
// Cloudflare Workers (where `process.env` holds the vars with the nodejs_compat flag and a
// compatibility date of 2025-04-01 or later) and a changed value needs no rebuild.
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

// The settings parsed from the last values seen. Every request reads them (the verifier needs the
// issuer and audience), so they are parsed again only when a value changed.
let last: { raw: string; settings: OAuthSettings } | undefined;

/** The settings from `env`; throws a message that says what to fix when they are unusable. */
export function readOAuthSettings(env: Env = runtimeEnv()): OAuthSettings {
  const raw = `${env.MCIFY_OAUTH_ISSUER}\n${env.MCIFY_OAUTH_AUDIENCE}\n${env.MCIFY_OAUTH_JWKS_URL}\n${env.MCIFY_PUBLIC_URL}`;
  if (last?.raw === raw) return last.settings;
  const settings = parseOAuthSettings(env);
  last = { raw, settings };
  return settings;
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
