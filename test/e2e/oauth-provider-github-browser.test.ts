// --login github in a real headless browser (Debian's chromium, playwright-core): the consent page
// sends the browser to a GitHub-style sign-in page (a mock on 127.0.0.1, set through
// MCIFY_GITHUB_URL and MCIFY_GITHUB_API_URL as for GitHub Enterprise), the person authorizes there,
// comes back signed in, approves, and the client calls a tool as github:<id>. The consent page
// after the sign-in is kept as docs/consent-github.png.
import { randomBytes, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI, TestOAuthProvider } from '../../templates/auth/oauth-provider/test/support/oauth.js';
import { generate, startScript, type Running } from './harness.js';
import { CHROMIUM, CHROMIUM_ARGS } from './profiles/browser.js';

const SCREENSHOT = new URL('../../docs/consent-github.png', import.meta.url).pathname;
const CLIENT_ID = 'Iv1.e2e';
const CLIENT_SECRET = randomBytes(16).toString('hex');

/** A GitHub-style OAuth app server: a sign-in page with Authorize, the code exchange (PKCE), /user and /user/emails. */
async function mockGitHub(): Promise<{ origin: string; server: Server }> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const token = `gho_${randomBytes(8).toString('hex')}`;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (url.pathname === '/login/oauth/authorize') {
        const q = url.searchParams;
        if (q.get('client_id') !== CLIENT_ID) return json(404, { error: 'unknown client' });
        const code = randomBytes(8).toString('hex');
        codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
        const back = new URL(q.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        return res.writeHead(200, { 'content-type': 'text/html' }).end(
          `<!doctype html><title>Authorize application</title><h1>Authorize e2e server</h1><p>Signed in as octocat.</p><a id="authorize" href="${back.href.replace(/&/g, '&amp;')}">Authorize</a>`,
        );
      }
      if (url.pathname === '/login/oauth/access_token') {
        const f = new URLSearchParams(body);
        const grant = codes.get(f.get('code') ?? '');
        const verified = grant && createHash('sha256').update(f.get('code_verifier') ?? '').digest('base64url') === grant.challenge;
        if (f.get('client_secret') !== CLIENT_SECRET || !verified || grant.redirectUri !== f.get('redirect_uri')) return json(200, { error: 'bad_verification_code' });
        return json(200, { access_token: token, token_type: 'bearer' });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return json(401, { message: 'Bad credentials' });
      if (url.pathname === '/user') return json(200, { id: 583231, login: 'octocat', name: 'The Octocat' });
      if (url.pathname === '/user/emails') return json(200, [{ email: 'octocat@github.example', primary: true, verified: true }]);
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!existsSync(CHROMIUM))('oauth-provider --login github in headless Chromium', () => {
  const project = generate('oauth-provider', 'node', ['--login', 'github']);
  let server: Running | undefined;
  let github: Server | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    github?.close();
  });

  it('signs in at GitHub, approves, and the client calls a tool as github:<id>', async () => {
    const mock = await mockGitHub();
    github = mock.server;
    server = await startScript(project, ['run', 'dev'], 'npm', {
      MCIFY_GITHUB_CLIENT_ID: CLIENT_ID,
      MCIFY_GITHUB_CLIENT_SECRET: CLIENT_SECRET,
      MCIFY_GITHUB_URL: mock.origin,
      MCIFY_GITHUB_API_URL: mock.origin,
      MCIFY_ALLOWED_EMAILS: 'octocat@github.example',
    });
    const provider = new TestOAuthProvider('Claude');
    const first = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 640, height: 720 } });
    let callback: URL | undefined;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      callback = new URL(route.request().url());
      await route.fulfill({ contentType: 'text/plain', body: 'You can close this window.' });
    });

    await page.goto(provider.lastAuthUrl!.href);
    expect(page.url().startsWith(`${mock.origin}/login/oauth/authorize`)).toBe(true);
    await page.click('#authorize');
    await page.waitForURL((url) => url.pathname === '/consent');
    expect(await page.locator('body').textContent()).toContain('Signed in as octocat@github.example');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.click('button[value="approve"]');
    await page.waitForURL(`${REDIRECT_URI}**`);

    expect(callback?.searchParams.get('state')).toBe(provider.lastState);
    expect(callback?.searchParams.get('iss')).toBe(server.url.origin);
    await new StreamableHTTPClientTransport(server.url, { authProvider: provider }).finishAuth(callback!.searchParams.get('code')!);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider }));
    const me = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse((me.content as { text: string }[])[0]!.text)).toMatchObject({ subject: { sub: 'github:583231', login: 'octocat' } });
    await client.close();
  });
});
