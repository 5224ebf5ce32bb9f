import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envValues, parseEnv } from '../../src/lib/env-file.js';
import { bins, repoRoot, run, scratch } from '../helpers/cli.js';

const outside: string[] = [];
afterAll(() => outside.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A generated project without install or git; outside this repository when `isolated`. */
function project(auth = 'bearer', { isolated = false, target = 'node' } = {}): string {
  const cwd = isolated ? mkdtempSync(join(tmpdir(), 'secret-cli-')) : scratch('secret');
  if (isolated) outside.push(cwd);
  const result = run(['srv', '--auth', auth, '--target', target, '--no-install', '--no-git', '--yes'], cwd);
  expect(result.status, result.stderr).toBe(0);
  return join(cwd, 'srv');
}
const mcify = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => run(args, cwd, 'mcify', env);
const envOf = (root: string, file = '.env') => Object.fromEntries(envValues(parseEnv(readFileSync(join(root, file), 'utf8'))));

function expectUserError(result: ReturnType<typeof run>, message: RegExp) {
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Platform CLIs that record their argv and stdin in a log, and exit with $FAKE_EXIT. */
function fakeClis(names: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
  outside.push(dir);
  const log = join(dir, 'calls.jsonl');
  const script = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(1), stdin: input }) + '\\n');
  process.exit(Number(process.env.FAKE_EXIT ?? 0));
});
`;
  for (const name of names) {
    writeFileSync(join(dir, name), script);
    chmodSync(join(dir, name), 0o755);
  }
  return {
    env: { PATH: `${dir}${delimiter}${process.env.PATH}` },
    calls: (): { argv: string[]; stdin: string }[] =>
      existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [],
  };
}

describe('secret generate', () => {
  it('keeps CRLF line endings, a byte order mark and a missing final newline through generate and --rotate', () => {
    const root = project();
    const shaped = (text: string) => `\uFEFF${text.replace(/\n$/, '').replace(/\n/g, '\r\n')}`;
    for (const file of ['.env', '.env.example']) writeFileSync(join(root, file), shaped(readFileSync(join(root, file), 'utf8')));
    const layoutOf = (file: string) => {
      const text = readFileSync(join(root, file), 'utf8');
      return { bom: text.startsWith('\uFEFF'), bareLf: /(?<!\r)\n/.test(text), finalNewline: text.endsWith('\n') };
    };
    const kept = { bom: true, bareLf: false, finalNewline: false };
    for (const args of [['--rotate'], ['MY_NEW_SECRET'], ['--rotate', 'MY_NEW_SECRET']]) {
      const result = mcify(['secret', 'generate', ...args], root);
      expect(result.status, result.stderr).toBe(0);
      expect(layoutOf('.env')).toEqual(kept);
      expect(layoutOf('.env.example')).toEqual(kept);
    }
    expect(Object.keys(envOf(root))).toEqual(expect.arrayContaining(['MCIFY_AUTH_TOKEN', 'MCIFY_AUTH_TOKEN_PREVIOUS', 'MY_NEW_SECRET']));
  });

  it('keeps existing secrets, rotates with --rotate (old value as _PREVIOUS), never prints a value', () => {
    const root = project();
    const before = envOf(root).MCIFY_AUTH_TOKEN!;
    const kept = mcify(['secret', 'generate'], root);
    expect(kept.status).toBe(0);
    expect(kept.stdout).toMatch(/MCIFY_AUTH_TOKEN is already set in \.env; kept it/);
    expect(envOf(root).MCIFY_AUTH_TOKEN).toBe(before);

    const rotated = mcify(['secret', 'generate', '--rotate'], root);
    expect(rotated.status).toBe(0);
    const after = envOf(root);
    expect(after.MCIFY_AUTH_TOKEN_PREVIOUS).toBe(before);
    expect(after.MCIFY_AUTH_TOKEN).not.toBe(before);
    expect(rotated.stdout).toMatch(/old value stays accepted as MCIFY_AUTH_TOKEN_PREVIOUS/);
    expect(rotated.stdout).toMatch(/delete MCIFY_AUTH_TOKEN_PREVIOUS from \.env/);
    for (const value of [before, after.MCIFY_AUTH_TOKEN!]) expect(rotated.stdout + rotated.stderr).not.toContain(value);
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, '.env.example'), 'utf8')).not.toContain('PREVIOUS');
  });

  it('creates a missing env file 0600, adds it to .gitignore, fills the example; a second run writes nothing', () => {
    const root = project('api-key', { isolated: true });
    rmSync(join(root, '.env'));
    writeFileSync(join(root, '.gitignore'), 'node_modules/\n');
    writeFileSync(join(root, '.env.example'), '');
    const first = mcify(['secret', 'generate', '--json'], root);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      envFile: '.env',
      secrets: [{ name: 'MCIFY_API_KEY', action: 'generated' }],
      exampleUpdated: true,
      gitignoreUpdated: true,
    });
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toBe('node_modules/\n.env\n');
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toMatch(/^# API key .*\nMCIFY_API_KEY=\n$/);
    const files = () => ['.env', '.env.example', '.gitignore'].map((f) => readFileSync(join(root, f), 'utf8'));
    const snapshot = files();
    const second = mcify(['secret', 'generate'], root);
    expect(second.stdout).toContain('Already up to date: nothing was written.');
    expect(files()).toEqual(snapshot);
  });

  it('--print writes the value alone on stdout, the report on stderr', () => {
    const root = project();
    const result = mcify(['secret', 'generate', 'MY_WEBHOOK_SECRET', '--print', '--encoding', 'hex', '--length', '16'], root);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    expect(envOf(root).MY_WEBHOOK_SECRET).toBe(result.stdout.trim());
    expect(result.stderr).toContain('Generated MY_WEBHOOK_SECRET in .env (128 random bits).');
  });

  it('says there is nothing to do for a mode without secrets', () => {
    const result = mcify(['secret', 'generate'], project('none'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('The none auth mode needs no secrets; nothing to generate.');
  });

  const errors: [string, string[], RegExp][] = [
    ['--length too small', ['--length', '8'], /--length must be a whole number of bytes from 16 to 1024/],
    ['unknown --encoding', ['--encoding', 'base32'], /Unknown --encoding "base32"\. Valid values: base64url, hex\./],
    ['--print with --json', ['--print', '--json'], /--print and --json cannot be combined/],
    ['--print with two names', ['A_SECRET', 'B_SECRET', '--print'], /--print writes one value, and this would touch A_SECRET, B_SECRET; name one of them\./],
    ['a _PREVIOUS name', ['MCIFY_AUTH_TOKEN_PREVIOUS'], /managed by --rotate; name MCIFY_AUTH_TOKEN instead/],
    ['an invalid name', ['my-secret'], /"my-secret" is not a valid variable name/],
  ];
  it.each(errors)('%s is one clear error and writes nothing', (_name, args, message) => {
    const root = project();
    const before = readFileSync(join(root, '.env'), 'utf8');
    expectUserError(mcify(['secret', 'generate', ...args], root), message);
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(before);
  });

  it('outside a project, or in one whose config it cannot read, says what to do', () => {
    const empty = scratch('noproject');
    expectUserError(mcify(['secret', 'generate'], empty), /No package\.json in .*; run this inside an mcify project/);
    const root = project();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    delete pkg['create-mcify'];
    writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
    const config = join(root, 'mcify.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/auth: .*,/, 'auth: makeAuth(),'));
    expectUserError(mcify(['secret', 'generate'], root), /auth is makeAuth\(\.\.\.\), which is not one of create-mcify's auth modes, so its auth mode is unknown; name the secrets/);
    expect(mcify(['secret', 'generate', 'MCIFY_AUTH_TOKEN'], root).status).toBe(0);
  });

  it('works without a stamp: the mode, and the name it gives the secret, come from mcify.config.ts', () => {
    const root = project();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    delete pkg['create-mcify'];
    writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
    rmSync(join(root, '.env'));
    const config = join(root, 'mcify.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replaceAll("'MCIFY_AUTH_TOKEN'", "'SERVICE_TOKEN'"));
    const result = mcify(['secret', 'generate'], root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Generated SERVICE_TOKEN in \.env/);
    expect(envOf(root).SERVICE_TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mcify(['secret', 'instructions', '--platform', 'fly'], root).stdout).toContain("grep -E '^(SERVICE_TOKEN)=' .env | fly secrets import");
  });
});

describe('secret instructions', () => {
  it('oauth-provider --login github: ships the client secret from GitHub beside the generated secret, and doctor checks it once', () => {
    const cwd = scratch('secret');
    const created = run(['srv', '--auth', 'oauth-provider', '--login', 'github', '--target', 'node', '--no-install', '--no-git', '--yes'], cwd);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout + created.stderr).toContain('http://localhost:8888/login/callback');
    const root = join(cwd, 'srv');
    writeFileSync(join(root, '.env'), readFileSync(join(root, '.env'), 'utf8').replace(/^MCIFY_GITHUB_CLIENT_SECRET=$/m, 'MCIFY_GITHUB_CLIENT_SECRET=from-github-123'));
    const result = mcify(['secret', 'instructions', '--platform', 'fly'], root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("grep -E '^(MCIFY_OWNER_PASSWORD|MCIFY_SESSION_SECRET|MCIFY_GITHUB_CLIENT_SECRET)=' .env | fly secrets import");
    expect(result.stdout).not.toContain('from-github-123');
    const doctor = mcify(['doctor'], root);
    expect(doctor.stdout.match(/MCIFY_GITHUB_CLIENT_SECRET.* is set in \.env/g)).toHaveLength(1);
    expect(doctor.stdout).toMatch(/MCIFY_GITHUB_CLIENT_ID is not set/);
  });

  it('prints commands for every platform that deploys the target, reading values from .env, never the values', () => {
    const root = project();
    const result = mcify(['secret', 'instructions'], root);
    expect(result.status).toBe(0);
    for (const heading of ['Fly.io', 'Railway', 'Render', 'Docker', 'Kubernetes', 'GitHub Actions']) {
      expect(result.stdout).toContain(`## ${heading}`);
    }
    expect(result.stdout).not.toContain('## Cloudflare Workers');
    expect(result.stdout).toContain('Not listed, for other targets than node: cloudflare.');
    expect(result.stdout).toContain("grep -E '^(MCIFY_AUTH_TOKEN)=' .env | fly secrets import");
    expect(result.stdout).not.toContain(envOf(root).MCIFY_AUTH_TOKEN);
    const one = mcify(['secret', 'instructions', '--platform', 'render'], root);
    expect(one.stdout).toContain('Render has no CLI command for environment variables');
    expect(one.stdout).not.toContain('## Fly.io');
  });

  it('lists Cloudflare and GitHub Actions for a workers project, and warns when a named platform cannot deploy it', () => {
    const workers = mcify(['secret', 'instructions'], project('bearer', { target: 'workers' }));
    expect(workers.status).toBe(0);
    expect(workers.stdout).toContain('## Cloudflare Workers');
    expect(workers.stdout).toContain('## GitHub Actions');
    expect(workers.stdout).not.toContain('## Fly.io');
    const named = mcify(['secret', 'instructions', '--platform', 'cloudflare'], project());
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('## Cloudflare Workers');
    expect(named.stderr).toContain('Cloudflare Workers deploys workers projects and this one targets node: these commands would not deploy it');
  });

  it('an unknown platform lists the valid ones', () => {
    expectUserError(mcify(['secret', 'instructions', '--platform', 'heroku'], project()), /Unknown --platform "heroku"\. Valid values: cloudflare, fly, railway, render, docker, kubernetes, github-actions\./);
  });
});

