// The e2e matrix for one target: every available auth mode is generated (install included),
// typechecked, tested with its own tests, then started and called with the official MCP client.
import { afterAll, describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode, PackageManager, Target } from '../../src/modules/types.js';
import { existsSync } from 'node:fs';
import { generate, rawInitialize, sh, startScript, type Running } from './harness.js';
import type { E2EAuth } from './clients/types.js';

async function e2eAuthFor(auth: AuthMode): Promise<E2EAuth> {
  const own = new URL(`./clients/${auth}.ts`, import.meta.url);
  const module = existsSync(own)
    ? await import(/* @vite-ignore */ own.href)
    : await import('./clients/shared-secret.js');
  return (module as { e2eAuth: E2EAuth }).e2eAuth;
}

export interface TargetRun {
  readonly pm: PackageManager;
  /** The package manager's command to run a script, e.g. ['npm', 'run'] */
  readonly run: readonly string[];
  /** Scripts to run before `start`, e.g. a build. */
  readonly beforeStart?: readonly string[];
  /** The script that serves in production (or locally, for workers). */
  readonly serve: string;
  /** What the project's own test run prints on success. */
  readonly passed: RegExp;
}

export function describeTarget(target: Target, run: TargetRun) {
  const modes = Object.keys(authModules) as AuthMode[];
  describe.each(modes)(`${target} target, %s auth: generate, install, typecheck, test, serve`, (auth) => {
    const project = generate(auth, target, ['--pm', run.pm]);
    const script = (name: string) => sh(run.run[0]!, [...run.run.slice(1), name], project.dir);
    let server: Running | undefined;
    let teardown: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await server?.stop();
      await teardown?.();
    });

    it('typechecks and passes its own tests', () => {
      script('typecheck');
      expect(script('test')).toMatch(run.passed);
    });

    it('serves, and answers the official MCP client as an authorised caller', async () => {
      const client = await e2eAuthFor(auth);
      for (const name of run.beforeStart ?? []) script(name);
      const prepared = await client.setup?.(project);
      teardown = prepared?.teardown;
      server = await startScript(project, [...run.run.slice(1), run.serve], run.run[0], prepared?.env);
      const mcp = await client.connect(project, server.url);
      const result = await mcp.callTool({ name: 'greet', arguments: { name: 'e2e' } });
      expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ message: 'Hello, e2e!' }) }]);
      await mcp.close();
      if (client.rejectsAnonymous(project)) expect((await rawInitialize(server.url)).status).toBe(401);
      for (const secret of client.secrets(project)) expect(server.output()).not.toContain(secret);
    });
  });
}
