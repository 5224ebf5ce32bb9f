// `mcify doctor --remote` against a generated project served for real: every client profile must
// pass, except what a server on 127.0.0.1 cannot show and what a mode does not offer on purpose,
// listed in EXPECTED with the reason. Exported for the e2e files that serve projects.
import { expect } from 'vitest';
import { runAsync } from '../../helpers/cli.js';
import type { AuthMode } from '../../../src/modules/types.js';
import type { Generated } from '../harness.js';
import { credentialHeaders } from '../harness.js';
import { ownerPassword } from './oauth-provider.js';
import { Browser, TestOAuthProvider, connectWithOAuth } from '../../../templates/auth/oauth-provider/test/support/oauth.js';

interface Report {
  ok: boolean;
  auth: string;
  checks: { id: string; status: string; detail: string }[];
  profiles: { id: string; verdict: string; because: { check: string; status: string }[] }[];
}

/** What may be other than PASS or SKIP, per mode: check id -> status, and why. */
const LOOPBACK = {
  // Claude's and ChatGPT's connectors call from their vendors' clouds: a 127.0.0.1 URL is out of reach.
  'public-url': 'fail',
} as const;
const EXPECTED: Partial<Record<AuthMode, Readonly<Record<string, string>>>> = {
  none: LOOPBACK,
  // Claude and ChatGPT connectors take no shared secret (static_bearer is not supported).
  bearer: { ...LOOPBACK, 'auth-discoverable': 'fail' },
  'api-key': { ...LOOPBACK, 'auth-discoverable': 'fail' },
  // DCR and Client ID Metadata Documents (src/auth/client-metadata.ts) are both advertised.
  'oauth-provider': LOOPBACK,
};

/** An access token for an oauth-provider server, the way Claude gets one (DCR, consent page, PKCE). */
async function oauthProviderToken(project: Generated, url: URL): Promise<string> {
  const provider = new TestOAuthProvider('doctor --remote e2e');
  const { client } = await connectWithOAuth(url, provider, new Browser(), ownerPassword(project));
  await client.close();
  const token = provider.saved?.access_token;
  if (!token) throw new Error('the OAuth flow gave no access token');
  return token;
}

/**
 * Runs the built `mcify doctor --remote <url> --json` inside the served project (it reads the
 * mode and credential from there; oauth-provider gets a token through the OAuth flow first) and
 * checks every result against EXPECTED: the checks, the verdicts, the exit code, and that no
 * secret reached the output.
 */
export async function expectDoctorRemotePasses(project: Generated, url: URL): Promise<void> {
  const expected = EXPECTED[project.auth];
  if (!expected) throw new Error(`expectDoctorRemotePasses: no expectations for ${project.auth} yet`);
  const env: Record<string, string> = {};
  const args = ['doctor', '--remote', url.href, '--json', '--call', 'greet'];
  if (project.auth === 'oauth-provider') {
    env.DOCTOR_ACCESS_TOKEN = await oauthProviderToken(project, url);
    args.push('--token-env', 'DOCTOR_ACCESS_TOKEN', '--register');
  }
  const result = await runAsync(args, project.dir, 'mcify', env, 120_000);
  const report = JSON.parse(result.stdout) as Report;
  expect(report.auth).toBe(project.auth);

  const unexpected = report.checks.filter((c) => (expected[c.id] ?? 'pass') !== c.status && !(c.status === 'skip' && !expected[c.id]));
  expect(unexpected, JSON.stringify(report.checks, null, 2)).toEqual([]);

  // A profile fails (or warns) only through the expected checks.
  for (const profile of report.profiles) {
    for (const b of profile.because) expect(expected[b.check], `${profile.id}: ${b.check}`).toBe(b.status);
  }
  const hostedFail = report.profiles.filter((p) => p.verdict === 'fail').map((p) => p.id);
  expect(hostedFail).toEqual(['claude', 'chatgpt']);
  expect(result.status).toBe(1); // the hosted profiles fail on a loopback URL
  for (const local of ['claude-code', 'cursor', 'vscode', 'inspector', 'browser', 'sdk-2025']) {
    expect(report.profiles.find((p) => p.id === local)!.verdict, local).toBe('pass');
  }

  // Asked only about the clients that run on this machine, doctor exits 0.
  const local = await runAsync(['doctor', '--remote', url.href, '--client', 'claude-code,cursor,vscode,inspector,browser,sdk-2025', ...args.slice(3).filter((a) => a !== '--json')], project.dir, 'mcify', env, 120_000);
  expect(local.status, local.stdout + local.stderr).toBe(0);

  const secrets = [...Object.values(credentialHeaders(project)).map((v) => v.replace(/^Bearer /, '')), ...Object.values(env)];
  for (const secret of secrets) expect(result.stdout + result.stderr + local.stdout + local.stderr).not.toContain(secret);
}
