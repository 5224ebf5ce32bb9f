// One generated, installed bearer project on node: rotation against the real server and the
// official MCP client, then doctor on each broken state it claims to catch.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envValues, parseEnv } from '../../src/lib/env-file.js';
import { bins } from '../helpers/cli.js';
import { connect, generate, pathFor, rawInitialize, sh, startScript, type Running } from './harness.js';

const project = generate('bearer', 'node');
const envPath = join(project.dir, '.env');
const values = () => envValues(parseEnv(readFileSync(envPath, 'utf8')));
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
// The variables come from the files only, never from the test's own environment.
const clean = { MCIFY_AUTH_TOKEN: '', MCIFY_AUTH_TOKEN_PREVIOUS: '', NO_COLOR: '1' };
// On the Node.js the project runs on (doctor compares it with engines), as a user in the project would.
const mcify = (...args: string[]) =>
  spawnSync('node', [bins.mcify, ...args], { cwd: project.dir, encoding: 'utf8', input: '', env: { ...process.env, PATH: pathFor(project.dir), ...clean } });

let server: Running | undefined;
afterAll(() => server?.stop());

async function accepted(token: string): Promise<boolean> {
  const status = (await rawInitialize(server!.url, bearer(token))).status;
  if (status === 200) {
    const client = await connect(server!.url, bearer(token)); // the official client agrees
    const result = await client.callTool({ name: 'greet', arguments: { name: 'rotation' } });
    expect(result.isError).toBeFalsy();
    await client.close();
    return true;
  }
  expect(status).toBe(401);
  return false;
}

describe('secret rotation on a running server', () => {
  it('accepts the old and the new token during the grace period, only the new one after', async () => {
    const old = values().get('MCIFY_AUTH_TOKEN')!;
    const rotate = mcify('secret', 'generate', '--rotate');
    expect(rotate.status, rotate.stderr).toBe(0);
    const fresh = values().get('MCIFY_AUTH_TOKEN')!;
    expect(values().get('MCIFY_AUTH_TOKEN_PREVIOUS')).toBe(old);
    expect(fresh).not.toBe(old);

    sh('npm', ['run', 'build'], project.dir);
    server = await startScript(project, ['start']);
    expect(await accepted(old)).toBe(true);
    expect(await accepted(fresh)).toBe(true);
    expect(await accepted(`${fresh}x`)).toBe(false);
    await server.stop();

    writeFileSync(envPath, readFileSync(envPath, 'utf8').replace(/^MCIFY_AUTH_TOKEN_PREVIOUS=.*$/m, ''));
    server = await startScript(project, ['start']);
    expect(await accepted(old)).toBe(false);
    expect(await accepted(fresh)).toBe(true);
    await server.stop();
    expect(server.output()).not.toContain(fresh);
  });
});

describe('doctor on the same project', () => {
  const doctor = () => mcify('doctor', '--json');
  const problems = () => {
    const result = doctor();
    const report = JSON.parse(result.stdout) as { findings: { check: string; status: string; message: string }[] };
    return { status: result.status, problems: report.findings.filter((f) => f.status === 'problem') };
  };
  /** Breaks the project, expects doctor to fail on `check`, then restores it. */
  function catches(check: string, message: RegExp, breakIt: () => () => void) {
    const restore = breakIt();
    try {
      const found = problems();
      expect(found.status).toBe(1);
      expect(found.problems.map((p) => p.check)).toContain(check);
      expect(found.problems.map((p) => p.message).join('\n')).toMatch(message);
    } finally {
      restore();
    }
  }
  const editing = (path: string, change: (text: string) => string) => () => {
    const before = readFileSync(path, 'utf8');
    writeFileSync(path, change(before));
    return () => writeFileSync(path, before);
  };

  it('passes on the generated project', () => {
    const result = mcify('doctor');
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain('@mcify/core is pinned to 1.0.0-alpha.3 and installed.');
  });

  it('catches a missing variable', () => {
    catches('env', /MCIFY_AUTH_TOKEN is not set in \.env or the environment/, editing(envPath, (t) => t.replace(/^MCIFY_AUTH_TOKEN=.*$/m, '')));
  });

  it('catches an env file readable by others', () => {
    catches('file-mode', /mode 0644/, () => {
      chmodSync(envPath, 0o644);
      return () => chmodSync(envPath, 0o600);
    });
  });

  it('catches a stale .env.example', () => {
    const example = join(project.dir, '.env.example');
    catches('example', /does not list MCIFY_AUTH_TOKEN/, editing(example, (t) => t.replace('MCIFY_AUTH_TOKEN=', 'MCIFY_API_KEY=')));
  });

  it('catches a tracked .env, and keeps failing once it is only in history', () => {
    const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    const git = (...args: string[]) => sh('git', args, project.dir, identity);
    git('init', '-q');
    git('add', '-f', '.env', 'package.json');
    git('commit', '-qm', 'oops');
    catches('git', /\.env is tracked by git/, () => () => {});
    git('rm', '-q', '--cached', '.env');
    git('commit', '-qm', 'untrack');
    catches('git', /\.env is in git history/, () => () => {});
  });
});
