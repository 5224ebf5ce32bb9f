// `mcify doctor --remote <url>`: which MCP clients will connect to a deployed server, and why not.
// Loaded only when --remote is given (dist/remote.cjs in the published build, see scripts/build.mjs).
import { UserError } from '../lib/errors.js';
import { out, setMachineOutput } from '../lib/output.js';
import { AUTH_MODES, type AuthMode } from '../modules/types.js';
import { loadProjectEnv, type ProjectEnv } from '../secrets/project.js';
import { runChecks } from './checks.js';
import { RemoteHttp, type CredentialHeader } from './http.js';
import { selectProfiles, verdictOf } from './profiles.js';
import { formatReport, titled, type RemoteReport } from './report.js';

/** The MCP Inspector's web page, the default allowed origin of the CORS checks. */
export const INSPECTOR_ORIGIN = 'http://localhost:6274';
const DEFAULT_TIMEOUT_MS = 10_000;
/** The whole run may take this many per-request timeouts (some 30 requests, most quick). */
const TOTAL_TIMEOUTS = 8;

function parseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`--remote "${value}" is not a URL; pass the MCP endpoint, e.g. https://my-server.fly.dev/mcp.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`--remote needs an http(s) URL, got ${url.protocol}; pass the MCP endpoint, e.g. https://my-server.fly.dev/mcp.`);
  }
  if (url.username || url.password) throw new UserError('--remote must not carry a user name or password; pass the credential with --token-env NAME.');
  return url;
}

function parseOrigin(value: string): string {
  try {
    const url = new URL(value);
    if (url.origin !== 'null' && url.origin === value.replace(/\/+$/, '')) return url.origin;
  } catch {
    // reported below
  }
  throw new UserError(`--origin "${value}" is not a web origin; pass scheme, host and port only, e.g. https://app.example.com.`);
}

/** The project in --cwd when there is one; doctor --remote also runs anywhere else. */
function projectIn(cwd: string): ProjectEnv | undefined {
  try {
    return loadProjectEnv(cwd);
  } catch (error) {
    if (error instanceof UserError || (error as Error).name === 'UserError') return undefined;
    throw error;
  }
}

/** The credential to send and where it came from (a variable name and file, never the value). */
function credentialFor(mode: AuthMode | undefined, env: ProjectEnv | undefined, tokenEnv: string | undefined): { header?: CredentialHeader; from?: string } {
  const template = env?.auth?.id === mode ? env?.auth?.credential : undefined;
  const name = tokenEnv ?? template?.env;
  if (!name) return {};
  const fromProcess = process.env[name];
  const value = fromProcess || env?.values.get(name);
  if (!value) {
    if (tokenEnv) throw new UserError(`${tokenEnv} is not set in the environment${env ? ` nor in ${env.envFile}` : ''}; set it to the credential to send, or leave out --token-env.`);
    return {};
  }
  const from = `${name} from ${fromProcess ? 'the environment' : env!.envFile}`;
  if (mode === 'api-key') return { header: { name: template?.header ?? 'x-api-key', value }, from };
  const bearer = /^bearer\s/i.test(value) ? value : `Bearer ${value}`;
  return { header: { name: 'Authorization', value: bearer }, from };
}

/** Runs the checks, prints the table (or JSON) and sets a non-zero exit when a counted profile fails. */
export async function runDoctorRemote(flags: Record<string, unknown>): Promise<void> {
  setMachineOutput(Boolean(flags.json));
  const url = parseUrl(String(flags.remote));
  const origin = parseOrigin(typeof flags.origin === 'string' ? flags.origin : INSPECTOR_ORIGIN);
  const timeout = flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(flags.timeout);
  if (!Number.isInteger(timeout) || timeout < 100) throw new UserError(`--timeout "${String(flags.timeout)}" is not a whole number of milliseconds (100 or more).`);
  const asked = Array.isArray(flags.client) ? (flags.client as string[]) : [];
  const profiles = selectProfiles(asked);
  const env = projectIn(String(flags.cwd ?? '.'));

  let mode: AuthMode | undefined;
  let authFrom: RemoteReport['authFrom'] = 'detected';
  if (flags.auth !== undefined) {
    if (!AUTH_MODES.includes(flags.auth as AuthMode)) throw new UserError(`Unknown --auth "${String(flags.auth)}". Valid values: ${AUTH_MODES.join(', ')}.`);
    mode = flags.auth as AuthMode;
    authFrom = 'flag';
  } else if (env?.auth) {
    mode = env.auth.id;
    authFrom = 'project';
  }
  const tokenEnv = typeof flags.tokenEnv === 'string' ? flags.tokenEnv : undefined;
  const credential = credentialFor(mode, env, tokenEnv);
  const http = new RemoteHttp(url, credential.header, timeout, timeout * TOTAL_TIMEOUTS);
  const audience = mode === 'oauth' && env?.auth?.id === 'oauth' ? env.values.get('MCIFY_OAUTH_AUDIENCE') : undefined;

  const run = await runChecks({
    url,
    http,
    mode,
    origin,
    register: Boolean(flags.register),
    ...(typeof flags.call === 'string' ? { call: flags.call } : {}),
    ...(audience !== undefined ? { audience } : {}),
  });
  const verdicts = profiles.map((p) => verdictOf(p, run.results));
  const report: RemoteReport = {
    url: url.href,
    auth: run.mode,
    authFrom,
    credential: credential.from ?? null,
    origin,
    ok: !verdicts.some((v) => v.verdict === 'fail'),
    asked: asked.length > 0 ? profiles.map((p) => p.id) : null,
    checks: titled(run.results),
    profiles: verdicts,
  };
  if (!report.ok) process.exitCode = 1;
  if (flags.json) out.json(report);
  else out.raw(formatReport(report));
}
