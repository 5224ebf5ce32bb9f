// The checks of `doctor --remote`: each one asks the deployed server one question over HTTP and
// answers PASS, FAIL, WARN or SKIP with what it saw and, when it is not PASS, the fix. Which
// client depends on which check, and why, is in ./profiles.ts.
import { UserError } from '../lib/errors.js';
import type { AuthMode } from '../modules/types.js';
import { RemoteUnreachable, type CredentialHeader, type Probe, type RemoteHttp } from './http.js';
import { isLoopbackHost } from '../lib/hosts.js';
import { PROFILES } from './profiles.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** What was seen, one sentence. */
  readonly detail: string;
  /** What to do about it; absent on PASS and SKIP. */
  readonly fix?: string;
}

/** Every check, in the order they run and print, with a short title. */
export const CHECKS = {
  'https': 'https (http only on loopback)',
  'public-url': 'reachable from the internet over https',
  'redirect': 'no redirect on the MCP URL',
  'init-2025-11-25': 'initialize 2025-11-25 answered with 2025-11-25',
  'init-2025-06-18': 'initialize 2025-06-18 answered with 2025-06-18',
  'init-2025-03-26': 'initialize 2025-03-26 answered with 2025-03-26',
  'tools-list': 'tools/list',
  'tool-call': 'tools/call of --call',
  'origin-foreign': 'a foreign Origin gets 403 (DNS rebinding)',
  'cors-preflight': 'CORS preflight for --origin',
  'cors-headers': 'CORS headers on answers to --origin',
  'auth-required': '401 with a challenge without a credential',
  'auth-wrong': '401 with a challenge for a wrong credential',
  'bearer-case': 'Bearer scheme in any letter case',
  'auth-discoverable': 'no credential needed, or OAuth discoverable',
  'prm': 'protected-resource metadata at both URLs',
  'prm-resource': 'metadata resource equals the URL',
  'as-metadata': 'authorization server metadata',
  'pkce-s256': 'PKCE S256 advertised',
  'client-registration': 'clients can register (DCR or CIMD)',
  'dcr-endpoint': 'a registration endpoint (DCR) advertised',
  'cimd': 'Client ID Metadata Documents',
  'iss-parameter': 'RFC 9207 iss in authorization responses',
  'token-auth-none': 'public clients at the token endpoint',
  'cors-oauth': 'CORS on OAuth discovery for --origin',
  'dcr-register': 'a throwaway registration (--register)',
  'jwks': 'the issuer JWKS',
  'audience': 'the audience setting matches the URL',
  'body-limit': 'a 4 MiB body refused',
  'get-405': 'GET answered 405 with Allow, or a stream',
} as const;

export type CheckId = keyof typeof CHECKS;

/** The protocol versions probed: what current clients send, then what the 2025 SDKs sent. */
export const PROBED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;

/** What a run knows before it sends anything. */
export interface RemoteSetup {
  readonly url: URL;
  readonly http: RemoteHttp;
  /** The auth mode from --auth or the project; undefined: inferred from the server's answers. */
  readonly mode?: AuthMode;
  /** A web origin that should be allowed (--origin; default the MCP Inspector's). */
  readonly origin: string;
  /** A tool to call once (--call); never by default. */
  readonly call?: string;
  /** Make a throwaway client registration (--register). */
  readonly register: boolean;
  /** MCIFY_OAUTH_AUDIENCE from the project's env file, for the `oauth` mode (a value with `<` is a placeholder). */
  readonly audience?: string;
}

/** A deliberately foreign web origin: `.invalid` is reserved (RFC 2606), so it is nobody's. */
export const FOREIGN_ORIGIN = 'https://doctor-check.invalid';
const BODY_PROBE_BYTES = 4 * 1024 * 1024;

const pass = (id: CheckId, detail: string): CheckResult => ({ id, status: 'pass', detail });
const skip = (id: CheckId, detail: string): CheckResult => ({ id, status: 'skip', detail });
const fail = (id: CheckId, detail: string, fix: string): CheckResult => ({ id, status: 'fail', detail, fix });
const warn = (id: CheckId, detail: string, fix: string): CheckResult => ({ id, status: 'warn', detail, fix });

type Json = Record<string, unknown>;

/** The first JSON-RPC message of an answer, JSON or an event stream (Streamable HTTP). */
export function rpcMessage(probe: Probe): Json | undefined {
  const type = probe.headers.get('content-type') ?? '';
  const texts = /event-stream/.test(type)
    ? probe.text.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim())
    : [probe.text];
  for (const text of texts) {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    } catch {
      // not JSON: try the next event
    }
  }
  return undefined;
}

