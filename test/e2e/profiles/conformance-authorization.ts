// The official MCP conformance suite's `authorization` command (@modelcontextprotocol/conformance,
// pinned) against the project's own authorization server: its two scenarios,
// authorization-server-metadata-endpoint (RFC 8414 metadata at the issuer) and
// authorization-code-grant (a public client with PKCE: authorization request, the redirect to
// http://127.0.0.1:PORT/callback, the token request). The suite takes a client_id registered
// beforehand, so the test registers one through DCR with the suite's redirect URI; the suite prints
// the authorization URL for a person to open, and here headless Chromium opens it, the owner's
// password is typed on the consent page and Approve clicked. The browser then follows the real
// redirect to the suite's callback server, which completes the grant.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { node22Dir } from '../../../scripts/test-tools.mjs';
import { checksByScenario, CONFORMANCE, type Check } from '../conformance-suite.js';
import { freePort } from '../harness.js';
import { sharedBrowser } from './browser.js';

export const AUTHORIZATION_SCENARIOS = ['authorization-server-metadata-endpoint', 'authorization-code-grant'] as const;
/** The name the suite's client registers under, shown on the consent page. */
const CLIENT_NAME = 'MCP conformance suite';
/** The whole run (both scenarios and the consent step) gets this long; then the suite is killed. */
const RUN_LIMIT_MS = 90_000;

/** What one run of the `authorization` command gave: its exit code, output, and the checks of each scenario. */
export interface AuthorizationRun {
  readonly code: number | null;
  readonly log: string;
  readonly scenarios: Map<string, Check[]>;
}

/** Registers the suite's public client (RFC 7591) with `redirectUri`; returns its client_id. */
async function registerSuiteClient(issuer: string, redirectUri: string): Promise<string> {
  const res = await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: CLIENT_NAME,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  const body = (await res.json()) as { client_id?: string };
  if (res.status !== 201 || !body.client_id) throw new Error(`/register answered ${res.status}: ${JSON.stringify(body)}`);
  return body.client_id;
}

/** In headless Chromium: opens `authorizationUrl`, types the owner's password, approves, and waits for the redirect to `redirectUri`. */
async function approveInChromium(authorizationUrl: URL, ownerPassword: string, redirectUri: string): Promise<void> {
  const context = await (await sharedBrowser()).newContext();
  try {
    const page = await context.newPage();
    await page.goto(authorizationUrl.href);
    expect(new URL(page.url()).pathname, 'the authorization request leads to the consent page').toBe('/consent');
    expect(await page.locator('body').textContent()).toContain(CLIENT_NAME);
    await page.fill('input[name="password"]', ownerPassword);
    await page.click('button[value="approve"]');
    // The suite's callback server answers the redirect; the page then shows its "OK".
    await page.waitForURL(`${redirectUri}?**`, { timeout: 30_000 });
  } finally {
    await context.close();
  }
}

/**
 * Runs the suite's `authorization` command against the authorization server of the MCP endpoint
 * `mcpUrl` (issuer: its origin; resource: `mcpUrl`, RFC 8707), approving on the consent page with
 * `ownerPassword` in Chromium. Resolves when the suite has exited (killed after RUN_LIMIT_MS).
 */
export async function runAuthorizationSuite(mcpUrl: URL, ownerPassword: string): Promise<AuthorizationRun> {
  const issuer = mcpUrl.origin;
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const clientId = await registerSuiteClient(issuer, redirectUri);
  const output = mkdtempSync(join(tmpdir(), 'conformance-authorization-'));
  const args = ['authorization', '--url', issuer, '--client-id', clientId, '--resource', mcpUrl.href, '-p', String(port), '--output-dir', output];
  const child = spawn(join(node22Dir() as string, 'node'), [CONFORMANCE, ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The suite prints the authorization URL on a line of its own, then waits for the callback.
  const authorizationUrl = new Promise<URL>((resolve, reject) => {
    const onData = (data: Buffer) => {
      log += data;
      const line = log.split('\n').find((l) => l.startsWith(`${issuer}/authorize?`));
      if (line) resolve(new URL(line.trim()));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`the suite exited before printing an authorization URL:\n${log}`)));
  });
  try {
    const consent = authorizationUrl.then((url) => approveInChromium(url, ownerPassword, redirectUri));
    // A failed consent step ends the suite at once instead of leaving it waiting for its callback.
    consent.catch(() => child.kill('SIGKILL'));
    const code = await exited;
    await consent.catch((error: Error) => {
      throw new Error(`the consent step failed: ${error.message}\nsuite output:\n${log}`);
    });
    return { code, log, scenarios: checksByScenario(output, 'authorization-server') };
  } finally {
    clearTimeout(timer);
    child.kill('SIGKILL');
    rmSync(output, { recursive: true, force: true });
  }
}

/**
 * Both scenarios ran and every check passed, the suite's CIMD advice
 * (authorization-server-metadata-cimd) included; the suite exited 0. Returns the authorization response the suite received (its callback URL), for the caller's
 * secret checks.
 */
export async function expectAuthorizationConformance(mcpUrl: URL, ownerPassword: string): Promise<URL> {
  const run = await runAuthorizationSuite(mcpUrl, ownerPassword);
  expect([...run.scenarios.keys()].sort(), run.log).toEqual([...AUTHORIZATION_SCENARIOS].sort());
  for (const [scenario, checks] of run.scenarios) {
    for (const check of checks) {
      expect(check.status, `${scenario}/${check.id}: ${check.errorMessage ?? ''}\n${run.log}`).toBe('SUCCESS');
    }
  }
  expect(run.code, run.log).toBe(0);
  const grant = run.scenarios.get('authorization-code-grant')!;
  expect(grant.map((c) => c.id)).toEqual(['authorization-code-grant']);
  const response = new URL(grant[0]!.details!['authorizationResponseUrl'] as string);
  // The suite checks iss only when present; this server always sends it (RFC 9207).
  expect(response.searchParams.get('iss')).toBe(mcpUrl.origin);
  return response;
}
