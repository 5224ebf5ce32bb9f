// The e2e matrix for one target: every available auth mode is generated (install included),
// typechecked, tested with its own tests, then started and called with the official MCP client.
import { afterAll, describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode, PackageManager, Target } from '../../src/modules/types.js';
import { expectServesAuthorisedClient } from './clients/index.js';
import { generate, sh } from './harness.js';
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
}

export function describeTarget(target: Target, run: TargetRun) {
  const modes = Object.keys(authModules) as AuthMode[];
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
  });
}
