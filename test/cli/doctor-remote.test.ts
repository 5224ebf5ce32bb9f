// `mcify doctor --remote` against servers this test starts on 127.0.0.1: a correct one (every
// profile passes but the two that need a public URL), and one with each fault, which must fail
// the check that names it, with its fix, and exit non-zero.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, run, runAsync, scratch } from '../helpers/cli.js';
import { FAKE_TOKEN, startFakeServer, type FakeMode, type Fault, type FakeServer } from '../helpers/fake-mcp-server.js';

interface Report {
  ok: boolean;
  auth: string;
  credential: string | null;
  checks: { id: string; status: string; detail: string; fix?: string }[];
  profiles: { id: string; verdict: string; because: { check: string; status: string }[] }[];
}

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const doctorIn = (cwd: string, url: string, ...args: string[]) =>
  runAsync(['doctor', '--remote', url, '--token-env', 'FAKE_TOKEN', '--timeout', '5000', ...args], cwd, 'mcify', { FAKE_TOKEN: server?.token ?? FAKE_TOKEN });
const doctor = (url: string, ...args: string[]) => doctorIn(scratch('remote'), url, ...args);

async function report(mode: FakeMode, fault?: Fault, ...args: string[]) {
  server = await startFakeServer(mode, fault);
  const result = await doctor(server.url, '--auth', mode, '--json', ...args);
  const json = JSON.parse(result.stdout) as Report;
  const check = (id: string) => json.checks.find((c) => c.id === id)!;
  return { result, json, check };
}

/** The profiles that fail, each with the checks that fail it. */
const failing = (json: Report) =>
  Object.fromEntries(json.profiles.filter((p) => p.verdict === 'fail').map((p) => [p.id, p.because.filter((b) => b.status === 'fail').map((b) => b.check)]));

