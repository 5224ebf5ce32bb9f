// The e2e matrix for one target: every available auth mode is generated (install included),
// typechecked, tested with its own tests, then started and called with the official MCP client.
import { afterAll, describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode, PackageManager, Target } from '../../src/modules/types.js';
import { expectServesAuthorisedClient } from './clients/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, generate, patchEnvFile, pathFor, runUntilExit, sh, type Stopped } from './harness.js';
import { closeBrowser } from './profiles/browser.js';

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
  /**
   * A newer Node.js to run the project's tests and server on too, after the runs on the oldest
   * Node it supports: the folder holding its `node`. The installed project is reused (its
   * dependencies are plain JavaScript), so this costs a test run and a start, not an install.
   */
  readonly alsoOnNode?: () => string;
}

export function describeTarget(target: Target, run: TargetRun) {
  // E2E_AUTH=oauth,bearer generates and serves only those modes (a developer's run; unset: all).
  const only = process.env.E2E_AUTH?.split(',');
  const modes = (Object.keys(authModules) as AuthMode[]).filter((mode) => !only || only.includes(mode));
  afterAll(closeBrowser);
  describe.each(modes)(`${target} target, %s auth: generate, install, typecheck, test, serve`, (auth) => {
    const project = generate(auth, target, ['--pm', run.pm]);
    const script = (name: string) => sh(run.run[0]!, [...run.run.slice(1), name], project.dir);

    it('typechecks and passes its own tests', () => {
      script('typecheck');
      expect(script('test')).toMatch(run.passed);
    });

    it('serves, and answers the official MCP client as an authorised caller', async () => {
      for (const name of run.beforeStart ?? []) script(name);
      await expectServesAuthorisedClient(project, run.run[0]!, [...run.run.slice(1), run.serve]);
    });

    it.runIf(run.alsoOnNode)('on the newest Node.js LTS too: passes its own tests and serves', async () => {
      const env = { PATH: `${run.alsoOnNode!()}:${pathFor(project.dir)}` };
      expect(sh('node', ['--version'], project.dir, env)).toMatch(/^v26\./);
      expect(sh(run.run[0]!, [...run.run.slice(1), 'test'], project.dir, env)).toMatch(run.passed);
      await expectServesAuthorisedClient(project, run.run[0]!, [...run.run.slice(1), run.serve], env);
    });

    // oauth is the mode whose env file create-mcify leaves with placeholders; the other cases
    // are the same in every mode, so one project per target checks them.
    it.runIf(auth === 'oauth')('dev: a start that cannot work is one line with the fix, and the process exits', async () => {
      const dev = (env: Record<string, string>) => runUntilExit(project, run.run[0]!, [...run.run.slice(1), 'dev'], env);
      const expectOneLine = (stopped: Stopped, message: RegExp) => {
        expect(stopped.code, stopped.output).not.toBe(null); // it stopped by itself
        expect(stopped.code, stopped.output).not.toBe(0);
        expect(stopped.output).toMatch(message);
        expect(stopped.output, 'no stack trace').not.toMatch(/^\s+at /m);
      };
      const issuer = { MCIFY_OAUTH_ISSUER: 'https://issuer.e2e.test', MCIFY_OAUTH_AUDIENCE: 'https://mcp.e2e.test/mcp' };

      // The env file as create-mcify wrote it (the serve test above may have filled it in, on workers).
      patchEnvFile(project, { MCIFY_OAUTH_ISSUER: 'https://<your-issuer>' });
      const placeholder = await dev({ PORT: String(await freePort()) });
      expectOneLine(placeholder, /MCIFY_OAUTH_ISSUER .*placeholder.*https:\/\/<your-issuer>/);

      const busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as AddressInfo).port;
      try {
        // On workers the settings come from .dev.vars, so its placeholder check stops it first there.
        if (project.target === 'workers') patchEnvFile(project, issuer);
        const inUse = await dev({ PORT: String(port), ...issuer });
        expectOneLine(inUse, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT=${port + 1}`));
      } finally {
        busy.close();
      }
    });

    it.runIf(auth === 'oauth' && target !== 'workers')('start: a runtime older than engines asks for refuses in one line', async () => {
      const manifest = join(project.dir, 'package.json');
      const original = readFileSync(manifest, 'utf8');
      const runtime = target === 'bun' ? 'bun' : 'node';
      writeFileSync(manifest, JSON.stringify({ ...JSON.parse(original), engines: { [runtime]: '>=99.1' } }, null, 2));
      try {
        const stopped = await runUntilExit(project, run.run[0]!, [...run.run.slice(1), 'dev'], { PORT: String(await freePort()) });
        expect(stopped.code, stopped.output).toBe(1);
        expect(stopped.output).toMatch(new RegExp(`This server needs ${runtime === 'bun' ? 'Bun' : 'Node\\.js'} 99\\.1 or newer \\(engines in package\\.json\\) and this is ${runtime === 'bun' ? 'Bun' : 'Node\\.js'} [\\d.]+: `));
        expect(stopped.output).not.toMatch(/^\s+at /m);
      } finally {
        writeFileSync(manifest, original);
      }
    });
  });
}

/**
 * oauth-provider with a sign-in at an identity provider (--login), on one target: generated,
 * typechecked, its own tests (the whole sign-in against the project's mock provider), and (node,
 * bun) a start without the provider's client id refused in one line. A few logins per target:
 * each is a full install and test run.
 */
export function describeLogins(target: Target, run: TargetRun, logins: readonly ('github' | 'google' | 'oidc')[]) {
  describe.each(logins)(`${target} target, oauth-provider --login %s: generate, install, typecheck, test`, (login) => {
    const project = generate('oauth-provider', target, ['--pm', run.pm, '--login', login]);
    const script = (name: string) => sh(run.run[0]!, [...run.run.slice(1), name], project.dir);

    it('typechecks and passes its own tests, signed in at the mock provider', () => {
      script('typecheck');
      expect(script('test')).toMatch(run.passed);
    });

    it('refuses to start without the client id and secret from the provider, in one line', async () => {
      const prefix = `MCIFY_${login.toUpperCase()}`;
      const stopped = await runUntilExit(project, run.run[0]!, [...run.run.slice(1), 'dev'], { PORT: String(await freePort()) });
      expect(stopped.code, stopped.output).not.toBe(0);
      expect(stopped.output).toMatch(new RegExp(`Missing .*${prefix}_CLIENT_ID, ${prefix}_CLIENT_SECRET`));
      expect(stopped.output, 'no stack trace').not.toMatch(/^\s+at /m);
    });
  });
}

