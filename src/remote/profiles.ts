// Which MCP clients `doctor --remote` speaks for, as data: each profile lists the checks (ids of
// ./checks.ts) that client depends on, with the reason, so that a FAIL names the client it breaks
// and why. A profile's verdict is its worst dependency: FAIL, then WARN, else PASS (SKIP, a check
// that does not apply or was not asked for, counts for nothing).
//
// Sources (read 2026-11): the MCP specification 2025-11-25 (basic/authorization, basic/transports,
// basic/lifecycle); Claude's connector docs (claude.com/docs/connectors/building/authentication,
// and "Building custom connectors via remote MCP servers" in the Claude help center); OpenAI's
// Apps SDK docs (developers.openai.com/apps-sdk/build/auth); for the clients configured by hand,
// their MCP settings (Claude Code `claude mcp add --transport http --header`, Cursor's and VS
// Code's `mcp.json` with `url` and `headers`, each also signing in with OAuth; the Inspector's
// proxy and Direct connection types); and, for the 2025 SDK clients, measurements of
// @modelcontextprotocol/sdk 1.12 and 1.17, which refuse a version they did not ask for, and their
// client/auth.js (the quoted errors of the sdk-2025 profile).
import { UserError } from '../lib/errors.js';
import { type CheckId, type CheckResult, type CheckStatus } from './checks.js';

export interface ClientProfile {
  readonly id: string;
  readonly name: string;
  /** The checks this client depends on, each with why, in words a user reading a FAIL needs. */
  readonly needs: Readonly<Partial<Record<CheckId, string>>>;
}

// Reasons several profiles share.
const REDIRECT = 'a redirected POST arrives as a GET (301, 302) or loses its Authorization header on the way';
const LISTS_TOOLS = 'lists the tools right after initialize';
const CURRENT_VERSION = 'asks for 2025-11-25 (the SDKs since late 2025) and needs an answer it speaks';
const OAUTH_SIGN_IN = {
  'prm': 'finds the authorization server through the protected-resource metadata (RFC 9728)',
  'prm-resource': 'refuses metadata for another resource, and asks for tokens whose audience is the resource',
  'as-metadata': 'reads the authorization server metadata to find its endpoints',
  'pkce-s256': 'uses PKCE with S256 and must refuse a server that does not advertise it (MCP authorization 2025-11-25)',
  'client-registration': 'is not given a client id by hand: it registers itself (DCR) or uses a Client ID Metadata Document',
  'token-auth-none': 'is a public client: it has no secret for the token endpoint',
  'dcr-register': 'registers with the body it always sends (public client, authorization_code + refresh_token)',
} as const satisfies Partial<Record<CheckId, string>>;

/**
 * Claude Code (`claude mcp add --transport http <name> <url> --header ...`), Cursor and VS Code
 * (`mcp.json` with `url` and `headers`): a shared secret goes in a header the user configures,
 * and OAuth runs from the user's machine, so they need neither a public URL nor OAuth.
 */
const LOCAL_CLIENT = {
  'https': 'sends the credential with every request',
  'redirect': REDIRECT,
  'init-2025-11-25': CURRENT_VERSION,
  'tools-list': LISTS_TOOLS,
  ...OAUTH_SIGN_IN,
} as const satisfies Partial<Record<CheckId, string>>;