describe('secret push', () => {
  it('runs the platform CLI with each value on stdin, none in its arguments', () => {
    const root = project();
    mcify(['secret', 'generate', '--rotate'], root);
    const values = envOf(root);
    const fake = fakeClis(['fly', 'gh', 'kubectl', 'railway']);
    for (const platform of ['fly', 'github-actions', 'kubernetes', 'railway']) {
      const result = mcify(['secret', 'push', '--platform', platform, '--yes'], root, fake.env);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('Set MCIFY_AUTH_TOKEN, MCIFY_AUTH_TOKEN_PREVIOUS on');
      expect(result.stdout).toMatch(/finish the rotation: delete MCIFY_AUTH_TOKEN_PREVIOUS from \.env and run /);
      expect(result.stdout + result.stderr).not.toContain(values.MCIFY_AUTH_TOKEN);
    }
    const calls = fake.calls();
    expect(calls.map((c) => c.argv.join(' ').replace(/^\S*\//, ''))).toEqual([
      'fly secrets import',
      'gh secret set MCIFY_AUTH_TOKEN',
      'gh secret set MCIFY_AUTH_TOKEN_PREVIOUS',
      'kubectl apply -f -',
      'railway variables --set-from-stdin MCIFY_AUTH_TOKEN',
      'railway variables --set-from-stdin MCIFY_AUTH_TOKEN_PREVIOUS',
    ]);
    for (const call of calls) {
      for (const value of Object.values(values).filter((v) => v !== '')) expect(call.argv.join(' ')).not.toContain(value);
    }
    expect(calls[0]!.stdin).toBe(`MCIFY_AUTH_TOKEN=${values.MCIFY_AUTH_TOKEN}\nMCIFY_AUTH_TOKEN_PREVIOUS=${values.MCIFY_AUTH_TOKEN_PREVIOUS}\n`);
    expect(calls[1]!.stdin).toBe(values.MCIFY_AUTH_TOKEN);
  });

  it('sets a workers project\'s secrets with wrangler, one JSON object on stdin, and refuses Cloudflare for a node project', () => {
    const root = project('bearer', { target: 'workers' });
    const fake = fakeClis(['wrangler']);
    const result = mcify(['secret', 'push', '--platform', 'cloudflare', '--yes'], root, fake.env);
    expect(result.status, result.stderr).toBe(0);
    const [call, ...more] = fake.calls();
    expect(more).toEqual([]);
    expect(call!.argv.join(' ').replace(/^\S*\//, '')).toBe('wrangler secret bulk');
    expect(JSON.parse(call!.stdin)).toEqual({ MCIFY_AUTH_TOKEN: envOf(root, '.dev.vars').MCIFY_AUTH_TOKEN });
    const other = fakeClis(['wrangler']);
    expectUserError(
      mcify(['secret', 'push', '--platform', 'cloudflare', '--yes'], project(), other.env),
      /^mcify: Cloudflare Workers deploys workers projects and this one targets node, so nothing was run; use --platform fly, railway, render, docker, kubernetes or github-actions\.$/m,
    );
    expect(other.calls()).toEqual([]);
  });

  it('--dry-run shows the command and runs nothing', () => {
    const fake = fakeClis(['fly']);
    const result = mcify(['secret', 'push', '--platform', 'fly', '--dry-run'], project(), fake.env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('fly secrets import');
    expect(result.stdout).toContain('Dry run: nothing was run.');
    expect(fake.calls()).toEqual([]);
  });

  it('refuses without a terminal and without --yes, and runs nothing', () => {
    const fake = fakeClis(['fly']);
    expectUserError(mcify(['secret', 'push', '--platform', 'fly'], project(), fake.env), /no terminal to ask in; pass --yes to run it, or --dry-run/);
    expect(fake.calls()).toEqual([]);
  });

  it('refuses a platform without a CLI path, with what to do instead', () => {
    expectUserError(mcify(['secret', 'push', '--platform', 'render', '--yes'], project()), /^mcify: Render has no CLI command that sets environment variables; upload the env file/);
    expectUserError(mcify(['secret', 'push', '--platform', 'docker', '--yes'], project()), /Docker has no secret store to push to/);
  });

  it('a missing CLI, a failing CLI and a missing secret are one clear error each', () => {
    const root = project();
    const empty = mkdtempSync(join(tmpdir(), 'empty-path-'));
    outside.push(empty);
    expectUserError(
      mcify(['secret', 'push', '--platform', 'github-actions', '--yes'], root, { PATH: `${empty}${delimiter}${join(process.execPath, '..')}` }),
      /gh is not installed or not on PATH; install it, log in, and run again\. Nothing was set\./,
    );
    const fake = fakeClis(['gh']);
    expectUserError(
      mcify(['secret', 'push', '--platform', 'github-actions', '--yes'], root, { ...fake.env, FAKE_EXIT: '3' }),
      /gh secret set MCIFY_AUTH_TOKEN failed \(exit 3, see above\)/,
    );
    rmSync(join(root, '.env'));
    expectUserError(mcify(['secret', 'push', '--platform', 'fly', '--yes'], root, fake.env), /MCIFY_AUTH_TOKEN is not set in \.env; run npx create-mcify secret generate first\./);
  });

  it('--platform is required', () => {
    const result = mcify(['secret', 'push'], project());
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/required option '--platform <platform>' not specified/);
  });
});

/** An `mcify init` template turned into a project, as `mcify init demo` does (not made by create-mcify). */
function upstreamProject(template: string): string {
  const dir = join(scratch('upstream-secret'), template);
  cpSync(join(repoRoot, 'test/fixtures/upstream', template), dir, { recursive: true });
  renameSync(join(dir, '_gitignore'), join(dir, '.gitignore'));
  for (const file of ['package.json', 'mcify.config.ts']) {
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('{{name}}', 'demo'));
  }
  return dir;
}

describe('upstream credentials (values the user brings)', () => {
  it('example-khipu: instructions ship KHIPU_API_KEY as a value to bring, doctor reports it unset, secret set stores it', () => {
    const root = upstreamProject('example-khipu');
    const instructions = mcify(['secret', 'instructions', '--platform', 'fly'], root);
    expect(instructions.status, instructions.stderr).toBe(0);
    expect(instructions.stdout).toMatch(/needs MCIFY_AUTH_TOKEN \(the bearer auth mode's, generated\) and KHIPU_API_KEY \(a value you bring/);
    expect(instructions.stdout).toContain("grep -E '^(MCIFY_AUTH_TOKEN|KHIPU_API_KEY)=' .env | fly secrets import");
    expect(instructions.stderr).toMatch(/KHIPU_API_KEY is not set in \.env yet: set it with npx create-mcify secret set KHIPU_API_KEY/);

    const doctor = mcify(['doctor', '--json'], root);
    expect(doctor.status).toBe(1);
    const finding = (JSON.parse(doctor.stdout) as { findings: { status: string; message: string; fix?: string }[] }).findings.find((f) => f.message.startsWith('KHIPU_API_KEY'));
    expect(finding).toMatchObject({ status: 'problem', message: expect.stringMatching(/read by mcify\.config\.ts\) is not set/), fix: expect.stringMatching(/secret set KHIPU_API_KEY/) });

    const value = 'khipu-test-key-123';
    const set = spawnSync(process.execPath, [bins.mcify, 'secret', 'set', 'KHIPU_API_KEY'], { cwd: root, input: `${value}\n`, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(set.status, set.stderr).toBe(0);
    expect(`${set.stdout}${set.stderr}`).not.toContain(value);
    expect(envOf(root).KHIPU_API_KEY).toBe(value);
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
    expect(envOf(root, '.env.example')).toEqual({ KHIPU_API_KEY: '' });
    const after = JSON.parse(mcify(['doctor', '--json'], root).stdout) as { findings: { status: string; message: string }[] };
    expect(after.findings.find((f) => f.message.startsWith('KHIPU_API_KEY'))).toMatchObject({ status: 'ok' });
    // Not in any output of doctor either.
    expect(mcify(['doctor'], root).stdout).not.toContain(value);
  });

  it('secret push ships the upstream value with the secrets, on stdin; an unset one is said and not pushed', () => {
    const root = upstreamProject('example-khipu');
    expect(mcify(['secret', 'generate'], root).status).toBe(0);
    const fake = fakeClis(['fly']);
    const unset = mcify(['secret', 'push', '--platform', 'fly', '--yes'], root, fake.env);
    expect(unset.status, unset.stderr).toBe(0);
    expect(unset.stderr).toMatch(/KHIPU_API_KEY is not set in \.env, so not pushed: set it with npx create-mcify secret set NAME, or on the platform/);
    expect(fake.calls()[0]!.stdin).toBe(`MCIFY_AUTH_TOKEN=${envOf(root).MCIFY_AUTH_TOKEN}\n`);
    const set = spawnSync(process.execPath, [bins.mcify, 'secret', 'set', 'KHIPU_API_KEY'], { cwd: root, input: 'khipu-pushed-value', encoding: 'utf8' });
    expect(set.status, set.stderr).toBe(0);
    const pushed = mcify(['secret', 'push', '--platform', 'fly', '--yes'], root, fake.env);
    expect(pushed.stdout).toContain('Set MCIFY_AUTH_TOKEN, KHIPU_API_KEY on Fly.io');
    expect(pushed.stdout + pushed.stderr).not.toContain('khipu-pushed-value');
    expect(fake.calls()[1]).toEqual({ argv: [expect.stringMatching(/fly$/), 'secrets', 'import'], stdin: `MCIFY_AUTH_TOKEN=${envOf(root).MCIFY_AUTH_TOKEN}\nKHIPU_API_KEY=khipu-pushed-value\n` });
  });

  it('secret set refuses an empty value, a bad name and several lines, and writes nothing', () => {
    const root = upstreamProject('example-khipu');
    const set = (name: string, input: string) => spawnSync(process.execPath, [bins.mcify, 'secret', 'set', name], { cwd: root, input, encoding: 'utf8' });
    for (const [name, input, message] of [
      ['KHIPU_API_KEY', '\n', /No value was given for KHIPU_API_KEY; nothing was written/],
      ['1BAD', 'x', /"1BAD" is not a variable name/],
      ['KHIPU_API_KEY', 'a\nb\n', /spans several lines/],
    ] as const) {
      const result = set(name, input);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(root, '.env'))).toBe(false);
  });

  it('secret set refuses a secret of the auth mode shorter than it needs, and doctor calls a short one a problem', () => {
    const root = project('oauth-provider');
    const before = readFileSync(join(root, '.env'), 'utf8');
    const setIn = (cwd: string, name: string, input: string) => spawnSync(process.execPath, [bins.mcify, 'secret', 'set', name], { cwd, input, encoding: 'utf8' });
    const set = (name: string, input: string) => setIn(root, name, input);
    for (const [name, value, needs] of [
      ['MCIFY_OWNER_PASSWORD', 'abc', 16],
      ['MCIFY_SESSION_SECRET', 'x'.repeat(31), 32],
    ] as const) {
      const result = set(name, value);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `mcify: ${name} needs at least ${needs} characters (a shorter one can be guessed) and this value has ${value.length}; give a longer one, or let npx create-mcify secret generate --rotate ${name} make one. Nothing was written.\n`,
      );
    }
    expect(readFileSync(join(root, '.env'), 'utf8')).toBe(before);
    // A password of the length the server accepts is taken.
    expect(set('MCIFY_OWNER_PASSWORD', 'correct horse battery').status).toBe(0);

    const bearer = project();
    expect(setIn(bearer, 'MCIFY_AUTH_TOKEN', 'abc').status).toBe(1);
    writeFileSync(join(bearer, '.env'), readFileSync(join(bearer, '.env'), 'utf8').replace(/^MCIFY_AUTH_TOKEN=.*$/m, 'MCIFY_AUTH_TOKEN=abc'));
    const doctor = mcify(['doctor', '--json'], bearer, { MCIFY_AUTH_TOKEN: '' });
    expect(doctor.status).toBe(1);
    expect(JSON.parse(doctor.stdout).findings).toContainEqual({
      check: 'env',
      status: 'problem',
      message: 'MCIFY_AUTH_TOKEN in .env has 3 characters, fewer than the 22 it needs: a value this short can be guessed.',
      fix: 'run npx create-mcify secret generate --rotate MCIFY_AUTH_TOKEN',
    });
  });

  it('from-zod and from-scratch read no upstream variable (a comment that mentions process.env is not a read)', () => {
    for (const template of ['from-zod', 'from-scratch']) {
      const result = mcify(['secret', 'instructions', '--platform', 'fly'], upstreamProject(template));
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/USERS_API|UPSTREAM_API_KEY|value you bring/);
    }
  });
});

describe('create --upstream-env', () => {
  it('starts a project with the upstream key empty in .env, in the example, DEPLOY.md, doctor and the instructions', () => {
    const cwd = scratch('upstream-env');
    const result = run(['srv', '--auth', 'bearer', '--target', 'node', '--upstream-env', 'KHIPU_API_KEY', '--upstream-env', 'KHIPU_BASE_URL', '--no-install', '--no-git', '--yes'], cwd);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/KHIPU_API_KEY is empty in \.env: set it with npx create-mcify secret set KHIPU_API_KEY/);
    expect(result.stdout).toMatch(/--upstream-env KHIPU_API_KEY --upstream-env KHIPU_BASE_URL/);
    const root = join(cwd, 'srv');
    expect(envOf(root)).toMatchObject({ KHIPU_API_KEY: '', KHIPU_BASE_URL: '' });
    expect(envOf(root, '.env.example')).toMatchObject({ KHIPU_API_KEY: '', KHIPU_BASE_URL: '' });
    const deploy = readFileSync(join(root, 'DEPLOY.md'), 'utf8');
    expect(deploy).toMatch(/\| `KHIPU_API_KEY` \| upstream \| A value you bring/);
    expect(deploy).toContain(`sed -n 's/^KHIPU_API_KEY=//p' .env.production | tr -d '\\n' | railway variables --set-from-stdin KHIPU_API_KEY`);
    const doctor = JSON.parse(mcify(['doctor', '--json'], root).stdout) as { findings: { status: string; message: string }[] };
    expect(doctor.findings.find((f) => f.message.startsWith('KHIPU_API_KEY'))).toMatchObject({ status: 'problem', message: expect.stringMatching(/listed in \.env\.example\) is not set/) });
    expect(mcify(['secret', 'instructions', '--platform', 'fly'], root).stdout).toContain("grep -E '^(MCIFY_AUTH_TOKEN|KHIPU_API_KEY|KHIPU_BASE_URL)=' .env | fly secrets import");
    expectUserError(mcify(['secret', 'generate', 'KHIPU_API_KEY'], root), /KHIPU_API_KEY is a value you bring .* set it with npx create-mcify secret set KHIPU_API_KEY/);
  });

  it.each([
    ['a bad name', ['--upstream-env', '9KEY'], /--upstream-env 9KEY: must be a variable name/],
    ["a name the auth mode reads", ['--upstream-env', 'MCIFY_AUTH_TOKEN'], /the bearer mode on node already reads MCIFY_AUTH_TOKEN/],
  ])('%s is one clear error and writes nothing', (_, args, message) => {
    const cwd = scratch('upstream-env-bad');
    expectUserError(run(['srv', '--auth', 'bearer', '--target', 'node', ...args, '--no-install', '--no-git', '--yes'], cwd), message);
    expect(existsSync(join(cwd, 'srv'))).toBe(false);
  });
});
