import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { envValues, parseEnv } from '../../../src/lib/env-file.js';
import { modulesFor } from '../../../src/plan/plan.js';
import type { AuthMode } from '../../../src/modules/types.js';
import { projectEnv, rawInitialize, startScript, type Generated } from '../harness.js';
import { CHROMIUM, expectBrowserClient, servePages, type Pages } from '../profiles/browser.js';
import { expectAuthorizationConformance } from '../profiles/conformance-authorization.js';
import { expectHttpRules } from '../profiles/http-rules.js';
import { expectInspectorCli } from '../profiles/inspector.js';
import { claudeDesktopSnippet, expectMcpRemote, fillIn } from '../profiles/mcp-remote.js';
import { expectOlderSdkClients, type OAuthSecrets } from '../profiles/older-sdks.js';
import { expectDoctorRemotePasses } from './doctor-remote.js';
import { ownerPassword, sawSecrets } from './oauth-provider.js';
import type { E2EAuth } from './types.js';

/** The authorised client of a mode: clients/<mode>.ts when there is one, else the shared-secret one. */
export async function e2eAuthFor(auth: AuthMode): Promise<E2EAuth> {
  const own = new URL(`./${auth}.ts`, import.meta.url);
  const module = existsSync(own) ? await import(/* @vite-ignore */ own.href) : await import('./shared-secret.js');
  return (module as { e2eAuth: E2EAuth }).e2eAuth;
}

/** An origin a project's owner lists in MCIFY_ALLOWED_ORIGINS, for the raw CORS checks. */
const LISTED_ORIGIN = 'https://app.e2e.test';

/**
 * Where the client profiles that start a process of their own run. The cheap profiles (raw HTTP
 * rules, the older SDKs, doctor --remote: two runs of our CLI) run on every served combination.
 * These three each cost seconds, so they run on the node target only: what they depend on is the HTTP the server sends (CORS headers,
 * challenges, versions), which the raw rules prove on every target, while the target only changes
 * how the same Hono app is served.
 * - browser: none, api-key and oauth-provider. What a browser decides on is the CORS headers and
 *   which request headers the page sends: none (no credential, no 401), api-key (its own header,
 *   an ApiKey challenge), and an Authorization token with a Bearer challenge, in oauth-provider's
 *   app (bearer and oauth send the same headers through the shared front).
 * - inspector: api-key and oauth-provider: a custom header, and an Authorization token (here one
 *   from the project's own authorization server; bearer and oauth send the same header shape
 *   through the shared front, none sends none).
 * - mcp-remote: each form of the README snippet: none (the URL alone), bearer and api-key (a
 *   header from an env variable; bearer's value has a space), oauth-provider (mcp-remote's own
 *   OAuth flow). Not oauth: its snippet sends the user to the external identity provider, which
 *   the e2e mock does not host.
 * - authorization conformance: oauth-provider on every target. The official conformance suite's
 *   `authorization` scenarios test the project's own authorization server, whose store differs per
 *   target (SQLite on node and bun, D1 on workers), with the consent step in Chromium.
 */
export const EXPENSIVE_PROFILES = {
  browser: (p: Generated) => p.target === 'node' && ['none', 'api-key', 'oauth-provider'].includes(p.auth) && browserAvailable(),
  inspector: (p: Generated) => p.target === 'node' && ['api-key', 'oauth-provider'].includes(p.auth),
  mcpRemote: (p: Generated) => p.target === 'node' && p.auth !== 'oauth',
  authorizationConformance: (p: Generated) => p.auth === 'oauth-provider' && browserAvailable(),
};

/** Without Chromium a developer's run skips the browser profile, with a warning; in CI (.ci/run installs it) it fails. */
function browserAvailable(): boolean {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return true;
  console.warn(`Skipping the browser client profile: ${CHROMIUM} is missing (apt-get install chromium)`);
  return false;
}

/** The project's settings by name, from its env file (.env or .dev.vars). */
function settingsOf(project: Generated): Record<string, string> {
  const file = join(project.dir, modulesFor(project.auth, project.target).target.envFile);
  return Object.fromEntries(envValues(parseEnv(readFileSync(file, 'utf8'))));
}

