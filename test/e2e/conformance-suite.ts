// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json):
// where its CLI is and how its results are read. Used by conformance.test.ts (the `server` command)
// and profiles/conformance-authorization.ts (the `authorization` command).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** The suite's CLI. It needs Node >= 22 (fs.globSync); setup.ts puts Node 22 in .tools/. */
export const CONFORMANCE = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

/** One check of a scenario, as the suite writes it to checks.json. */
export interface Check {
  readonly id: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  readonly errorMessage?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * The checks of each scenario the suite ran, from its `--output-dir`: one folder per scenario,
 * `<prefix>-<scenario>-<ISO time>/checks.json`, where `prefix` is `server` for the `server`
 * command and `authorization-server` for the `authorization` command.
 */
export function checksByScenario(dir: string, prefix: 'server' | 'authorization-server'): Map<string, Check[]> {
  const scenarios = new Map<string, Check[]>();
  const folder = new RegExp(`^${prefix}-(.+)-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z$`);
  for (const entry of readdirSync(dir)) {
    const scenario = folder.exec(entry)?.[1];
    if (scenario) scenarios.set(scenario, JSON.parse(readFileSync(join(dir, entry, 'checks.json'), 'utf8')) as Check[]);
  }
  return scenarios;
}
