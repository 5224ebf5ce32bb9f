// What the CLI says, read as a user reads it: settings are not called secrets, singular and plural
// agree, and a help line does not say the same thing twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, scratch } from '../helpers/cli.js';

const create = (auth: string) => {
  const cwd = scratch('wording');
  const result = run(['srv', '--auth', auth, '--target', 'node', '--pm', 'npm', '--no-install', '--no-git', '--yes'], cwd);
  expect(result.status, result.stderr).toBe(0);
  return { ...result, dir: join(cwd, 'srv') };
};

describe('wording', () => {
  it.each([
    ['bearer', 'The secret MCIFY_AUTH_TOKEN is in .env (mode 0600, git-ignored).'],
    ['oauth-provider', 'The secrets MCIFY_OWNER_PASSWORD and MCIFY_SESSION_SECRET are in .env (mode 0600, git-ignored).'],
  ])('create --auth %s names its secrets in agreement', (auth, line) => {
    const { stdout } = create(auth);
    expect(stdout).toContain(`${line}\n`);
    expect(stdout).toContain('DEPLOY.md how to deploy it with fresh secrets.');
  });

  it('a mode without secrets does not speak of secrets it does not have', () => {
    const { stdout } = create('oauth');
    expect(stdout).not.toMatch(/secret/i);
  });

  it('add calls the new settings settings, not secrets', () => {
    const { dir } = create('none');
    const result = run(['add', 'auth', 'oauth', '--yes', '--no-install'], dir, 'mcify');
    expect(result.status, result.stderr).toBe(0);
    const summary = result.stdout.slice(result.stdout.indexOf('Moved to oauth auth'));
    expect(summary).toMatch(/The new settings MCIFY_OAUTH_ISSUER(, \w+)* and \w+ are in \.env: check their values\./);
    expect(summary).not.toMatch(/secret/i);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env).toContain('MCIFY_OAUTH_ISSUER=');
  });

  it.each([
    [['--help'], 'create-mcify'],
    [['create', '--help'], 'mcify'],
    [['add', 'auth', '--help'], 'mcify'],
  ] as const)('%j (%s): each option is one line that does not repeat itself', (args, bin) => {
    const { stdout } = run([...args], scratch('wording'), bin);
    const flags = [...stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(3);
    for (const flag of flags.filter((f) => f.startsWith('--no-'))) expect(flags, flag).not.toContain(`--${flag.slice(5)}`);
    // "(--auth oauth-provider) oauth-provider: ..." said the scope twice.
    expect(stdout.replace(/\s+/g, ' ')).not.toMatch(/\((?:--auth )?([\w-]+)\) \1\b/);
  });
});
