import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { checkExample, checkFileMode, checkGit, checkRuntime, checkUrls, checkVariables, checkVersions, diagnose, type Finding } from '../../src/secrets/doctor.js';
import { loadProjectEnv } from '../../src/secrets/project.js';

// Projects live in the OS temp dir, outside this repository, so each can be its own git repository.
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project({ git = false } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'doctor-'));
  roots.push(root);
  const plan = buildCreatePlan({ directory: 'srv', name: 'srv', auth: 'bearer', target: 'node', pm: 'npm', install: false, git: false, settings: {} });
  for (const f of plan.files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.contents, { mode: f.mode ?? 0o644 });
  }
  if (git) {
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync('git', ['commit', '-qm', 'init'], { cwd: root, env });
  }
  return root;
}
const git = (root: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
const problems = (findings: Finding[]) => findings.filter((f) => f.status === 'problem');
const edit = (path: string, change: (text: string) => string) => writeFileSync(path, change(readFileSync(path, 'utf8')));

describe('doctor', () => {
  it('finds nothing wrong in a fresh project (dependencies not installed is a warning only)', async () => {
    const findings = await diagnose(loadProjectEnv(project({ git: true })), { node: '22.12.0', bun: () => undefined });
    expect(problems(findings)).toEqual([]);
    expect(findings.filter((f) => f.status === 'warning').map((f) => f.check)).toEqual(['versions', 'versions']);
  });

  it('a missing variable is a problem unless the environment sets it', () => {
    const root = project();
    edit(join(root, '.env'), (t) => t.replace(/^MCIFY_AUTH_TOKEN=.*$/m, 'MCIFY_AUTH_TOKEN='));
    const env = loadProjectEnv(root);
    expect(problems(checkVariables(env, {}))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^MCIFY_AUTH_TOKEN is not set in \.env or the environment/), fix: 'run npx create-mcify secret generate' }),
    ]);
    expect(problems(checkVariables(env, { MCIFY_AUTH_TOKEN: 'set' }))).toEqual([]);
  });

  it('a rotation in progress is a warning, not a problem', () => {
    const root = project();
    appendFileSync(join(root, '.env'), 'MCIFY_AUTH_TOKEN_PREVIOUS=old\n');
    const findings = checkVariables(loadProjectEnv(root), {});
    expect(problems(findings)).toEqual([]);
    expect(findings.find((f) => f.status === 'warning')!.message).toMatch(/rotation is in progress/);
  });

  it('an env file readable by others is a problem, fixed with chmod 600', () => {
    const root = project();
    chmodSync(join(root, '.env'), 0o644);
    expect(problems(checkFileMode(loadProjectEnv(root)))).toEqual([
      expect.objectContaining({ message: '.env is readable by other users of this machine (mode 0644).', fix: 'chmod 600 .env' }),
    ]);
  });

  it('an env file that git does not ignore, tracks, or has in its history is a problem', async () => {
    const root = project({ git: true });
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    expect(problems(await checkGit(loadProjectEnv(root))).map((f) => f.message)).toEqual([
      'git does not ignore .env, so a commit could publish its secrets.',
    ]);
    git(root, 'add', '.env', '.gitignore');
    git(root, 'commit', '-qm', 'oops');
    expect(problems(await checkGit(loadProjectEnv(root))).map((f) => f.message)).toEqual([
      'git does not ignore .env, so a commit could publish its secrets.',
      '.env is tracked by git: its secrets are in the repository.',
    ]);
    git(root, 'rm', '-q', '--cached', '.env');
    writeFileSync(join(root, '.gitignore'), '.env\n');
    git(root, 'commit', '-qam', 'untrack');
    const history = problems(await checkGit(loadProjectEnv(root)));
    expect(history).toHaveLength(1);
    expect(history[0]!.message).toMatch(/^\.env is in git history \(commits? [0-9a-f]+/);
    expect(history[0]!.fix).toMatch(/--rotate/);
  });

  it('a stale example (missing name, unused name, a secret value) is found', () => {
    const root = project();
    edit(join(root, '.env.example'), (t) => t.replace(/^MCIFY_AUTH_TOKEN=$/m, 'MCIFY_API_KEY='));
    let findings = checkExample(loadProjectEnv(root));
    expect(problems(findings).map((f) => f.message)).toEqual(['.env.example is stale: it does not list MCIFY_AUTH_TOKEN.']);
    expect(findings.find((f) => f.status === 'warning')!.message).toMatch(/lists MCIFY_API_KEY, which neither the bearer auth mode nor \.env uses/);
    appendFileSync(join(root, '.env.example'), 'MCIFY_AUTH_TOKEN=leaked\n');
    findings = checkExample(loadProjectEnv(root));
    expect(problems(findings).map((f) => f.message)).toEqual([
      '.env.example holds a value for MCIFY_AUTH_TOKEN, and it is meant to be committed.',
    ]);
  });

  it('framework ranges from mcify init are a problem, with the exact pin as the fix', () => {
    const root = project();
    edit(join(root, 'package.json'), (t) => t.replaceAll('"1.0.0-alpha.3"', '"^0.0.1-alpha.0"'));
    const found = problems(checkVersions(loadProjectEnv(root)));
    expect(found).toHaveLength(2);
    expect(found[0]!.message).toMatch(/^@mcify\/core is "\^0\.0\.1-alpha\.0", a range no published version satisfies/);
    expect(found[0]!.fix).toBe('set "@mcify/core": "1.0.0-alpha.3" in package.json and install again');
  });

  it('issuer and URL settings must be https outside localhost', () => {
    const root = project();
    appendFileSync(join(root, '.env'), 'AUTH_ISSUER=http://auth.example.com\nPUBLIC_URL=http://localhost:8888\nOTHER_URL=https://x.example\n');
    const findings = checkUrls(loadProjectEnv(root), { BAD_URL: 'http://ignored.example' });
    expect(problems(findings).map((f) => f.fix)).toEqual(['use https://auth.example.com']);
    expect(findings.filter((f) => f.status === 'ok')).toHaveLength(2);
  });
});

