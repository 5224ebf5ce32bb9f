import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import type { AuthMode } from '../../../src/modules/types.js';
import { rawInitialize, startScript, type Generated } from '../harness.js';
import type { E2EAuth } from './types.js';

/** The authorised client of a mode: clients/<mode>.ts when there is one, else the shared-secret one. */
export async function e2eAuthFor(auth: AuthMode): Promise<E2EAuth> {
  const own = new URL(`./${auth}.ts`, import.meta.url);
  const module = existsSync(own) ? await import(/* @vite-ignore */ own.href) : await import('./shared-secret.js');
  return (module as { e2eAuth: E2EAuth }).e2eAuth;
}

/**
 * Serves the project with `command args` and checks what every served project must do: an
 * authorised official MCP client calls `greet`, an anonymous request gets 401 where the mode asks
 * for credentials, a web page of another origin gets 403 (DNS rebinding), and no secret reaches
 * the server's output. Stops everything it started.
 */
export async function expectServesAuthorisedClient(
  project: Generated,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<void> {
  const client = await e2eAuthFor(project.auth);
  const prepared = await client.setup?.(project);
  try {
    const server = await startScript(project, args, command, { ...prepared?.env, ...env });
    try {
      const mcp = await client.connect(project, server.url);
      const result = await mcp.callTool({ name: 'greet', arguments: { name: 'e2e' } });
      expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ message: 'Hello, e2e!' }) }]);
      await mcp.close();
      if (client.rejectsAnonymous(project)) expect((await rawInitialize(server.url)).status).toBe(401);
      expect((await rawInitialize(server.url, { origin: 'http://evil.example.com' })).status).toBe(403);
      for (const secret of client.secrets(project)) expect(server.output()).not.toContain(secret);
      // Node's warnings ("(node:123) ExperimentalWarning: ...") are noise in a project users own.
      expect(server.output()).not.toMatch(/\(node:\d+\) \w*Warning:/);
    } finally {
      await server.stop();
    }
  } finally {
    await prepared?.teardown?.();
  }
}
