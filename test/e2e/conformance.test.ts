// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against a generated
// server: `server --requirements 2025-11-25`, the scenarios that spec revision requires, frozen at
// its release. Its server scenarios connect without credentials, so they run against the `none`
// mode; the other modes serve the same HTTP app with their auth in front of it.
//
// Most scenarios call the suite's own fixtures (tools such as test_simple_text, resources under
// test://, prompts such as test_simple_prompt) or framework features a template does not have
// (logging/setLevel, completion/complete, resources/subscribe, sampling, elicitation, progress).
// PASSING lists the scenarios a template passes; the test asserts exactly that set passes, so a
// scenario that starts passing (a framework release) or stops passing shows up here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { node22Dir } from '../../scripts/test-tools.mjs';
import { repoRoot } from '../helpers/cli.js';
import { generate, startScript, type Running } from './harness.js';

const REQUIREMENTS = '2025-11-25';
const PASSING = ['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];
// The suite needs Node >= 22 (fs.globSync); setup.ts puts Node 22 in .tools/.
const conformance = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

interface Check {
  readonly id: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  readonly errorMessage?: string;
}

/** The checks of each scenario the suite ran, from its output folder (one `server-<scenario>-<time>/checks.json` each). */
function checksByScenario(dir: string): Map<string, Check[]> {
  const scenarios = new Map<string, Check[]>();
  for (const entry of readdirSync(dir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/.exec(entry)?.[1];
    if (scenario) scenarios.set(scenario, JSON.parse(readFileSync(join(dir, entry, 'checks.json'), 'utf8')) as Check[]);
  }
  return scenarios;
}

/** A scenario passes when at least one of its checks succeeded and none failed. */
const passes = (checks: Check[]) => checks.some((c) => c.status === 'SUCCESS') && !checks.some((c) => c.status === 'FAILURE');
const failures = (checks: Check[]) =>
  checks
    .filter((c) => c.status === 'FAILURE')
    .map((c) => `${c.id}: ${c.errorMessage ?? ''}`)
    .join('; ');

describe(`the MCP conformance suite (--requirements ${REQUIREMENTS}) against a generated server (none on node)`, () => {
  const project = generate('none', 'node');
  const output = mkdtempSync(join(tmpdir(), 'conformance-'));
  let server: Running;
  let scenarios: Map<string, Check[]>;
  let log = '';
  beforeAll(async () => {
    server = await startScript(project, ['run', 'dev']);
    const result = spawnSync(
      join(node22Dir() as string, 'node'),
      [conformance, 'server', '--url', server.url.href, '--requirements', REQUIREMENTS, '--output-dir', output],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    log = `${result.stdout}\n${result.stderr}`;
    // It exits non-zero when any scenario fails, which the fixture scenarios do (see above).
    expect(result.error, log).toBeUndefined();
    scenarios = checksByScenario(output);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(output, { recursive: true, force: true });
  });

  it.each(PASSING)('%s: every check passes', (scenario) => {
    const checks = scenarios.get(scenario);
    expect(checks, `${scenario} did not run:\n${log}`).toBeDefined();
    expect(failures(checks!), scenario).toBe('');
    expect(passes(checks!)).toBe(true);
  });

  it('no other scenario passes (one that starts to pass belongs in PASSING)', () => {
    const passing = [...scenarios].filter(([, checks]) => passes(checks)).map(([name]) => name);
    expect(passing.sort()).toEqual([...PASSING].sort());
    // The run covered the revision's requirement set, not a few scenarios.
    expect(scenarios.size).toBeGreaterThanOrEqual(30);
  });
});