const jsonOf = (probe: Probe): Json | undefined => {
  try {
    const value: unknown = JSON.parse(probe.text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
};

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const lower = (values: string[]) => values.map((v) => v.toLowerCase());
const headerList = (probe: Probe, name: string) => lower((probe.headers.get(name) ?? '').split(',').map((v) => v.trim()).filter(Boolean));

/** `Bearer realm="x", error="invalid_token"` -> scheme and parameters (RFC 9110 section 11.6.1). */
export function parseChallenge(value: string | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!value) return undefined;
  const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(.*)$/.exec(value);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const p of match[2]!.matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return { scheme: match[1]!, params };
}

const initializeBody = (version: string, id: string | number = 1) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'mcify-doctor', version: '1' } },
  });

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Metadata URLs of an authorization server, in the order MCP clients try them (MCP 2025-11-25, Authorization Server Metadata Discovery). */
export function asMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  if (!path) return [`${url.origin}/.well-known/oauth-authorization-server`, `${url.origin}/.well-known/openid-configuration`];
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/** The RFC 9728 metadata URLs of a resource: path-suffixed first (section 3.1), then the root one. */
export function prmUrls(resource: URL): string[] {
  const path = resource.pathname === '/' ? '' : resource.pathname.replace(/\/+$/, '');
  const root = `${resource.origin}/.well-known/oauth-protected-resource`;
  return path ? [`${root}${path}`, root] : [root];
}

/** Arguments for --call: each required property of the tool's input schema given a harmless value. */
export function sampleArguments(schema: unknown): Json {
  const s = (schema ?? {}) as { properties?: Record<string, { type?: unknown; enum?: unknown[] }>; required?: unknown };
  const args: Json = {};
  for (const name of list(s.required)) {
    const prop = s.properties?.[name] ?? {};
    if (Array.isArray(prop.enum) && prop.enum.length > 0) args[name] = prop.enum[0];
    else if (prop.type === 'number' || prop.type === 'integer') args[name] = 0;
    else if (prop.type === 'boolean') args[name] = false;
    else if (prop.type === 'array') args[name] = [];
    else if (prop.type === 'object') args[name] = {};
    else args[name] = 'doctor';
  }
  return args;
}

/**
 * Runs every check against `setup.url` and returns the results in CHECKS order, with the auth
 * mode (given, or inferred from the anonymous answer). Throws a RemoteUnreachable (one line) when
 * the MCP URL itself gives no HTTP answer, and a UserError when it answers 404 or 405 to POST.
 */