describe('doctor --remote against a correct server', () => {
  it('bearer: passes every check it can and every profile a local bearer server can serve', async () => {
    const { result, json } = await report('bearer', undefined, '--call', 'greet');
    expect(json.auth).toBe('bearer');
    expect(json.credential).toBe('FAKE_TOKEN from the environment');
    expect(json.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['public-url', 'auth-discoverable']);
    // Claude and ChatGPT connectors take no shared bearer token, and run in their vendors' cloud.
    expect(failing(json)).toEqual({ claude: ['public-url', 'auth-discoverable'], chatgpt: ['public-url', 'auth-discoverable'] });
    expect(json.profiles.filter((p) => p.verdict !== 'fail').every((p) => p.verdict === 'pass')).toBe(true);
    expect(result.status).toBe(1);
    // The credential went to the server, and was never printed.
    expect(server!.requests.some((r) => r.headers.authorization === `Bearer ${FAKE_TOKEN}`)).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(FAKE_TOKEN);
  });

  it('api-key: the key goes in x-api-key, never as a Bearer token; the scheme-case check does not apply', async () => {
    const { result, json, check } = await report('api-key');
    expect(json.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['public-url', 'auth-discoverable']);
    expect(json.checks.filter((c) => c.status === 'warn')).toEqual([]);
    expect(check('bearer-case').status).toBe('skip');
    expect(check('auth-wrong').detail).toContain('ApiKey realm="fake", header="x-api-key", error="invalid_token"');
    const sent = server!.requests.filter((r) => r.headers['x-api-key'] === FAKE_TOKEN);
    expect(sent.length).toBeGreaterThan(3);
    expect(server!.requests.some((r) => String(r.headers.authorization ?? '').includes(FAKE_TOKEN))).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(FAKE_TOKEN);
  });

  it('oauth-provider: only the public URL is missing; --client limits what counts', async () => {
    const { result, json } = await report('oauth-provider', undefined, '--register');
    expect(json.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['public-url']);
    expect(json.checks.filter((c) => c.status === 'warn')).toEqual([]);
    expect(failing(json)).toEqual({ claude: ['public-url'], chatgpt: ['public-url'] });
    expect(result.status).toBe(1);
    expect(server!.requests.filter((r) => r.path === '/register')).toHaveLength(1);
    // On a local server, the fix says which clients reach it already and how to check only them.
    expect(json.checks.find((c) => c.id === 'public-url')!.fix).toBe(
      "deploy the server (DEPLOY.md) and check its public https URL; until then, clients on this machine reach it (Claude Desktop through the README's mcp-remote snippet): check only them with --client claude-code,cursor,vscode,inspector,browser,sdk-2025,spec",
    );

    const local = await doctor(server!.url, '--auth', 'oauth-provider', '--client', 'claude-code,cursor', '--client', 'inspector');
    expect(local.status, local.stdout).toBe(0);
    expect(local.stdout).toMatch(/^ {2}PASS {2}Claude Code \[claude-code\]$/m);
    expect(local.stdout).not.toContain('[claude]');
    expect(local.stdout).toContain('No client profile fails.');
  });

  it('oauth: finds the identity provider through the metadata, its JWKS, and a token for the URL', async () => {
    const { result, json, check } = await report('oauth');
    expect(json.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['public-url']);
    // Like most identity providers today, the fake one advertises no Client ID Metadata Documents.
    expect(json.checks.filter((c) => c.status === 'warn').map((c) => c.id)).toEqual(['cimd']);
    expect(check('as-metadata').detail).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration$/);
    expect(check('jwks').detail).toMatch(/^1 key at http:\/\/127\.0\.0\.1:\d+\/jwks$/);
    expect(check('audience')).toMatchObject({ status: 'pass', detail: `the server accepted a token whose aud is ${server!.url}` });
    expect(failing(json)).toEqual({ claude: ['public-url'], chatgpt: ['public-url'] });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(server!.token);
  });

  it('--json has the shape README.md documents: the same keys, in the same order', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /`--json` prints one document[^\n]*\n\n```json\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'the JSON example of README.md').not.toBeNull();
    const documented = JSON.parse(block![1]!) as Report & Record<string, unknown>;
    const { json } = await report('bearer', 'no-cors', '--client', 'browser');
    const keys = (value: object) => Object.keys(value);
    expect(keys(json)).toEqual(keys(documented));
    const failed = json.checks.find((c) => c.status === 'fail')!;
    expect(keys(failed)).toEqual(keys(documented.checks.find((c) => c.fix)!));
    expect(keys(json.checks.find((c) => c.status === 'pass')!)).toEqual(keys(documented.checks.find((c) => !c.fix)!));
    expect(keys(json.profiles[0]!)).toEqual(keys(documented.profiles[0]!));
    expect(keys(json.profiles.find((p) => p.because.length > 0)!.because[0]!)).toEqual(['check', 'status', 'reason']);
  });

  it('never registers a client without --register', async () => {
    const { check } = await report('oauth-provider');
    expect(check('dcr-register').status).toBe('skip');
    expect(server!.requests.filter((r) => r.path === '/register')).toEqual([]);
  });
});

describe('doctor --remote against broken servers', () => {
  const cases: [Fault, FakeMode, string, RegExp, string][] = [
    ['no-cors', 'bearer', 'cors-preflight', /answer CORS preflights .*MCIFY_ALLOWED_ORIGINS/, 'browser'],
    ['no-challenge', 'bearer', 'auth-required', /send a challenge on every 401 \(RFC 9110 section 11\.6\.1\)/, 'spec'],
    ['wrong-resource', 'oauth-provider', 'prm-resource', /make resource exactly http:\/\/127\.0\.0\.1:\d+\/mcp/, 'claude-code'],
    ['no-s256', 'oauth-provider', 'pkce-s256', /support PKCE with S256/, 'vscode'],
    ['no-echo', 'bearer', 'init-2025-06-18', /answer initialize with the version the client asked for/, 'sdk-2025'],
    ['big-body', 'bearer', 'body-limit', /limit request bodies before parsing/, 'spec'],
    ['get-405-no-allow', 'bearer', 'get-405', /send Allow: POST, OPTIONS with the 405/, 'spec'],
    ['redirect', 'bearer', 'redirect', /give clients the final URL/, 'cursor'],
    ['no-jwks', 'oauth', 'jwks', /the server verifies tokens with these keys: check the issuer URL/, 'spec'],
    ['cimd-only', 'oauth-provider', 'dcr-endpoint', /also offer Dynamic Client Registration \(RFC 7591\)/, 'sdk-2025'],
  ];
  it.each(cases)('%s: fails %s with its fix and exits non-zero', async (fault, mode, id, fix, profile) => {
    const { result, json, check } = await report(mode, fault);
    expect(check(id).status, check(id).detail).toBe('fail');
    expect(check(id).fix).toMatch(fix);
    expect(json.profiles.find((p) => p.id === profile)!.because).toContainEqual(expect.objectContaining({ check: id, status: 'fail' }));
    expect(result.status).toBe(1);
    // Asked about that one client, doctor still exits non-zero, and prints the fix in its table.
    const text = await doctor(server!.url, '--auth', mode, '--client', profile);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`^ {2}FAIL {2}${id} `, 'm'));
    expect(text.stdout).toMatch(fix);
  });

  it('wrong-audience: a token for another resource is a warning; the project\'s own setting decides', async () => {
    const { check } = await report('oauth', 'wrong-audience');
    expect(check('audience')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^the server accepted a token whose aud is https:\/\/api\.other\.example, not http/) });

    // Inside an oauth project whose env file names that other audience, the check fails.
    const cwd = scratch('remote-audience');
    expect(run(['srv', '--auth', 'oauth', '--target', 'node', '--no-install', '--no-git', '--yes'], cwd).status).toBe(0);
    const project = join(cwd, 'srv');
    const envFile = join(project, '.env');
    // As create-mcify wrote it, the env file holds a placeholder: that says nothing either way.
    const placeholder = await doctorIn(project, server!.url, '--json', '--client', 'spec');
    expect((JSON.parse(placeholder.stdout) as Report).checks.find((c) => c.id === 'audience')!.status).toBe('warn');
    writeFileSync(envFile, readFileSync(envFile, 'utf8').replace(/^MCIFY_OAUTH_AUDIENCE=.*$/m, 'MCIFY_OAUTH_AUDIENCE=https://api.other.example'));
    const inProject = await doctorIn(project, server!.url, '--json', '--client', 'spec');
    const audience = (JSON.parse(inProject.stdout) as Report).checks.find((c) => c.id === 'audience')!;
    expect(audience).toMatchObject({ status: 'fail', fix: `set MCIFY_OAUTH_AUDIENCE to ${server!.url} where the server runs, and the API's identifier (audience) at your provider to the same` });
    expect(audience.detail).toMatch(/^MCIFY_OAUTH_AUDIENCE in the env file is https:\/\/api\.other\.example, not /);
    expect(inProject.status).toBe(1);
  });

  it('no-echo also fails 2025-03-26, and warns (not fails) for current clients', async () => {
    const { check } = await report('bearer', 'no-echo');
    expect(check('init-2025-03-26').status).toBe('fail');
    expect(check('init-2025-11-25').status).toBe('pass');
  });
});

