// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned) against a generated
// server: `server --requirements 2025-11-25`, the scenarios that spec revision requires, frozen at
// its release. Its server scenarios connect without credentials, so they run against the `none`
// mode; the other modes serve the same HTTP app with their auth in front of it.
//
// Most scenarios call the suite's own fixtures (tools such as test_simple_text, resources under
// test://, prompts such as test_simple_prompt) or framework features a template does not have.
// So the suite runs twice: on the project as generated (PASSING: exactly these pass), then with the
// suite's fixtures added to it (test/fixtures/conformance/fixtures.ts, written with mcify's API):
// exactly PASSING + WITH_FIXTURES pass, and every other scenario fails for the framework gap
// FRAMEWORK_GAPS names. A scenario that starts passing (a framework release) or stops shows up here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { node22Dir } from '../../scripts/test-tools.mjs';
import { repoRoot } from '../helpers/cli.js';
import { checksByScenario, CONFORMANCE, type Check } from './conformance-suite.js';
import { generate, startScript, type Running } from './harness.js';

const REQUIREMENTS = '2025-11-25';
const PASSING = ['server-initialize', 'ping', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];
/** What the suite's fixtures add: mcify can express these tools, resources and prompts. */
const WITH_FIXTURES = [
  'tools-call-simple-text',
  'tools-call-error',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
];
/** The rest, with the fixtures in place: the framework feature each needs (@mcify 1.0.0-alpha.3), and the check that shows it. */
const FRAMEWORK_GAPS: Record<string, RegExp> = {
  'logging-set-level': /Method not found: logging\/setLevel/,
  'tools-call-with-logging': /Method not found: logging\/setLevel/,
  'completion-complete': /Method not found: completion\/complete/,
  'resources-subscribe': /Method not found: resources\/subscribe/,
  'resources-unsubscribe': /Method not found: resources\/subscribe/,
  // A tool's return value always becomes one JSON-encoded text block: no image, audio or resource content.
  'tools-call-image': /No image content found/,
  'tools-call-audio': /No audio content found/,
  'tools-call-embedded-resource': /No resource content found/,
  'tools-call-mixed-content': /Missing image content/,
  // The handler context cannot notify or ask the client.
  'tools-call-with-progress': /No progress notifications received/,
  'tools-call-sampling': /did not request sampling/,
  'tools-call-elicitation': /did not request elicitation/,
  'elicitation-sep1034-defaults': /did not request elicitation/,
  'elicitation-sep1330-enums': /did not request elicitation/,
  // Input schemas are derived from zod as JSON Schema draft-07 (a pending scenario, not scored).
  'json-schema-2020-12': /\$schema has unexpected value/,
};
/** A scenario passes when at least one of its checks succeeded and none failed. */
const passes = (checks: Check[]) => checks.some((c) => c.status === 'SUCCESS') && !checks.some((c) => c.status === 'FAILURE');
const failures = (checks: Check[]) =>
  checks
    .filter((c) => c.status === 'FAILURE')
    .map((c) => `${c.id}: ${c.errorMessage ?? ''}`)
    .join('; ');

/** Runs the suite against `url`; returns the checks by scenario and its output. */
function runSuite(url: URL): { scenarios: Map<string, Check[]>; log: string } {
  const output = mkdtempSync(join(tmpdir(), 'conformance-'));
  try {
    const result = spawnSync(
      join(node22Dir() as string, 'node'),
      [CONFORMANCE, 'server', '--url', url.href, '--requirements', REQUIREMENTS, '--output-dir', output],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    const log = `${result.stdout}\n${result.stderr}`;
    // It exits non-zero when any scenario fails, which the fixture scenarios do (see above).
    expect(result.error, log).toBeUndefined();
    return { scenarios: checksByScenario(output, 'server'), log };
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

const passingOf = (scenarios: Map<string, Check[]>) =>
  [...scenarios]
    .filter(([, checks]) => passes(checks))
    .map(([name]) => name)
    .sort();

describe(`the MCP conformance suite (--requirements ${REQUIREMENTS}) against a generated server (none on node)`, () => {
  const project = generate('none', 'node');
  let server: Running | undefined;
  afterAll(() => server?.stop());

  describe('as generated', () => {
    let run: ReturnType<typeof runSuite>;
    beforeAll(async () => {
      server = await startScript(project, ['run', 'dev']);
      run = runSuite(server.url);
      await server.stop();
    });

    it.each(PASSING)('%s: every check passes', (scenario) => {
      const checks = run.scenarios.get(scenario);
      expect(checks, `${scenario} did not run:\n${run.log}`).toBeDefined();
      expect(failures(checks!), scenario).toBe('');
      expect(passes(checks!)).toBe(true);
    });

    it('no other scenario passes (one that starts to pass belongs in PASSING)', () => {
      expect(passingOf(run.scenarios)).toEqual([...PASSING].sort());
      // The run covered the revision's requirement set, not a few scenarios.
      expect(run.scenarios.size).toBeGreaterThanOrEqual(30);
    });
  });

  describe("with the suite's fixtures added", () => {
    let run: ReturnType<typeof runSuite>;
    beforeAll(async () => {
      copyFileSync(join(repoRoot, 'test/fixtures/conformance/fixtures.ts'), join(project.dir, 'src/conformance-fixtures.ts'));
      writeFileSync(join(project.dir, 'mcify.config.ts'), "export { default } from './src/conformance-fixtures.js';\n");
      server = await startScript(project, ['run', 'dev']);
      run = runSuite(server.url);
    });

    it('the fixtures make exactly these pass too', () => {
      expect(passingOf(run.scenarios)).toEqual([...PASSING, ...WITH_FIXTURES].sort());
    });

    it.each(Object.entries(FRAMEWORK_GAPS))('%s fails for want of a framework feature', (scenario, why) => {
      const checks = run.scenarios.get(scenario);
      expect(checks, `${scenario} did not run:\n${run.log}`).toBeDefined();
      expect(failures(checks!)).toMatch(why);
    });

    it('every scenario that ran is accounted for', () => {
      const known = new Set([...PASSING, ...WITH_FIXTURES, ...Object.keys(FRAMEWORK_GAPS)]);
      const failing = [...run.scenarios].filter(([, checks]) => checks.some((c) => c.status === 'FAILURE')).map(([name]) => name);
      expect(failing.filter((name) => !known.has(name))).toEqual([]);
    });
  });
});