/** Every client profile, in the order the verdicts print. */
export const PROFILES: readonly ClientProfile[] = [
  {
    id: 'claude',
    name: 'Claude.ai and Claude Desktop connectors',
    needs: {
      'public-url': 'connects from Anthropic\'s cloud, Desktop included (remote servers are added under Settings > Connectors): a loopback, private or http URL is out of its reach',
      'redirect': REDIRECT,
      'auth-discoverable': 'takes no pasted bearer token or API key ("static_bearer" is not supported): only authless servers or OAuth with DCR or CIMD',
      'init-2025-11-25': CURRENT_VERSION,
      'tools-list': LISTS_TOOLS,
      'auth-required': 'starts the sign-in from the 401 and its WWW-Authenticate challenge',
      ...OAUTH_SIGN_IN,
      'client-registration': 'supports DCR and CIMD out of the box; without either, only a client id and secret the user enters in advanced settings',
      'cimd': 'prefers CIMD: with DCR alone it registers a new client on every fresh connection',
    },
  },
  {
    id: 'chatgpt',
    name: 'ChatGPT (apps and connectors)',
    needs: {
      'public-url': 'connects from OpenAI\'s servers: the URL must be public https',
      'redirect': REDIRECT,
      'auth-discoverable': 'connects without auth or signs the user in with OAuth 2.1 (Apps SDK, Authentication); there is no field for a shared key',
      'init-2025-11-25': CURRENT_VERSION,
      'tools-list': LISTS_TOOLS,
      'auth-required': 'starts the sign-in from the 401 and its WWW-Authenticate challenge',
      ...OAUTH_SIGN_IN,
      'pkce-s256': 'requires PKCE S256 advertised in the authorization server metadata (Apps SDK, "Advertise PKCE support")',
      'client-registration': 'identifies itself with a Client ID Metadata Document or registers with DCR (or uses a client predefined for it)',
      'cimd': 'supports CIMD; with DCR alone every connection adds a registration',
    },
  },
  {
    id: 'claude-code',
    name: 'Claude Code',
    needs: LOCAL_CLIENT,
  },
  {
    id: 'cursor',
    name: 'Cursor',
    needs: LOCAL_CLIENT,
  },
  {
    id: 'vscode',
    name: 'VS Code (GitHub Copilot)',
    needs: LOCAL_CLIENT,
  },
  {
    id: 'inspector',
    name: 'MCP Inspector (through its proxy, the default)',
    needs: {
      'redirect': REDIRECT,
      'init-2025-11-25': CURRENT_VERSION,
      'tools-list': LISTS_TOOLS,
      'tool-call': 'is how you try a tool by hand',
      ...OAUTH_SIGN_IN,
    },
  },
  {
    id: 'browser',
    name: 'A web app calling from the browser (--origin; also the Inspector in Direct mode)',
    needs: {
      'init-2025-11-25': CURRENT_VERSION,
      'cors-preflight': 'the browser sends a preflight before any POST with JSON or an Authorization header, and stops there if it fails',
      'cors-headers': 'the page reads no answer, not even a 401, without Access-Control-Allow-Origin; nor Mcp-Session-Id or WWW-Authenticate unless exposed',
      'cors-oauth': 'a sign-in that runs in the page fetches the metadata from the page',
    },
  },
  {
    id: 'sdk-2025',
    name: 'An official SDK client of a year ago (TypeScript SDK 1.12 to 1.22)',
    needs: {
      'redirect': REDIRECT,
      'init-2025-06-18': 'asks for 2025-06-18 (1.13 to 1.22) and disconnects on any version it does not know, 2025-11-25 included',
      'init-2025-03-26': 'asks for 2025-03-26 (1.12 and earlier) and disconnects on a newer answer',
      'tools-list': LISTS_TOOLS,
      'prm': 'finds the authorization server through the protected-resource metadata (RFC 9728)',
      'prm-resource': 'refuses metadata whose resource is not the URL it connects to (1.17 on: "Protected resource ... does not match expected")',
      'as-metadata': 'reads the authorization server metadata to find its endpoints',
      'pkce-s256': 'refuses an authorization server that does not list S256 ("Incompatible auth server: does not support code challenge method S256")',
      'dcr-endpoint': 'registers with Dynamic Client Registration only, and stops without it ("Incompatible auth server: does not support dynamic client registration"); it knows no Client ID Metadata Documents',
      'dcr-register': OAUTH_SIGN_IN['dcr-register'],
    },
  },
  {
    id: 'spec',
    name: 'Any MCP client: what the MCP specification and HTTP require of the server',
    needs: {
      'https': 'MCP authorization requires https for every endpoint outside loopback',
      'origin-foreign': 'servers must validate Origin and answer 403 to an invalid one (Streamable HTTP, DNS rebinding)',
      'auth-required': 'every 401 carries WWW-Authenticate (RFC 9110 section 11.6.1)',
      'auth-wrong': 'a wrong credential gets 401 with invalid_token, so clients sign in again (RFC 6750 section 3.1)',
      'bearer-case': 'the auth scheme is case-insensitive (RFC 9110 section 11.1): some clients send "bearer"',
      'body-limit': 'one oversized request must not make the server read and parse it all',
      'get-405': 'GET on the MCP endpoint answers an event stream or 405, and a 405 names Allow (Streamable HTTP, RFC 9110 section 15.5.6)',
      'iss-parameter': 'RFC 9207 lets a client that uses several servers detect an authorization mix-up attack',
      'jwks': 'the server checks every token against these keys',
      'audience': 'a token for another audience is refused, so the audience must be the URL clients connect to',
    },
  },
];

export type Verdict = Exclude<CheckStatus, 'skip'>;

export interface ProfileVerdict {
  readonly id: string;
  readonly name: string;
  readonly verdict: Verdict;
  /** The checks that made the verdict (FAIL and WARN ones), each with why this client needs it. */
  readonly because: readonly { readonly check: CheckId; readonly status: 'fail' | 'warn'; readonly reason: string }[];
}

/** A profile's verdict from the check results: its worst dependency. */
export function verdictOf(profile: ClientProfile, results: readonly CheckResult[]): ProfileVerdict {
  const byId = new Map(results.map((r) => [r.id, r]));
  const because = (Object.keys(profile.needs) as CheckId[]).flatMap((check) => {
    const status = byId.get(check)?.status;
    return status === 'fail' || status === 'warn' ? [{ check, status, reason: profile.needs[check]! }] : [];
  });
  because.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const verdict: Verdict = because.some((b) => b.status === 'fail') ? 'fail' : because.length > 0 ? 'warn' : 'pass';
  return { id: profile.id, name: profile.name, verdict, because };
}

/** The profiles named by --client (ids, repeatable or comma separated); all when none is named. */
export function selectProfiles(names: readonly string[]): ClientProfile[] {
  const wanted = names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !PROFILES.some((p) => p.id === n));
  if (unknown.length > 0) {
    throw new UserError(`Unknown --client "${unknown.join(', ')}". Valid values: ${PROFILES.map((p) => p.id).join(', ')}.`);
  }
  return wanted.length === 0 ? [...PROFILES] : PROFILES.filter((p) => wanted.includes(p.id));
}
