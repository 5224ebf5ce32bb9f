// A browser MCP client (a web app calling the server from page script, as apps built on Cloudflare's
// use-mcp do): Debian's headless Chromium driven by playwright-core opens a page the test serves and
// runs fetch() in it, so the browser's own CORS rules decide. The page is served under three origins:
// loopback (http://localhost:PORT), one listed in MCIFY_ALLOWED_ORIGINS, and one that is neither
// (Chromium resolves the *.e2e.test names to 127.0.0.1 through --host-resolver-rules).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
/** The arguments Chromium runs with in these tests (no sandbox in containers, no GPU, quiet). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'];

/** The page server and the three origins it answers under. */
export interface Pages {
  readonly loopback: string;
  readonly listed: string;
  readonly foreign: string;
  close(): Promise<void>;
}

/** Serves an empty HTML page on 127.0.0.1 (any path, any Host): the origin is what the test varies. */
export async function servePages(): Promise<Pages> {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>MCP web client</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    loopback: `http://localhost:${port}`,
    listed: `http://listed.e2e.test:${port}`,
    foreign: `http://foreign.e2e.test:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the page script saw: the negotiated version, the tool's text, and an anonymous 401. */
interface PageRun {
  readonly version?: string;
  readonly greeting?: string;
  readonly status?: number;
  readonly challenge?: string | null;
  readonly error?: string;
}

/** In the page: initialize, notifications/initialized, tools/call greet with fetch; then a call without credentials. */
function callFromPage(page: Page, url: URL, headers: Record<string, string>, anonymous: boolean): Promise<PageRun> {
  return page.evaluate(
    async ({ url, headers, anonymous }) => {
      const post = (body: object, extra: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra },
          body: JSON.stringify({ jsonrpc: '2.0', ...body }),
        });
      const read = async (res: Response) => {
        const text = await res.text();
        const data = (res.headers.get('content-type') ?? '').includes('text/event-stream')
          ? (text.split('\n').find((line) => line.startsWith('data:')) ?? '').slice(5)
          : text;
        return JSON.parse(data);
      };
      const initialize = { id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'page', version: '1' } } };
      try {
        const opened = await post(initialize, headers);
        const version: string = (await read(opened)).result.protocolVersion;
        const session = opened.headers.get('mcp-session-id');
        const next = { ...headers, 'mcp-protocol-version': version, ...(session ? { 'mcp-session-id': session } : {}) };
        await post({ method: 'notifications/initialized' }, next);
        const called = await read(await post({ id: 2, method: 'tools/call', params: { name: 'greet', arguments: { name: 'browser' } } }, next));
        const run: PageRun = { version, greeting: called.result.content[0].text };
        if (!anonymous) return run;
        const refused = await post(initialize, {});
        return { ...run, status: refused.status, challenge: refused.headers.get('www-authenticate') };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url: url.href, headers, anonymous },
  );
}

/**
 * From a page of the loopback and of the listed origin, page script initializes, calls `greet`
 * with `headers` and (when `anonymous401`) reads the WWW-Authenticate of a 401; from a page of a
 * foreign origin the browser blocks the call. `pages.listed` must be in the server's
 * MCIFY_ALLOWED_ORIGINS.
 */
export async function expectBrowserClient(pages: Pages, url: URL, headers: Record<string, string>, anonymous401: boolean): Promise<void> {
  const context = await (await sharedBrowser()).newContext();
  try {
    const page = await context.newPage();
    for (const origin of [pages.loopback, pages.listed]) {
      await page.goto(`${origin}/`);
      const run = await callFromPage(page, url, headers, anonymous401);
      expect(run.error, `page of ${origin}`).toBeUndefined();
      expect(run.greeting, `page of ${origin}`).toBe(JSON.stringify({ message: 'Hello, browser!' }));
      expect(run.version).toBe('2025-11-25');
      if (anonymous401) {
        expect(run.status, `page of ${origin}: the 401 is readable`).toBe(401);
        expect(run.challenge, `page of ${origin}: WWW-Authenticate is exposed`).toMatch(/^(Bearer|ApiKey)\s/i);
      }
    }
    await page.goto(`${pages.foreign}/`);
    const blocked = await callFromPage(page, url, headers, false);
    expect(blocked.error, `page of ${pages.foreign}, not listed`).toMatch(/Failed to fetch/);
  } finally {
    await context.close();
  }
}

let launched: Promise<Browser> | undefined;

/**
 * One Chromium per test file (launching costs seconds); each check gets a fresh context. Close it
 * with closeBrowser() in afterAll; playwright also ends it when the process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`);
  launched ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.e2e.test 127.0.0.1'] });
  return launched;
}

/** Closes the browser sharedBrowser() launched, if any. */
export async function closeBrowser(): Promise<void> {
  const browser = launched;
  launched = undefined;
  await (await browser)?.close();
}