describe('doctor: the runtime against engines', () => {
  const withEngines = (engines: Record<string, string>) => {
    const root = project();
    edit(join(root, 'package.json'), (text) => JSON.stringify({ ...JSON.parse(text), engines }));
    return loadProjectEnv(root);
  };
  const noBun = () => undefined;

  it('a Node.js older than engines.node is a problem with the fix; the same or newer is fine', () => {
    const env = withEngines({ node: '>=22.12' });
    expect(problems(checkRuntime(env, { node: '22.11.0', bun: noBun }))).toEqual([
      expect.objectContaining({
        message: 'The project needs Node.js 22.12 or newer (engines.node) and this is Node.js 22.11.0: its server refuses to start here.',
        fix: 'install Node.js 22 or newer (e.g. nvm install --lts)',
      }),
    ]);
    expect(checkRuntime(env, { node: '22.12.0', bun: noBun })).toEqual([expect.objectContaining({ status: 'ok', check: 'runtime' })]);
    expect(checkRuntime(env, { node: '26.1.0', bun: noBun })[0]!.status).toBe('ok');
  });

  it('engines.bun is checked against the bun on PATH, and a missing bun is a problem', () => {
    const env = withEngines({ bun: '>=1.3' });
    expect(problems(checkRuntime(env, { node: '20.0.0', bun: noBun }))[0]!.message).toMatch(/runs on Bun 1\.3 or newer and bun is not installed/);
    expect(problems(checkRuntime(env, { node: '20.0.0', bun: () => '1.2.20' }))[0]!.fix).toBe('run bun upgrade');
    expect(checkRuntime(env, { node: '20.0.0', bun: () => '1.3.0' })[0]!.status).toBe('ok');
  });

  it('a range it cannot read is skipped, not guessed', () => {
    expect(checkRuntime(withEngines({ node: '^22 || >=24' }), { node: '20.0.0', bun: noBun })).toEqual([
      expect.objectContaining({ status: 'skipped' }),
    ]);
  });

  it('diagnose runs it: a fresh project on an old Node.js has one runtime problem', async () => {
    const findings = await diagnose(loadProjectEnv(project()), { node: '20.19.0', bun: noBun });
    expect(problems(findings).map((f) => f.check)).toEqual(['runtime']);
  });
});
