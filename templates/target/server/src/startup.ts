// What src/server.ts does before it serves: refuse a runtime older than package.json's `engines`,
// and turn a start that cannot succeed (a busy port, a setting still to fill in) into one line with
// the fix and an exit, never a stack trace and never a process left running without a server.
import { existsSync, readFileSync } from 'node:fs';

/**
 * Stops the process with `message` on stderr and exit code 1. With --dev (the dev script of the
 * node target, run by `tsx watch`) the file watcher that started this process stops too: a restart
 * on a source change cannot free a port or fill in .env, and a watcher left waiting looks like a
 * running server. tsx answers SIGTERM by stopping this process and exiting with its exit code.
 * Bun's --watch runs in this very process, so exiting is enough there.
 */
export async function fail(message: string): Promise<never> {
  console.error(message);
  if (process.argv.includes('--dev')) {
    process.once('SIGTERM', () => process.exit(1));
    process.kill(process.ppid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // the watcher's SIGTERM comes first
  }
  process.exit(1);
}

/** What `create` returns, or a stop (fail) with `explain(error)` when it throws at start. */
export async function orFail<T>(create: () => T, explain = (error: unknown) => (error instanceof Error ? error.message : String(error))): Promise<T> {
  try {
    return create();
  } catch (error) {
    return fail(explain(error));
  }
}

/** `a >= b` for dotted versions such as 22.13 or 1.3.0 (missing parts count as 0). */
function atLeast(a: string, b: string): boolean {
  const [pa, pb] = [a, b].map((v) => v.split('.').map((part) => Number.parseInt(part, 10) || 0));
  for (let i = 0; i < Math.max(pa!.length, pb!.length); i += 1) {
    const d = (pa![i] ?? 0) - (pb![i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/**
 * Refuses to start on a runtime older than package.json's `engines` entry for it (`>=X.Y.Z`, as
 * create-mcify writes it; another range is left to the package manager). The nearest package.json
 * above this file is the project's: src/ in development, dist/src/ once built.
 */
export async function requireRuntime(runtime: 'node' | 'bun', running: string, fix: string): Promise<void> {
  const manifest = ['../package.json', '../../package.json']
    .map((path) => new URL(path, import.meta.url))
    .find((url) => existsSync(url));
  if (!manifest) return;
  const engines = (JSON.parse(readFileSync(manifest, 'utf8')) as { engines?: Record<string, string> }).engines;
  const minimum = /^>=\s*v?(\d+(?:\.\d+){0,2})$/.exec(engines?.[runtime]?.trim() ?? '')?.[1];
  if (minimum && !atLeast(running, minimum)) {
    const name = runtime === 'node' ? 'Node.js' : 'Bun';
    await fail(`This server needs ${name} ${minimum} or newer (engines in package.json) and this is ${name} ${running}: ${fix}, then start it again.`);
  }
}

/** One line for an error thrown while the server starts: what to change, without a stack trace. */
export function startError(error: unknown, hostname: string, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return `Port ${port} on ${hostname} is already in use (another server, or this one still running): stop that process, or start this one on another port with PORT=${port + 1}.`;
  }
  if (code === 'EACCES') return `Not allowed to listen on ${hostname}:${port}: use a port above 1023 (PORT=8888).`;
  if (code === 'EADDRNOTAVAIL') return `${hostname} is not an address of this machine: set HOST to one that is (127.0.0.1 locally).`;
  return `The server did not start: ${error instanceof Error ? error.message : String(error)}`;
}
