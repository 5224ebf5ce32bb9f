// The consent page of `--auth oauth-provider` in a real headless browser: Debian's chromium driven
// by playwright-core (no browser download). It renders, the owner approves, the client gets its
// code and calls a tool. The screenshot is kept in test/.artifacts/consent.png.
import { existsSync, mkdirSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI, TestOAuthProvider } from '../../templates/auth/oauth-provider/test/support/oauth.js';
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
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders, the owner approves, and the client receives its code and calls a tool', async () => {
    server = await startScript(project, ['run', 'start'], 'bun');
    const provider = new TestOAuthProvider('Claude');
    const first = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(server.url, { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 640, height: 720 } });
    // The client's loopback redirect URI: answered here, the way a desktop client catches it.
    let callback: URL | undefined;
    await page.route(`${REDIRECT_URI}**`, async (route) => {
      callback = new URL(route.request().url());
      await route.fulfill({ contentType: 'text/plain', body: 'You can close this window.' });
    });

    await page.goto(provider.lastAuthUrl!.href);
    expect(new URL(page.url()).pathname).toBe('/consent');
    await expect(page.locator('h1').textContent()).resolves.toContain('Allow access to');
    expect(await page.locator('body').textContent()).toContain('Claude');
    await page.fill('input[name="password"]', ownerPassword(project));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('consent.png', ARTIFACTS).pathname, fullPage: true });
    await page.click('button[value="approve"]');
    await page.waitForURL(`${REDIRECT_URI}**`);

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
});
