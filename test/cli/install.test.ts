// The install step of create, with a fake package manager on PATH: a failed install never says
// "ready", and Ctrl-C during it keeps the project and says how to resume.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bins, repoRoot, run, scratch } from '../helpers/cli.js';

const outside: string[] = [];
afterAll(() => outside.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A PATH whose `npm` runs `script` (sh). */
function fakeNpm(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-npm-'));
  outside.push(dir);
  writeFileSync(join(dir, 'npm'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'npm'), 0o755);
  return `${dir}${delimiter}${process.env.PATH}`;
}

const args = ['srv', '--auth', 'bearer', '--target', 'node', '--pm', 'npm', '--no-git', '--yes'];

describe('create: the install step', () => {
  it('an install that fails never says ready: it says what is left, install first, and exits 1', () => {
    const cwd = scratch('install');
    const result = run(args, cwd, 'create-mcify', { PATH: fakeNpm('echo "npm ERR! network" >&2; exit 1') });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(/ready/);
    expect(result.stdout).toMatch(/Your MCP server srv is written \(bearer auth on node\), but its dependencies are not installed:\n {2}cd srv\n {2}npm install\n {2}npm run dev\n/);
    expect(existsSync(join(cwd, 'srv', 'package.json'))).toBe(true);
  });

  it('the lockfile the install writes is in the first commit, so `mcify add` finds a clean tree', () => {
    // Outside this repository (git would skip init inside it), with a git identity of its own.
    const cwd = mkdtempSync(join(tmpdir(), 'create-mcify-lockfile-'));
    outside.push(cwd);
    const gitconfig = join(cwd, '.gitconfig');
    writeFileSync(gitconfig, '[user]\n\tname = Test\n\temail = test@example.com\n');
    // What npm install leaves in the project folder that create-mcify did not write.
    const env = { PATH: fakeNpm('echo \'{"lockfileVersion":3}\' > package-lock.json'), GIT_CONFIG_GLOBAL: gitconfig };
    const created = run(['srv', '--auth', 'bearer', '--target', 'node', '--pm', 'npm', '--git', '--yes'], cwd, 'create-mcify', env);
    expect(created.status, created.stderr).toBe(0);
    const git = (args: string[]) => spawnSync('git', args, { cwd: join(cwd, 'srv'), encoding: 'utf8' }).stdout;
    expect(git(['ls-files', 'package-lock.json'])).toBe('package-lock.json\n');
    expect(git(['status', '--porcelain'])).toBe('');
    const added = run(['add', 'auth', 'api-key', '--yes', '--no-install'], join(cwd, 'srv'), 'mcify', env);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
  });

  it('Ctrl-C during the install: one line with the command that resumes it, exit 130, the project kept', () => {
    const cwd = scratch('install');
    const path = fakeNpm('echo installing; sleep 30');
    const result = spawnSync(
      'python3',
      [join(repoRoot, 'test/helpers/terminal.py'), '20', 'installing', '\\x03', '--', process.execPath, bins['create-mcify'], ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, PATH: path, npm_config_user_agent: '', NO_COLOR: '1' } },
    );
    const screen = result.stdout.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
    expect(screen).toMatch(/create-mcify: Install interrupted; the project is kept\. Resume it with: cd srv && npm install\r?\n/);
    expect(screen).not.toMatch(/ready|\n\s+at /);
    expect(Number(/\[exit=(-?\d+)\]\s*$/.exec(screen)?.[1])).toBe(130);
    expect(existsSync(join(cwd, 'srv', 'package.json'))).toBe(true);
  });
});
