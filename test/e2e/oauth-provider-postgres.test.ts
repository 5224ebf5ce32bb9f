// `--auth oauth-provider --store postgres` on node and bun, against a real PostgreSQL server:
// the projects' own tests (flow, restart, store contract) and the served project with the
// official MCP client. .ci/run starts the server and sets MCIFY_TEST_DATABASE_URL.
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/modules/types.js';
import { expectServesAuthorisedClient } from './clients/index.js';
import { generate, sh } from './harness.js';

const databaseUrl = process.env.MCIFY_TEST_DATABASE_URL;
const reason = 'MCIFY_TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server and sets it)';
if (!databaseUrl) {
  // CI must test Postgres for real: a missing server is a failure there, a skip on a laptop.
  if (process.env.CI === 'true') throw new Error(`oauth-provider --store postgres cannot be tested: ${reason}`);
  console.warn(`Skipping the oauth-provider --store postgres e2e: ${reason}`);
}

// "None skipped": every test the project has ran and passed (the store tests skip without a database).
const runs: { target: Target; pm: 'npm' | 'bun'; beforeStart: string[]; passed: RegExp; skipped: RegExp }[] = [
  // vitest: "Tests  37 passed (37)": as many passed as there are.
  { target: 'node', pm: 'npm', beforeStart: ['build'], passed: /Tests\s+(\d+) passed \(\1\)/, skipped: /skipped/ },
  // bun test: "37 pass", "0 fail", and no "N skip" line.
  { target: 'bun', pm: 'bun', beforeStart: [], passed: /\b\d+ pass\b[\s\S]*\b0 fail\b/, skipped: /\b\d+ skip\b/ },
];

describe.skipIf(!databaseUrl).each(runs)('$target target, oauth-provider auth with --store postgres', (run) => {
  const project = generate('oauth-provider', run.target, ['--pm', run.pm, '--store', 'postgres']);
  const script = (name: string, env: Record<string, string> = {}) => sh(run.pm, ['run', name], project.dir, env);

  it('typechecks and passes its own tests against PostgreSQL, none skipped', () => {
    script('typecheck');
    const output = script('test', { MCIFY_TEST_DATABASE_URL: databaseUrl! });
    expect(output).toMatch(run.passed);
    expect(output).not.toMatch(run.skipped);
  });

  it('serves on PostgreSQL, and answers the official MCP client after the consent page', async () => {
    for (const name of run.beforeStart) script(name);
    // The store changes nothing a client sees over HTTP: the matrix runs the costly client profiles.
    await expectServesAuthorisedClient(project, run.pm, ['run', 'start'], { DATABASE_URL: databaseUrl! }, { expensive: false });
  });
});
