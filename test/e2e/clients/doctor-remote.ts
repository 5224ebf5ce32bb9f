// `mcify doctor --remote` as a client profile of the e2e matrix: run against every served
// combination, every client profile must pass, except what a server on 127.0.0.1 cannot show and
// what a mode does not offer on purpose, listed in EXPECTED with the reason.
import { expect } from 'vitest';
import { runAsync } from '../../helpers/cli.js';
import type { AuthMode } from '../../../src/modules/types.js';
import type { Generated } from '../harness.js';
import { credentialHeaders } from '../harness.js';

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
const EXPECTED: Readonly<Record<AuthMode, Readonly<Record<string, string>>>> = {
  // The e2e's identity provider (clients/oauth.ts), like most today, advertises no Client ID
  // Metadata Documents: clients fall back to DCR. What the provider offers is the provider's.
  oauth: { ...LOOPBACK, cimd: 'warn' },
  none: LOOPBACK,
  // Claude and ChatGPT connectors take no shared secret (static_bearer is not supported).
  bearer: { ...LOOPBACK, 'auth-discoverable': 'fail' },
  'api-key': { ...LOOPBACK, 'auth-discoverable': 'fail' },
  // DCR and Client ID Metadata Documents (src/auth/client-metadata.ts) are both advertised.
  'oauth-provider': LOOPBACK,
};

/**
 * Runs the built `mcify doctor --remote <url> --json --call greet` inside the served project (it
 * reads the mode, and for bearer and api-key the credential, from there; the OAuth modes get the
 * access token an authorised client of the matrix holds, in `headers`) and checks every result
 * against EXPECTED: the checks, the verdicts, the exit code, and that no secret reached the output.
 * oauth-provider also gets --register (a throwaway client in the server's store); oauth does not,
 * since the registration endpoint is the identity provider's, and the e2e's serves none.
 */
export async function expectDoctorRemotePasses(project: Generated, url: URL, headers: Record<string, string>): Promise<void> {
  const expected = EXPECTED[project.auth];
  const env: Record<string, string> = {};
  const args = ['doctor', '--remote', url.href, '--json', '--call', 'greet'];
  if (project.auth === 'oauth' || project.auth === 'oauth-provider') {
    const token = headers.Authorization?.replace(/^Bearer /, '');
    if (!token) throw new Error(`expectDoctorRemotePasses: no access token for ${project.auth}`);
    env.DOCTOR_ACCESS_TOKEN = token;
    args.push('--token-env', 'DOCTOR_ACCESS_TOKEN', ...(project.auth === 'oauth-provider' ? ['--register'] : []));
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
  for (const local of ['claude-code', 'cursor', 'vscode', 'inspector', 'browser', 'sdk-2025', 'spec']) {
    expect(report.profiles.find((p) => p.id === local)!.verdict, local).toBe('pass');
  }

  // Asked only about the clients that run on this machine, doctor exits 0.
  const local = await runAsync(['doctor', '--remote', url.href, '--client', 'claude-code,cursor,vscode,inspector,browser,sdk-2025,spec', ...args.slice(3).filter((a) => a !== '--json' && a !== '--register')], project.dir, 'mcify', env, 120_000);
  expect(local.status, local.stdout + local.stderr).toBe(0);

  const secrets = [...Object.values(credentialHeaders(project)).map((v) => v.replace(/^Bearer /, '')), ...Object.values(env)];
  for (const secret of secrets) expect(result.stdout + result.stderr + local.stdout + local.stderr).not.toContain(secret);
}
