// `mcify add auth` end to end, kept lean: one project per target, generated with bearer auth and
// installed once, is moved to every other available mode and back to bearer. After each move it
// must typecheck, pass its own tests, and answer the official MCP client as an authorised caller.
import { describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import { targetModules } from '../../src/modules/targets/index.js';
import type { AuthMode, Target } from '../../src/modules/types.js';
import { bins } from '../helpers/cli.js';
import { expectServesAuthorisedClient } from './clients/index.js';
import { generate, sh, type Generated } from './harness.js';

/** How each target's project is checked and served; a target is covered once it has an entry. */
const runs: Partial<Record<Target, { run: string[]; beforeStart: string[]; serve: string; passed: RegExp }>> = {
  node: { run: ['npm', 'run'], beforeStart: ['build'], serve: 'start', passed: /Tests\s+\d+ passed/ },
};
// One node run keeps CI lean; E2E_ADD_TARGETS=node,bun,... covers more.
const wanted = (process.env.E2E_ADD_TARGETS ?? 'node').split(',');
const targets = (Object.keys(targetModules) as Target[]).filter((t) => runs[t] && wanted.includes(t));

const start: AuthMode = 'bearer';
const modes = Object.keys(authModules) as AuthMode[];
const moves = [...modes.filter((m) => m !== start), start];

describe.each(targets)('%s: a bearer project moved through every auth mode with mcify add auth', (target) => {
  const run = runs[target]!;
  const created = generate(start, target);
  const script = (name: string) => sh(run.run[0]!, [...run.run.slice(1), name], created.dir);

  it.each(moves)('to %s: applies, typechecks, passes its own tests, serves an authorised client', async (mode) => {
    const project: Generated = { ...created, auth: mode };
    const started = Date.now();
    // --prune: without it the old mode's files stay (listed), and its tests fail against the new mode.
    const output = sh(process.execPath, [bins.mcify, 'add', 'auth', mode, '--yes', '--prune'], project.dir);
    expect(output).toMatch(new RegExp(`Moved to ${mode} auth`));
    expect(sh(process.execPath, [bins.mcify, 'add', 'auth', mode, '--yes'], project.dir)).toMatch(/Already up to date/);

    script('typecheck');
    expect(script('test')).toMatch(run.passed);

    for (const name of run.beforeStart) script(name);
    // The matrix runs the browser, Inspector and mcp-remote profiles on these combinations already.
    await expectServesAuthorisedClient(project, run.run[0]!, [...run.run.slice(1), run.serve], {}, { expensive: false });
    process.stderr.write(`add auth ${mode} on ${target}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});

// A sign-in at an identity provider (--login) added to a bearer project, and to an oauth-provider
// project that had the owner password: its own tests then sign in at the project's mock GitHub.
describe.each(targets)('%s: mcify add auth oauth-provider --login github', (target) => {
  const run = runs[target]!;
  it.each(['bearer', 'oauth-provider'] as const)('from %s: applies, adds the per-user tool, typechecks, passes its own tests', (from) => {
    const project = generate(from, target);
    const output = sh(process.execPath, [bins.mcify, 'add', 'auth', 'oauth-provider', '--login', 'github', '--yes', '--prune'], project.dir);
    expect(output).toMatch(/Moved to oauth-provider auth/);
    expect(output).toMatch(/src\/auth\/logins\/github\.ts/);
    expect(sh(process.execPath, [bins.mcify, 'add', 'auth', 'oauth-provider', '--login', 'github', '--yes'], project.dir)).toMatch(/Already up to date/);
    sh(run.run[0]!, [...run.run.slice(1), 'typecheck'], project.dir);
    expect(sh(run.run[0]!, [...run.run.slice(1), 'test'], project.dir)).toMatch(run.passed);
  });
});
