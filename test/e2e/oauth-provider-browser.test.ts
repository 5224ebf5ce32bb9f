// The consent page of `--auth oauth-provider` in a real headless browser: Debian's chromium driven
// by playwright-core (no browser download). It renders, the owner approves, the client gets its
// code and calls a tool; the same with a client whose client_id is a metadata document URL (CIMD,
// the document served by this test on 127.0.0.1). The screenshots are kept in test/.artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI, TestOAuthProvider, authorizeUrl, pkce, rawWhoami, tokenRequest } from '../../templates/auth/oauth-provider/test/support/oauth.js';
import { ownerPassword } from './clients/oauth-provider.js';
import { generate, startScript, type Running } from './harness.js';
import { CHROMIUM, CHROMIUM_ARGS } from './profiles/browser.js';

const ARTIFACTS = new URL('../.artifacts/', import.meta.url);
if (!existsSync(CHROMIUM)) {
  const reason = `${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`;
  if (process.env.CI === 'true') throw new Error(`The consent page cannot be tested in a browser: ${reason}`);
  console.warn(`Skipping the consent page in a browser: ${reason}`);
}

describe.skipIf(!existsSync(CHROMIUM))('oauth-provider consent page in headless Chromium', () => {
  const project = generate('oauth-provider', 'bun', ['--pm', 'bun']);
  let server: Running | undefined;
  let browser: Browser | undefined;
  const documents = createServer((req, res) => res.writeHead(req.url === '/oauth/client.json' ? 200 : 404, { 'content-type': 'application/json' }).end(served));
  let served = '';
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    documents.close();
  });
  // The development setting that lets the server fetch a client's document from 127.0.0.1.
  const running = async () => (server ??= await startScript(project, ['run', 'start'], 'bun', { MCIFY_CIMD_ALLOW_LOOPBACK: '1' }));

  /**
   * Opens `authUrl` in Chromium, expects the consent page, runs `check` on it, keeps a screenshot,
   * types the owner password and approves. Returns the URL the client's redirect URI received.
   */
  async function approveInBrowser(authUrl: URL, screenshot: string, check: (page: Page) => Promise<void>): Promise<URL | undefined> {
    browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 640, height: 720 } });
    // The client's loopback redirect URI: answered here, the way a desktop client catches it.
    let callback: URL | undefined;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      callback = new URL(route.request().url());
      await route.fulfill({ contentType: 'text/plain', body: 'You can close this window.' });
    });
    await page.goto(authUrl.href);
    expect(new URL(page.url()).pathname).toBe('/consent');
    await check(page);
    await page.fill('input[name="password"]', ownerPassword(project));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL(screenshot, ARTIFACTS).pathname, fullPage: true });
    await page.click('button[value="approve"]');
    await page.waitForURL(`${REDIRECT_URI}**`);
    return callback;
  }

  it('renders, the owner approves, and the client receives its code and calls a tool', async () => {
    const server = await running();
    const provider = new TestOAuthProvider('Claude');
    const first = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);

    const callback = await approveInBrowser(provider.lastAuthUrl!, 'consent.png', async (page) => {
      await expect(page.locator('h1').textContent()).resolves.toContain('Allow access to');
      expect(await page.locator('body').textContent()).toContain('Claude');
    });
    expect(callback?.searchParams.get('state')).toBe(provider.lastState);
    const code = callback?.searchParams.get('code');
    expect(code).toBeTruthy();
    await new StreamableHTTPClientTransport(server.url, { authProvider: provider }).finishAuth(code!);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider }));
    const me = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse((me.content as { text: string }[])[0]!.text)).toMatchObject({ subject: { sub: 'owner' } });
    await client.close();
  });

  it('names the host of a client metadata document (ChatGPT-shaped) and completes its flow', async () => {
    const server = await running();
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    const clientId = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/oauth/client.json`;
    served = JSON.stringify({
      client_id: clientId,
      client_name: 'ChatGPT',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      jwks_uri: 'https://chatgpt.com/oauth/jwks.json',
    });
    const { verifier, challenge } = pkce();
    const callback = await approveInBrowser(authorizeUrl(server.url, clientId, challenge), 'consent-cimd.png', async (page) => {
      await expect(page.locator('.client-host').textContent()).resolves.toBe(new URL(clientId).host);
      expect(await page.locator('body').textContent()).toContain('It calls itself ChatGPT');
    });
    const code = callback?.searchParams.get('code');
    expect(code).toBeTruthy();
    const tokens = await tokenRequest(server.url, { grant_type: 'authorization_code', code: code!, code_verifier: verifier, client_id: clientId, redirect_uri: REDIRECT_URI });
    expect(tokens.status).toBe(200);
    const me = await rawWhoami(server.url, String(tokens.body.access_token));
    expect(me.output).toMatchObject({ subject: { sub: 'owner' }, clientId });
  });
});