describe('doctor --remote: errors are one line', () => {
  it('an unreachable server', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await doctor(`http://127.0.0.1:${port}/mcp`);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`mcify: POST http://127.0.0.1:${port}/mcp: connection refused: nothing listens there (ECONNREFUSED)`);
    expect(result.stdout).toBe('');
  });

  it('a URL that is not an MCP endpoint', async () => {
    server = await startFakeServer('bearer');
    const url = server.url.replace(/\/mcp$/, '/api');
    const result = await doctor(url);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`mcify: POST ${url} got HTTP 404: no MCP endpoint there; check the path (servers made by create-mcify serve /mcp).`);
  });

  it('a server that never answers ends at the timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`;
      const started = Date.now();
      const result = await runAsync(['doctor', '--remote', url, '--timeout', '300'], scratch('remote'), 'mcify');
      expect(result.stderr.trim()).toBe(`mcify: POST ${url}: no answer before the timeout (--timeout)`);
      expect(result.status).toBe(1);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('a TLS server with a certificate this machine does not trust', async () => {
    // Nothing to trust here: a plain http server answering a TLS handshake is an error too.
    const plain = createServer((_req, res) => res.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(plain.address() as AddressInfo).port}/mcp`;
      const result = await doctor(url);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^mcify: POST https:\/\/127\.0\.0\.1:\d+\/mcp: .*(TLS|SSL)/);
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });

  it.each([
    [['--remote', 'not a url'], /--remote "not a url" is not a URL/],
    [['--remote', 'ftp://x.example.com/mcp'], /--remote needs an http\(s\) URL/],
    [['--remote', 'http://127.0.0.1:1/mcp', '--client', 'claud'], /Unknown --client "claud"\. Valid values: claude, chatgpt,/],
    [['--remote', 'http://127.0.0.1:1/mcp', '--auth', 'basic'], /Unknown --auth "basic"/],
    [['--remote', 'http://127.0.0.1:1/mcp', '--token-env', 'DOCTOR_UNSET_VAR'], /DOCTOR_UNSET_VAR is not set in the environment/],
    [['--client', 'claude'], /--client works only with --remote <url>/],
  ])('%j', async (args, message) => {
    const result = await runAsync(['doctor', ...args], scratch('remote'), 'mcify');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('doctor --remote is loaded only when asked for', () => {
  it('its options show in the help of doctor, however it is asked for', () => {
    for (const args of [['doctor', '--help'], ['help', 'doctor']]) {
      const help = run(args, scratch('remote-help'), 'mcify').stdout;
      for (const flag of ['--remote <url>', '--auth <mode>', '--token-env <NAME>', '--client <profile>', '--origin <origin>', '--call <tool>', '--register', '--timeout <ms>']) {
        expect(help, args.join(' ')).toContain(flag);
      }
    }
  });

  /** The files of dist/ a run of the mcify bin loaded (see test/helpers/loaded-files.cjs). */
  async function loaded(args: string[], cwd: string): Promise<string[]> {
    const list = join(cwd, 'loaded.txt');
    const preload = join(repoRoot, 'test/helpers/loaded-files.cjs');
    await runAsync(args, cwd, 'mcify', { NODE_OPTIONS: `--require ${preload}`, LOADED_FILES_OUT: list, FAKE_TOKEN });
    const dist = join(repoRoot, 'dist');
    return readFileSync(list, 'utf8').split('\n').filter((f) => f.startsWith(dist) && !f.includes('/templates/')).map((f) => relative(dist, f));
  }

  it('the local doctor does not load dist/remote.cjs; --remote does', async () => {
    const cwd = scratch('remote-loaded');
    expect(run(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--no-git', '--yes'], cwd).status).toBe(0);
    const local = await loaded(['doctor'], join(cwd, 'srv'));
    expect(local).toContain('commands.cjs');
    expect(local).not.toContain('remote.cjs');
    server = await startFakeServer('bearer');
    const remote = await loaded(['doctor', '--remote', server.url, '--token-env', 'FAKE_TOKEN'], join(cwd, 'srv'));
    // Inside a project it reads the auth mode from mcify.config.ts through the parser (acorn).
    expect(remote).toEqual(['cli.cjs', 'vendor/commander.cjs', 'remote.cjs', 'vendor/acorn.cjs']);
  });
});
