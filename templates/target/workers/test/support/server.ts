// Starts the Worker in a real local workerd (`wrangler dev --local`) on a free 127.0.0.1 port and
// stops it, and every process it started, reliably (see wrangler-guard.mjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const guard = fileURLToPath(new URL('./wrangler-guard.mjs', import.meta.url));

export interface RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:49152/mcp */
  readonly url: URL;
  close(): Promise<void>;
}

/** The wrangler CLI of this project (a JS file to run with node). */
export function wranglerBin(): string {
  const manifest = require.resolve('wrangler/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> };
  return join(dirname(manifest), typeof bin === 'string' ? bin : (bin['wrangler'] ?? 'bin/wrangler.js'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** In `env`, names a folder for the local state (D1, KV...) of this server alone: `--persist-to`. */
export const PERSIST_TO = 'TEST_PERSIST_TO';

/**
 * Starts the Worker with `env` as its vars. They go on the command line (`--var`), never into a
 * file, and override .dev.vars. `env[PERSIST_TO]`, when set, is the server's local state folder
 * instead of the project's .wrangler/state.
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [wranglerBin(), 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false');
  const { [PERSIST_TO]: persistTo, ...vars } = env;
  if (persistTo) args.push('--persist-to', persistTo);
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);

  const child = spawn(process.execPath, [guard, ...args], {
    cwd: projectDir,
    // Offline and quiet: no request.cf download, no telemetry.
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'], // closing stdin tells the guard to stop
    detached: process.platform !== 'win32', // its own process group, so it outlives a killed test run
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.stdin.end();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 8_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ready = await fetch(`${base}/`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ready) return { url: new URL('/mcp', base), close };
    await new Promise((r) => setTimeout(r, 250));
  }
  await close();
  throw new Error(`wrangler dev did not answer on ${base}:\n${output}`);
}