/**
 * Serves the project with `command args` and checks what every served project must do: an
 * authorised official MCP client calls `greet`, an anonymous request gets 401 where the mode asks
 * for credentials, a web page of another origin gets 403 (DNS rebinding), and no secret reaches
 * the server's output. Then the client profiles: the strict HTTP rules and the older SDK clients
 * everywhere, and (unless `expensive` is false) a browser, the Inspector CLI, mcp-remote and the
 * conformance suite's authorization scenarios on the combinations EXPENSIVE_PROFILES names. Stops everything it started.
 */
export async function expectServesAuthorisedClient(
  project: Generated,
  command: string,
  args: string[],
  env: Record<string, string> = {},
  { expensive = true }: { expensive?: boolean } = {},
): Promise<void> {
  const client = await e2eAuthFor(project.auth);
  const prepared = await client.setup?.(project);
  const pages: Pages | undefined = expensive && EXPENSIVE_PROFILES.browser(project) ? await servePages() : undefined;
  const allowed = projectEnv(project, { MCIFY_ALLOWED_ORIGINS: [LISTED_ORIGIN, pages?.listed].filter(Boolean).join(',') });
  try {
    const server = await startScript(project, args, command, { ...prepared?.env, ...allowed, ...env });
    try {
      const mcp = await client.connect(project, server.url);
      const result = await mcp.callTool({ name: 'greet', arguments: { name: 'e2e' } });
      expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ message: 'Hello, e2e!' }) }]);
      await mcp.close();
      const anonymous401 = client.rejectsAnonymous(project);
      if (anonymous401) expect((await rawInitialize(server.url)).status).toBe(401);
      expect((await rawInitialize(server.url, { origin: 'http://evil.example.com' })).status).toBe(403);

      const headers = await client.headers(project, server.url);
      const oauthFlow = { ownerPassword: project.auth === 'oauth-provider' ? ownerPassword(project) : '', held: (s: OAuthSecrets) => sawSecrets(project, s.code, s.verifier, ...s.tokens) };
      const profiles: [string, () => unknown][] = [
        ['strict HTTP', () => expectHttpRules(server.url, project.auth, headers, LISTED_ORIGIN)],
        ['older SDKs', () => expectOlderSdkClients(server.url, project.auth === 'oauth-provider' ? oauthFlow : { headers })],
        // Our own `mcify doctor --remote`, on every combination: clients/doctor-remote.ts.
        ['doctor --remote', () => expectDoctorRemotePasses(project, server.url, headers)],
      ];
      if (pages) profiles.push(['browser', () => expectBrowserClient(pages, server.url, headers, anonymous401)]);
      if (expensive && EXPENSIVE_PROFILES.inspector(project)) profiles.push(['Inspector CLI', () => expectInspectorCli(server.url, headers)]);
      if (expensive && EXPENSIVE_PROFILES.mcpRemote(project)) {
        const snippet = fillIn(claudeDesktopSnippet(project), server.url, settingsOf(project));
        profiles.push(['mcp-remote', () => expectMcpRemote(snippet, project.auth === 'oauth-provider' ? ownerPassword(project) : undefined)]);
      }
      if (expensive && EXPENSIVE_PROFILES.authorizationConformance(project)) {
        const suite = async () => sawSecrets(project, (await expectAuthorizationConformance(server.url, ownerPassword(project))).searchParams.get('code') ?? undefined);
        profiles.push(['conformance authorization', suite]);
      }
      // Every profile runs; one failure lists each that failed, with its first line.
      const failed: string[] = [];
      for (const [name, profile] of profiles) {
        const started = Date.now();
        await Promise.resolve()
          .then(profile)
          .catch((error: Error) => failed.push(`${name}: ${error.message}`));
        if (process.env.E2E_PROFILE_TIMES) process.stderr.write(`${project.auth}-${project.target} ${name}: ${Date.now() - started} ms\n`);
      }
      expect(failed, `client profiles that failed on ${project.auth}-${project.target}`).toEqual([]);

      for (const secret of client.secrets(project)) expect(server.output()).not.toContain(secret);
      // Node's warnings ("(node:123) ExperimentalWarning: ...") are noise in a project users own.
      expect(server.output()).not.toMatch(/\(node:\d+\) \w*Warning:/);
    } finally {
      await server.stop();
    }
  } finally {
    await pages?.close();
    await prepared?.teardown?.();
  }
}