export async function runChecks(setup: RemoteSetup): Promise<{ mode: AuthMode | 'unknown'; results: CheckResult[] }> {
  const { url, http } = setup;
  const results: CheckResult[] = [];
  const add = (r: CheckResult) => results.push(r);
  const post = (body: string, extra: Record<string, string> = {}, credential = true, override?: CredentialHeader) =>
    http.request(url, { method: 'POST', headers: { ...MCP_HEADERS, ...extra }, body, credential, credentialOverride: override });
  /** A request to another URL that may fail on the network: the failure becomes the check's detail. */
  const tryRequest = async (target: string | URL, options: Parameters<RemoteHttp['request']>[1] = {}) => {
    try {
      return await http.request(target, options);
    } catch (error) {
      if (error instanceof RemoteUnreachable) return error.message;
      throw error;
    }
  };

  // The first request: no HTTP answer at all ends the run with one line (RemoteUnreachable).
  const anonymous = await post(initializeBody(PROBED_VERSIONS[0]), {}, false);
  if (anonymous.status === 404 || anonymous.status === 405) {
    throw new UserError(`POST ${url.href} got HTTP ${anonymous.status}: no MCP endpoint there; check the path (servers made by create-mcify serve /mcp).`);
  }
  const anonChallenge = parseChallenge(anonymous.headers.get('www-authenticate'));
  const needsCredential = anonymous.status === 401 || anonymous.status === 403;
  const oauthHint = anonChallenge?.params.resource_metadata !== undefined;
  let mode: AuthMode | 'unknown' =
    setup.mode ??
    (!needsCredential && anonymous.status < 300
      ? 'none'
      : oauthHint
        ? 'oauth'
        : anonChallenge?.scheme.toLowerCase() === 'bearer'
          ? 'bearer'
          : anonChallenge?.scheme.toLowerCase() === 'apikey'
            ? 'api-key'
            : 'unknown');
  const isOAuth = mode === 'oauth' || mode === 'oauth-provider';
  const staticSecret = mode === 'bearer' || mode === 'api-key';
  const canAuthenticate = mode === 'none' || http.hasCredential;
  const notChecked = `not checked: no credential to send (${mode} auth)`;
  const credentialFix = isOAuth
    ? 'pass --token-env NAME, NAME holding an access token from the authorization server'
    : `run doctor inside the project (it reads the env file), or pass --token-env NAME${mode === 'unknown' ? ' and --auth MODE' : ''}`;

  // --- transport -------------------------------------------------------------------------------
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'https:') add(pass('https', 'https'));
  else if (loopback) add(pass('https', 'http on a loopback address: nothing leaves this machine'));
  else
    add(fail('https', `${url.protocol}// to ${url.hostname}: credentials and tool results travel in clear text`, 'serve the MCP endpoint over https (a TLS-terminating proxy or the platform\'s https URL)'));
  if (url.protocol === 'https:' && !loopback && !isPrivateHost(url.hostname)) add(pass('public-url', `${url.hostname} over https`));
  else {
    const local = loopback || isPrivateHost(url.hostname);
    const onThisMachine = PROFILES.filter((p) => !('public-url' in p.needs)).map((p) => p.id).join(',');
    // A local server is where users start: say which clients reach it already, not only what to deploy.
    const fix = local
      ? `deploy the server (DEPLOY.md) and check its public https URL; until then, clients on this machine reach it (Claude Desktop through the README's mcp-remote snippet): check only them with --client ${onThisMachine}`
      : 'deploy the server (DEPLOY.md) and check its public https URL';
    add(fail('public-url', `${url.host} ${local ? 'is a loopback or private address' : 'is not served over https'}: a client running in its vendor's cloud cannot use it`, fix));
  }

  const twin = new URL(url);
  twin.pathname = url.pathname.endsWith('/') ? url.pathname.replace(/\/+$/, '') || '/' : `${url.pathname}/`;
  if (anonymous.status >= 300 && anonymous.status < 400) {
    const location = anonymous.headers.get('location') ?? '(no Location)';
    add(fail('redirect', `POST ${url.pathname} answers ${anonymous.status} to ${location}: clients turn a 301/302 POST into a GET, and many drop the Authorization header on the way`, `give clients the final URL (${location}), or stop redirecting /mcp`));
  } else {
    const other = await tryRequest(twin, { method: 'POST', headers: MCP_HEADERS, body: initializeBody(PROBED_VERSIONS[0]) });
    if (typeof other !== 'string' && other.status >= 300 && other.status < 400)
      add(warn('redirect', `${url.pathname} answers directly, but ${twin.pathname} redirects (${other.status} to ${other.headers.get('location') ?? '?'})`, `tell users the exact URL ${url.href}; a client given ${twin.pathname} gets a redirect`));
    else add(pass('redirect', `POST ${url.pathname} answered ${anonymous.status} without a redirect`));
  }

  // --- protocol versions, tools ----------------------------------------------------------------
  let negotiated: string | undefined;
  for (const version of PROBED_VERSIONS) {
    const id = `init-${version}` as CheckId;
    if (!canAuthenticate) {
      add(warn(id, notChecked, credentialFix));
      continue;
    }
    const probe = await post(initializeBody(version));
    const answer = rpcMessage(probe);
    const result = answer?.result as { protocolVersion?: unknown } | undefined;
    if (probe.status !== 200 || !result) {
      add(fail(id, `initialize got HTTP ${probe.status}${answer?.error ? ` ${JSON.stringify(answer.error)}` : ''}`, probe.status === 401 ? 'the credential was refused: check --token-env or the env file' : 'answer initialize with a JSON-RPC result (MCP lifecycle)'));
      continue;
    }
    negotiated ??= String(result.protocolVersion);
    if (result.protocolVersion === version) add(pass(id, `answered ${version}`));
    else if (version === PROBED_VERSIONS[0] && (PROBED_VERSIONS as readonly unknown[]).includes(result.protocolVersion))
      // Current clients also speak the older versions, so they go on; the spec still says to echo.
      add(warn(id, `asked ${version}, answered ${String(result.protocolVersion)}: current clients go on with it`, 'answer initialize with the version the client asked for when the server supports it (MCP lifecycle, version negotiation)'));
    else
      add(fail(id, `asked ${version}, answered ${String(result.protocolVersion)}: a client that only speaks ${version} disconnects`, `answer initialize with the version the client asked for when the server supports it (MCP lifecycle, version negotiation); servers generated by create-mcify do (src/http/protocol-version.ts)`));
  }

  let tools: { name?: unknown; inputSchema?: unknown }[] | undefined;
  if (!canAuthenticate) add(warn('tools-list', notChecked, credentialFix));
  else {
    const probe = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }), { 'mcp-protocol-version': negotiated ?? PROBED_VERSIONS[0] });
    const answer = rpcMessage(probe);
    tools = (answer?.result as { tools?: typeof tools } | undefined)?.tools;
    if (probe.status === 200 && Array.isArray(tools)) add(pass('tools-list', `${tools.length} tool${tools.length === 1 ? '' : 's'}: ${tools.map((t) => String(t.name)).slice(0, 8).join(', ')}`));
    else add(fail('tools-list', `tools/list got HTTP ${probe.status}${answer?.error ? ` ${JSON.stringify(answer.error)}` : ''}`, 'answer tools/list after initialize without a session (stateless Streamable HTTP) or check the server log'));
  }

  if (!setup.call) add(skip('tool-call', 'not asked: pass --call NAME to call one read-only tool'));
  else if (!tools) add(warn('tool-call', `not checked: tools/list did not answer`, 'fix tools-list first'));
  else {
    const tool = tools.find((t) => t.name === setup.call);
    if (!tool) add(fail('tool-call', `no tool named ${setup.call} (tools: ${tools.map((t) => String(t.name)).join(', ')})`, 'pass the name of a tool the server lists'));
    else {
      const args = sampleArguments(tool.inputSchema);
      const probe = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: setup.call, arguments: args } }), { 'mcp-protocol-version': negotiated ?? PROBED_VERSIONS[0] });
      const answer = rpcMessage(probe);
      const result = answer?.result as { isError?: boolean; content?: unknown[] } | undefined;
      if (probe.status === 200 && result && !result.isError) add(pass('tool-call', `${setup.call}(${JSON.stringify(args)}) returned ${result.content?.length ?? 0} content item(s)`));
      else if (result?.isError) add(warn('tool-call', `${setup.call}(${JSON.stringify(args)}) returned a tool error`, 'the tool ran and reported an error: read its message in the server log'));
      else add(fail('tool-call', `tools/call got HTTP ${probe.status}${answer?.error ? ` ${JSON.stringify(answer.error)}` : ''}`, 'check the server log for this call'));
    }
  }

  // --- Origin and CORS -------------------------------------------------------------------------
  {
    const probe = await post(initializeBody(PROBED_VERSIONS[0]), { origin: FOREIGN_ORIGIN });
    const acao = probe.headers.get('access-control-allow-origin');
    if (probe.status === 403 && !acao) add(pass('origin-foreign', `Origin ${FOREIGN_ORIGIN} got 403`));
    else if (probe.status === 403) add(fail('origin-foreign', `403, but with Access-Control-Allow-Origin: ${acao}`, 'send no CORS headers to origins you refuse'));
    else
      add(fail('origin-foreign', `a request from the web page ${FOREIGN_ORIGIN} got HTTP ${probe.status}${acao ? ` and Access-Control-Allow-Origin: ${acao}` : ''}: a page that rebinds its DNS to your server could call its tools`, 'validate the Origin header and answer 403 to origins you do not trust (MCP Streamable HTTP, security warning); create-mcify servers do it (src/http/origin.ts)'));
  }
  // The header a wrong credential goes in: ours, else the one an ApiKey challenge names.
  const credentialHeader =
    http.credentialHeader ?? (mode === 'api-key' ? (anonChallenge?.params.header ?? 'x-api-key').toLowerCase() : staticSecret || isOAuth ? 'authorization' : undefined);
  {
    const requested = ['content-type', 'mcp-protocol-version', ...(credentialHeader ? [credentialHeader] : [])];
    const probe = await http.request(url, {
      method: 'OPTIONS',
      headers: { origin: setup.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requested.join(',') },
    });
    const acao = probe.headers.get('access-control-allow-origin');
    const methods = headerList(probe, 'access-control-allow-methods');
    const allowed = headerList(probe, 'access-control-allow-headers');
    const missing = requested.filter((h) => !allowed.includes(h) && !(allowed.includes('*') && h !== 'authorization'));
    const problems = [
      ...(probe.status < 200 || probe.status >= 300 ? [`HTTP ${probe.status}`] : []),
      ...(acao !== setup.origin && acao !== '*' ? [acao ? `Access-Control-Allow-Origin: ${acao}` : 'no Access-Control-Allow-Origin'] : []),
      ...(!methods.includes('post') && !methods.includes('*') ? ['POST not in Access-Control-Allow-Methods'] : []),
      ...(missing.length > 0 ? [`not allowed: ${missing.join(', ')}${missing.includes('authorization') && allowed.includes('*') ? ' (the * wildcard does not cover Authorization)' : ''}`] : []),
    ];
    if (problems.length === 0) add(pass('cors-preflight', `OPTIONS from ${setup.origin}: ${probe.status}, allows ${requested.join(', ')}`));
    else
      add(fail('cors-preflight', `OPTIONS from ${setup.origin}: ${problems.join('; ')}`, `answer CORS preflights for the web origins you allow (add ${setup.origin} to MCIFY_ALLOWED_ORIGINS on create-mcify servers), allowing POST and the headers ${requested.join(', ')}`));
  }
  {
    const authed = canAuthenticate ? await post(initializeBody(PROBED_VERSIONS[0]), { origin: setup.origin }) : undefined;
    const unauth = needsCredential ? await post(initializeBody(PROBED_VERSIONS[0]), { origin: setup.origin }, false) : undefined;
    const problems: string[] = [];
    const fixes: string[] = [];
    for (const [what, probe] of [['the answer', authed], ['the 401', unauth]] as const) {
      if (!probe) continue;
      const acao = probe.headers.get('access-control-allow-origin');
      if (acao !== setup.origin && acao !== '*') problems.push(`${what} (HTTP ${probe.status}) has ${acao ? `Access-Control-Allow-Origin: ${acao}` : 'no Access-Control-Allow-Origin'}`);
      const exposed = headerList(probe, 'access-control-expose-headers');
      if (probe.headers.has('mcp-session-id') && !exposed.includes('mcp-session-id')) problems.push(`${what} sets Mcp-Session-Id without exposing it`);
      if (probe === unauth && !exposed.includes('www-authenticate') && probe.headers.has('www-authenticate'))
        problems.push('the 401 does not expose WWW-Authenticate');
    }
    if (problems.some((p) => p.includes('Access-Control-Allow-Origin'))) fixes.push(`send Access-Control-Allow-Origin: ${setup.origin} on every answer to that origin, 401s included, or the page never sees the status`);
    if (problems.some((p) => p.includes('expos'))) fixes.push('list Mcp-Session-Id, MCP-Protocol-Version and WWW-Authenticate in Access-Control-Expose-Headers');
    if (!authed && !unauth) add(warn('cors-headers', notChecked, credentialFix));
    else if (problems.length === 0) add(pass('cors-headers', `Access-Control-Allow-Origin: ${setup.origin} on ${[authed && 'the answer', unauth && 'the 401'].filter(Boolean).join(' and ')}`));
    else add(fail('cors-headers', problems.join('; '), fixes.join('; ')));
  }

  // --- credentials ------------------------------------------------------------------------------
  if (mode === 'none') {
    for (const id of ['auth-required', 'auth-wrong', 'bearer-case'] as const) add(skip(id, 'the server takes no credential (auth none)'));
  } else {
    if (!needsCredential)
      add(fail('auth-required', `without a credential, initialize got HTTP ${anonymous.status}: anyone can call this server`, 'turn authentication on where the server runs (its auth mode\'s secret or settings), or run doctor with --auth none if it is meant to be open'));
    else if (!anonChallenge)
      add(fail('auth-required', `401 without a WWW-Authenticate header`, 'send a challenge on every 401 (RFC 9110 section 11.6.1); for OAuth, `Bearer resource_metadata="<metadata URL>"` (MCP authorization, RFC 9728 section 5.1)'));
    else if (anonChallenge.params.error)
      add(warn('auth-required', `401 with ${anonChallenge.scheme} error="${anonChallenge.params.error}" although no credential was sent`, 'leave out the error code when the request carried no credential (RFC 6750 section 3.1)'));
    else add(pass('auth-required', `401, WWW-Authenticate: ${anonymous.headers.get('www-authenticate')}`));

    if (!credentialHeader) add(skip('auth-wrong', 'the credential header is unknown: pass --auth'));
    else {
      const wrong = { name: credentialHeader, value: credentialHeader === 'authorization' ? 'Bearer mcify-doctor-wrong-credential' : 'mcify-doctor-wrong-credential' };
      const probe = await post(initializeBody(PROBED_VERSIONS[0]), {}, false, wrong);
      const challenge = parseChallenge(probe.headers.get('www-authenticate'));
      if (probe.status < 300) add(fail('auth-wrong', `a made-up ${credentialHeader} got HTTP ${probe.status}`, 'check credentials before answering; a wrong one must get 401'));
      else if (probe.status !== 401) add(fail('auth-wrong', `a wrong credential got HTTP ${probe.status}, not 401`, 'answer 401 to a wrong or expired credential, so clients know to ask again'));
      else if (!challenge) add(fail('auth-wrong', '401 without a WWW-Authenticate header', 'send a challenge on every 401 (RFC 9110 section 11.6.1)'));
      else if (challenge.scheme.toLowerCase() === 'bearer' && challenge.params.error !== 'invalid_token')
        add(warn('auth-wrong', `401 with ${probe.headers.get('www-authenticate')}, without error="invalid_token"`, 'add error="invalid_token" to the challenge when a token was sent (RFC 6750 section 3.1): OAuth clients refresh or sign in again on it'));
      else add(pass('auth-wrong', `401, WWW-Authenticate: ${probe.headers.get('www-authenticate')}`));
    }

    const lowered = http.lowerCaseScheme();
    if (!lowered && http.hasCredential) add(skip('bearer-case', 'the credential is not a Bearer token'));
    else if (!lowered) add(mode === 'api-key' ? skip('bearer-case', 'an API key, not a Bearer token') : warn('bearer-case', notChecked, credentialFix));
    else {
      const probe = await post(initializeBody(PROBED_VERSIONS[0]), {}, false, lowered);
      if (probe.status === 200) add(pass('bearer-case', '"bearer <token>" accepted'));
      else add(fail('bearer-case', `"Authorization: bearer <token>" got HTTP ${probe.status}; "Bearer" gets through`, 'match the auth scheme case-insensitively (RFC 9110 section 11.1); create-mcify servers do (src/http/mcp-endpoint.ts)'));
    }
  }

  if (mode === 'none' || isOAuth) add(pass('auth-discoverable', mode === 'none' ? 'no credential needed' : 'OAuth, found from the 401 and the metadata'));
  else if (staticSecret)
    add(fail('auth-discoverable', `the server wants a shared ${mode === 'bearer' ? 'bearer token' : 'API key'} in a header, which a user cannot paste into this client`, 'move to OAuth (create-mcify add auth oauth-provider, or oauth with your identity provider), or auth none behind your own gateway'));
  else add(warn('auth-discoverable', `401 without an OAuth challenge (${anonymous.headers.get('www-authenticate') ?? 'no WWW-Authenticate'})`, 'pass --auth to say which mode the server uses'));

  // --- OAuth discovery ------------------------------------------------------------------------
  const oauthIds = ['prm', 'prm-resource', 'as-metadata', 'pkce-s256', 'client-registration', 'dcr-endpoint', 'cimd', 'iss-parameter', 'token-auth-none', 'cors-oauth', 'dcr-register', 'jwks', 'audience'] as const;
  if (!isOAuth) {
    for (const id of oauthIds) add(skip(id, mode === 'unknown' ? 'no OAuth challenge seen' : `not an OAuth mode (${mode})`));
  } else {
    await oauthChecks();
  }

  // --- hardening ------------------------------------------------------------------------------
  {
    const body = `{"jsonrpc":"2.0","id":"doctor-body-limit","method":"ping","params":{"_meta":{"padding":"${'x'.repeat(BODY_PROBE_BYTES)}"}}}`;
    const probe = await tryRequest(url, { method: 'POST', headers: MCP_HEADERS, body, credential: true });
    if (typeof probe === 'string') {
      // A server that stops reading at its limit may close the connection while the body is on its way.
      add(pass('body-limit', `the server stopped reading a 4 MiB body and closed the connection (${probe.replace(/^.*?: /, '')})`));
    } else if (probe.status === 413) add(pass('body-limit', `4 MiB body: 413`));
    else if (probe.status < 300 || probe.status >= 500)
      add(fail('body-limit', `a 4 MiB body got HTTP ${probe.status}: the server read and parsed all of it`, 'limit request bodies before parsing or authenticating (1 MiB is plenty for MCP; create-mcify servers: MCIFY_MAX_BODY_BYTES) and answer 413'));
    else if (probe.status === 401 && !http.hasCredential && mode !== 'none')
      add(warn('body-limit', 'a 4 MiB body got 401: without the credential it cannot tell whether the server would have read it', credentialFix));
    else add(warn('body-limit', `a 4 MiB body got HTTP ${probe.status}, not 413`, 'answer 413 to bodies over the limit, before authenticating'));
  }
  {
    const probe = await http.request(url, { method: 'GET', headers: { accept: 'text/event-stream', ...(negotiated ? { 'mcp-protocol-version': negotiated } : {}) }, credential: true, skipBody: true });
    const allow = headerList(probe, 'allow');
    if (probe.status === 405 && allow.includes('post')) add(pass('get-405', `405, Allow: ${probe.headers.get('allow')}`));
    else if (probe.status === 405) add(fail('get-405', `405 without an Allow header naming POST${allow.length ? ` (Allow: ${probe.headers.get('allow')})` : ''}`, 'send Allow: POST, OPTIONS with the 405 (RFC 9110 section 15.5.6 requires it)'));
    else if (probe.status === 200 && /event-stream/.test(probe.headers.get('content-type') ?? '')) add(pass('get-405', 'GET opens an event stream'));
    else if (probe.status === 401 && !http.hasCredential) add(warn('get-405', 'GET got 401: not checked without the credential', credentialFix));
    else add(fail('get-405', `GET got HTTP ${probe.status}`, 'answer GET on the MCP endpoint with an event stream or with 405 and Allow: POST (MCP Streamable HTTP)'));
  }

  const order = Object.keys(CHECKS);
  results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { mode, results };

  async function oauthChecks(): Promise<void> {
    const found: { url: string; doc: Json }[] = [];
    const failures: string[] = [];
    for (const metadataUrl of prmUrls(url)) {
      const probe = await tryRequest(metadataUrl);
      if (typeof probe === 'string') failures.push(probe);
      else {
        const doc = probe.status === 200 ? jsonOf(probe) : undefined;
        if (doc) found.push({ url: metadataUrl, doc });
        else failures.push(`${metadataUrl}: HTTP ${probe.status}${probe.status === 200 ? ' (not JSON)' : ''}`);
      }
    }
    const challengeUrl = anonChallenge?.params.resource_metadata;
    if (found.length === 0 && !challengeUrl) {
      add(fail('prm', `no protected-resource metadata: ${failures.join('; ')}`, 'serve RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp and name it in the 401\'s resource_metadata'));
    } else if (failures.length > 0) {
      add(warn('prm', `${found.map((f) => f.url).join(', ') || 'only the challenge\'s URL'} served; missing: ${failures.join('; ')}`, 'serve the metadata at both the path-suffixed URL (tried first, RFC 9728 section 3.1) and the root one (older clients)'));
    } else add(pass('prm', `both served: ${found.map((f) => f.url).join(', ')}`));

    if (challengeUrl && !found.some((f) => f.url === challengeUrl)) {
      const probe = await tryRequest(challengeUrl);
      const doc = typeof probe !== 'string' && probe.status === 200 ? jsonOf(probe) : undefined;
      if (doc) found.unshift({ url: challengeUrl, doc });
    }
    const prm = found[0]?.doc;
    if (!prm) {
      for (const id of oauthIds.slice(1)) add(skip(id, 'no protected-resource metadata to start from'));
      return;
    }
    const resources = [...new Set(found.map((f) => String(f.doc.resource)))];
    const wrong = resources.filter((r) => !sameResource(r, url));
    if (wrong.length === 0) add(pass('prm-resource', `resource ${resources[0]}`));
    else
      add(fail('prm-resource', `the metadata says resource ${wrong.join(', ')}, not ${url.href}: clients refuse metadata for another resource (RFC 9728 section 3.3) and send it as the token's audience`, `make resource exactly ${url.href} (behind a proxy, set MCIFY_PUBLIC_URL to ${url.origin})`));

    const issuer = list(prm.authorization_servers)[0];
    // Inferred from a 401 alone, "oauth" may be a server that is its own authorization server.
    if (!setup.mode && issuer && sameOrigin(issuer, url)) mode = 'oauth-provider';
    if (!issuer) {
      add(fail('as-metadata', 'the metadata names no authorization_servers', 'list the issuer URL in authorization_servers'));
      for (const id of oauthIds.slice(3)) add(skip(id, 'no authorization server named'));
      return;
    }
    let as: Json | undefined;
    const tried: string[] = [];
    for (const metadataUrl of asMetadataUrls(issuer)) {
      const probe = await tryRequest(metadataUrl);
      if (typeof probe === 'string') tried.push(probe);
      else if (probe.status === 200 && jsonOf(probe)) {
        as = jsonOf(probe);
        tried.push(metadataUrl);
        break;
      } else tried.push(`${metadataUrl}: HTTP ${probe.status}`);
    }
    if (!as) {
      add(fail('as-metadata', `no metadata for issuer ${issuer}: ${tried.join('; ')}`, 'publish RFC 8414 metadata (or OpenID Connect discovery) at the issuer'));
      for (const id of oauthIds.slice(3)) add(skip(id, 'no authorization server metadata'));
      return;
    }
    if (as.issuer !== issuer)
      add(fail('as-metadata', `${tried.at(-1)} says issuer ${String(as.issuer)}, not ${issuer}`, 'the issuer in the metadata must be the URL the protected-resource metadata names (RFC 8414 section 3.3)'));
    else add(pass('as-metadata', `${tried.at(-1)}`));

    const methods = list(as.code_challenge_methods_supported);
    if (methods.includes('S256')) add(pass('pkce-s256', `code_challenge_methods_supported: ${methods.join(', ')}`));
    else
      add(fail('pkce-s256', methods.length ? `code_challenge_methods_supported: ${methods.join(', ')}, no S256` : 'no code_challenge_methods_supported: MCP clients must refuse to proceed', 'support PKCE with S256 and list it in code_challenge_methods_supported (MCP authorization 2025-11-25, OAuth 2.1)'));

    const registration = typeof as.registration_endpoint === 'string' ? as.registration_endpoint : undefined;
    const cimd = as.client_id_metadata_document_supported === true;
    if (registration || cimd) add(pass('client-registration', [registration && `DCR at ${registration}`, cimd && 'Client ID Metadata Documents'].filter(Boolean).join(' and ')));
    else add(fail('client-registration', 'no registration_endpoint and no client_id_metadata_document_supported: a client has no way to get a client_id by itself', 'support Dynamic Client Registration (RFC 7591) or Client ID Metadata Documents, or give users a client id to enter'));
    if (registration) add(pass('dcr-endpoint', `registration_endpoint ${registration}`));
    else
      add(fail('dcr-endpoint', `no registration_endpoint${cimd ? ' (Client ID Metadata Documents only)' : ''}: a client that knows only Dynamic Client Registration gets no client_id`, 'also offer Dynamic Client Registration (RFC 7591) at a registration_endpoint: SDK clients from before CIMD register only that way'));
    if (cimd) add(pass('cimd', 'client_id_metadata_document_supported: true'));
    else add(warn('cimd', 'not advertised (client_id_metadata_document_supported)', registration ? 'clients fall back to DCR; support CIMD to stop piling up one registration per connection (MCP authorization 2025-11-25)' : 'support CIMD or DCR'));
    if (as.authorization_response_iss_parameter_supported === true) add(pass('iss-parameter', 'authorization_response_iss_parameter_supported: true'));
    else add(warn('iss-parameter', 'not advertised: authorization responses carry no iss, so a client talking to several servers cannot detect a mix-up attack', 'add iss to authorization responses and advertise authorization_response_iss_parameter_supported (RFC 9207)'));

    const authMethods = list(as.token_endpoint_auth_methods_supported);
    if (authMethods.includes('none')) add(pass('token-auth-none', `token_endpoint_auth_methods_supported: ${authMethods.join(', ')}`));
    else
      add(warn('token-auth-none', `token_endpoint_auth_methods_supported: ${authMethods.join(', ') || '(absent: client_secret_basic only, RFC 8414)'}, no "none"`, 'accept public clients ("none" with PKCE): desktop and CLI clients cannot keep a secret, and a CIMD client is public by definition'));

    {
      const targets = [found[0]!.url, tried.at(-1)!];
      const problems: string[] = [];
      for (const target of targets) {
        const probe = await tryRequest(target, { headers: { origin: setup.origin } });
        if (typeof probe === 'string') problems.push(probe);
        else if (probe.headers.get('access-control-allow-origin') !== setup.origin && probe.headers.get('access-control-allow-origin') !== '*')
          problems.push(`${target}: no Access-Control-Allow-Origin for ${setup.origin}`);
      }
      if (problems.length === 0) add(pass('cors-oauth', `both metadata documents readable from ${setup.origin}`));
      else add(fail('cors-oauth', problems.join('; '), `send CORS headers for ${setup.origin} on the metadata, registration and token endpoints: a sign-in that runs in a web page fetches them`));
    }

    if (!setup.register) add(skip('dcr-register', 'not asked: it writes a client to the server\'s store; pass --register'));
    else if (!registration) add(skip('dcr-register', 'no registration_endpoint'));
    else {
      const client = {
        client_name: 'mcify doctor (throwaway, safe to delete)',
        redirect_uris: ['http://127.0.0.1:33418/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      };
      const probe = await tryRequest(registration, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(client) });
      const doc = typeof probe === 'string' ? undefined : jsonOf(probe);
      if (typeof probe !== 'string' && probe.status >= 200 && probe.status < 300 && typeof doc?.client_id === 'string')
        add(pass('dcr-register', `HTTP ${probe.status}, a client_id issued${doc.token_endpoint_auth_method ? ` (token_endpoint_auth_method ${String(doc.token_endpoint_auth_method)})` : ''}`));
      else
        add(fail('dcr-register', typeof probe === 'string' ? probe : `HTTP ${probe.status}: ${probe.text.slice(0, 200)}`, 'accept RFC 7591 registrations of public clients with loopback and https redirect URIs, as MCP clients send them'));
    }

    if (mode !== 'oauth') {
      add(skip('jwks', 'the server issues its own tokens (oauth-provider)'));
      add(skip('audience', 'the server issues its own tokens (oauth-provider)'));
      return;
    }
    const jwksUri = typeof as.jwks_uri === 'string' ? as.jwks_uri : undefined;
    if (!jwksUri) add(fail('jwks', 'the issuer metadata has no jwks_uri', 'set MCIFY_OAUTH_JWKS_URL, or use an issuer that publishes its keys'));
    else {
      const probe = await tryRequest(jwksUri);
      const keys = typeof probe === 'string' ? undefined : jsonOf(probe)?.keys;
      if (Array.isArray(keys) && keys.length > 0) add(pass('jwks', `${keys.length} key${keys.length === 1 ? '' : 's'} at ${jwksUri}`));
      else add(fail('jwks', typeof probe === 'string' ? probe : `${jwksUri}: HTTP ${probe.status}, no keys`, 'the server verifies tokens with these keys: check the issuer URL'));
    }
    // What the server accepts is the evidence: a token it took whose aud names the URL proves the
    // setting; the env file is the project's own setting (maybe only its local one); a token for
    // another audience shows only that this one is accepted too.
    const accepted = negotiated !== undefined ? http.tokenAudiences() : undefined;
    const configured = setup.audience?.includes('<') ? undefined : setup.audience?.split(',').map((a) => a.trim()).filter(Boolean);
    const setAudience = `set MCIFY_OAUTH_AUDIENCE to ${url.href} where the server runs, and the API's identifier (audience) at your provider to the same`;
    if (accepted?.some((a) => sameResource(a, url))) add(pass('audience', `the server accepted a token whose aud is ${accepted.join(', ')}`));
    else if (configured?.length) {
      if (configured.some((a) => sameResource(a, url))) add(pass('audience', `MCIFY_OAUTH_AUDIENCE in the env file includes ${url.href}`));
      else
        add(fail('audience', `MCIFY_OAUTH_AUDIENCE in the env file is ${configured.join(', ')}, not ${url.href}: clients ask for tokens for the resource (RFC 8707), so their audience is the URL, and the server refuses them`, setAudience));
    } else if (accepted)
      add(warn('audience', `the server accepted a token whose aud is ${accepted.join(', ')}, not ${url.href}: a client that asks for a token for the URL (RFC 8707 resource) gets aud ${url.href}, refused unless the server's audience setting lists it too`, setAudience));
    else add(skip('audience', http.hasCredential ? 'the access token is no JWT with an aud claim, and the audience setting is not known here' : 'not known here: run doctor in the project, or pass --token-env with an access token (a JWT)'));
  }
}

/** Whether a metadata `resource` names the URL checked (a trailing slash aside). */
export function sameResource(resource: string, url: URL): boolean {
  try {
    const r = new URL(resource);
    const strip = (u: URL) => `${u.origin}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    return strip(r) === strip(url);
  } catch {
    return false;
  }
}

function sameOrigin(a: string, url: URL): boolean {
  try {
    return new URL(a).origin === url.origin;
  } catch {
    return false;
  }
}

/** RFC 1918, link-local and unique-local addresses, and names no public DNS serves. */
function isPrivateHost(host: string): boolean {
  return (
    /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|127\.)/.test(host) ||
    /^\[(f[cd]|fe80)/i.test(host) ||
    /\.(local|internal|localhost|lan|home\.arpa)$/i.test(host) ||
    host === 'localhost'
  );
}
