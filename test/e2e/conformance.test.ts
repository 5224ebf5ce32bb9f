// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against a
// generated server. Its server scenarios connect without credentials, so they run against the
// `none` mode; the other modes serve the same HTTP app with their auth in front of it. The
// scenarios that need the suite's own "everything server" (its tools, resources, prompts) do not
// apply to a template; these test the lifecycle, the transport and DNS-rebinding protection.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { node22Dir } from '../../scripts/test-tools.mjs';
import { repoRoot } from '../helpers/cli.js';
import { generate, startScript, type Running } from './harness.js';

const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];
// The suite needs Node >= 22 (fs.globSync); setup.ts puts Node 22 in .tools/.
const conformance = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

describe('the MCP conformance suite against a generated server (none on node)', () => {
  const project = generate('none', 'node');
  let server: Running;
  beforeAll(async () => {
    server = await startScript(project, ['run', 'dev']);
  });
  afterAll(() => server?.stop());

  it.each(SCENARIOS)('%s: every check passes', (scenario) => {
    const result = spawnSync(join(node22Dir() as string, 'node'), [conformance, 'server', '--url', server.url.href, '--scenario', scenario], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output = `${result.stdout}\n${result.stderr}`;
    const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(output);
    expect(summary, output).not.toBeNull();
    const [, passed, total, failed] = summary!.map(Number);
    expect(failed, output).toBe(0);
    expect(passed, output).toBe(total);
    expect(total).toBeGreaterThan(0);
    expect(result.status, output).toBe(0);
  });
});
