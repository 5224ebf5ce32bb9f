// The runtimes on this machine that a generated project runs on: this Node.js, and the `bun` on
// PATH (asked only when a project runs on Bun: starting it costs a process).
import { spawnSync } from 'node:child_process';

/** The version of the `bun` on PATH, or undefined when there is none that runs. */
export function installedBun(): string | undefined {
  const result = spawnSync('bun', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  return result.status === 0 ? /^\d+(?:\.\d+)*/.exec(result.stdout.trim())?.[0] : undefined;
}

/** What doctor compares `engines` with; injectable for tests. */
export interface Runtimes {
  readonly node: string;
  readonly bun: () => string | undefined;
}

export const localRuntimes: Runtimes = { node: process.versions.node, bun: installedBun };

/** The minimum of an `engines` entry written as `>=X[.Y[.Z]]` (as create-mcify writes it), else undefined. */
export function enginesMinimum(range: unknown): string | undefined {
  return typeof range === 'string' ? /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(range.trim())?.[1] : undefined;
}
