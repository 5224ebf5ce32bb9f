// The MCP Inspector 2.12 (npm @modelcontextprotocol/inspector, a devDependency) in CLI mode, as a
// developer runs it: `npx @modelcontextprotocol/inspector --cli <url> --method ... --header "..."`.
// It needs Node >= 22.19, so it runs with .tools' Node 22 (see scripts/test-tools.mjs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { node22Dir } from '../../../scripts/test-tools.mjs';
import { repoRoot } from '../../helpers/cli.js';

const LAUNCHER = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');

/** Runs the Inspector CLI against `url` with `args`; returns its JSON output. Throws on a non-zero exit. */
export function inspectorCli(url: URL, headers: Record<string, string>, args: string[]): unknown {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
  const result = spawnSync(join(node22Dir() as string, 'node'), [LAUNCHER, '--cli', url.href, ...args, ...headerArgs], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    // No catalog or config of the developer's own, and no browser.
    env: { ...process.env, HOME: join(repoRoot, 'test', '.tmp'), NO_COLOR: '1', MCP_AUTO_OPEN_ENABLED: 'false' },
  });
  if (result.status !== 0) throw new Error(`inspector --cli ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** tools/list finds `greet`, and tools/call greet answers, through the Inspector CLI with `headers`. */
export function expectInspectorCli(url: URL, headers: Record<string, string>): void {
  const listed = inspectorCli(url, headers, ['--method', 'tools/list']) as { tools: { name: string }[] };
  expect(listed.tools.map((t) => t.name)).toContain('greet');
  const called = inspectorCli(url, headers, ['--method', 'tools/call', '--tool-name', 'greet', '--tool-arg', 'name=inspector']);
  expect(called).toMatchObject({ content: [{ type: 'text', text: JSON.stringify({ message: 'Hello, inspector!' }) }] });
}
