// Generates real projects, runs their scripts and talks to their servers with the official MCP
// client. Shared by the per-target e2e files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { envValues, parseEnv, printEnv, upsertEnv } from '../../src/lib/env-file.js';
import { modulesFor } from '../../src/plan/plan.js';
import type { AuthMode, Target } from '../../src/modules/types.js';
import { bins, scratch } from '../helpers/cli.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { binDir, node22Dir } from '../../scripts/test-tools.mjs';
import { compareVersions } from '../../src/plan/plan.js';

// Bun (and Node 22, for wrangler and node:sqlite) come from the npm registry into .tools/ (see
// setup.ts); generated projects' scripts find them on PATH like on a user's machine.

/** PATH for running a project: Node 22 first when its `engines` asks for more than this Node. */
export function pathFor(dir: string): string {
  const base = `${binDir as string}:${process.env.PATH}`;
  const manifest = join(dir, 'package.json');
  const wanted = existsSync(manifest)
    ? /^>=\s*([\d.]+)/.exec((JSON.parse(readFileSync(manifest, 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '')?.[1]
    : undefined;
  return wanted && compareVersions(process.versions.node, wanted) < 0 ? `${node22Dir() as string}:${base}` : base;
}

/** What a script that should stop printed, and how it exited. */
export interface Stopped {
  readonly code: number | null;
  readonly output: string;
  /** Milliseconds from start to exit. */
  readonly ms: number;
}

/**
 * Runs a script that must stop on its own (a start that cannot work) and waits for the exit, at
 * most `limit` ms; after that the whole process group is killed and `code` is null: it stayed
 * running.
 */
export function runUntilExit(project: Generated, command: string, args: string[], env: Record<string, string>, limit = 30_000): Promise<Stopped> {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: project.dir,
    env: { ...process.env, PATH: pathFor(project.dir), HOST: '127.0.0.1', ...QUIET, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    // true when a process of the group was still there (and is killed now); ESRCH: none left.
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        return false;
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      resolve({ code: null, output, ms: Date.now() - started });
    }, limit);
    child.once('exit', (code) => {
      clearTimeout(timer);
      // A watcher left behind by the script that exited is "still running" too. Helpers of the
      // group (tsx's esbuild service) take a moment to go on a loaded machine, so the group gets up
      // to 3 s to empty; a watcher left waiting for changes never does.
      const gone = () => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
          return true;
        }
      };
      const deadline = Date.now() + 3_000;
      const check = () => {
        if (gone()) return resolve({ code, output, ms: Date.now() - started });
        if (Date.now() < deadline) return void setTimeout(check, 100);
        killGroup();
        resolve({ code: null, output, ms: Date.now() - started });
      };
      setTimeout(check, 100);
    });
  });
}

/** Offline and quiet wrangler: no request.cf download, no telemetry. */
const QUIET = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

export interface Generated {
  readonly dir: string;
  readonly auth: AuthMode;
  readonly target: Target;
}

/** Runs a command to completion; throws with its output when it fails. */
export function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: pathFor(cwd), CI: 'true', ...QUIET, ...env },
    timeout: 300_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${cwd}:\n${output}`);
  return output;
}

/** create-mcify exactly as a user runs it, install included. */
export function generate(auth: AuthMode, target: Target, extra: string[] = []): Generated {
  const cwd = scratch(`e2e-${auth}-${target}`);
  const name = `${auth}-${target}`;
  sh(process.execPath, [bins['create-mcify'], name, '--auth', auth, '--target', target, '--pm', 'npm', '--no-git', '--yes', ...extra], cwd);
  return { dir: join(cwd, name), auth, target };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Settings for the served project, returned as the environment to start it with. `wrangler dev`
 * gives the Worker its vars from .dev.vars, not from its own environment, so on workers they are
 * also written there; on node and bun the environment wins over .env.
 */
export function projectEnv(project: Generated, env: Record<string, string>): Record<string, string> {
  if (project.target === 'workers') patchEnvFile(project, env);
  return env;
}

export interface Running {
  readonly url: URL;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running script of the project and waits until its MCP endpoint answers, on
 * `env.PORT` when given (a setting that names the server's own URL needs the port first), else on
 * a free port.
 */
export async function startScript(
  project: Generated,
  args: string[],
  command = 'npm',
  env: Record<string, string> = {},
): Promise<Running> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child: ChildProcess = spawn(command, args, {
    cwd: project.dir,
    env: { ...process.env, PATH: pathFor(project.dir), PORT: String(port), HOST: '127.0.0.1', ...QUIET, ...env },
    detached: true, // its own process group, so stop() also ends npm's children
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = new URL(`http://127.0.0.1:${port}/mcp`);
  // Signals the whole process group; it may already be gone (ESRCH), which is what we want.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      signal('SIGTERM');
      setTimeout(() => signal('SIGKILL'), 5_000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    const up = await fetch(new URL('/', url)).then(() => true, () => false);
    if (up) return { url, output: () => log, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`server did not answer within 60 s:\n${log}`);
}

/** Sets these values in the project's env file (replacing those there), as a user edits it. */
export function patchEnvFile(project: Generated, values: Record<string, string>): void {
  const file = join(project.dir, modulesFor(project.auth, project.target).target.envFile);
  const text = readFileSync(file, 'utf8');
  const updates = Object.entries(values).map(([name, value]) => ({ name, value }));
  writeFileSync(file, printEnv(upsertEnv(parseEnv(text), updates, { replace: true }).lines, text), { mode: 0o600 });
}

/** The header a client of this project sends, with the secret read from its env file. */
export function credentialHeaders(project: Generated): Record<string, string> {
  const { auth, target } = modulesFor(project.auth, project.target);
  if (!auth.credential) return {};
  const values = envValues(parseEnv(readFileSync(join(project.dir, target.envFile), 'utf8')));
  const secret = values.get(auth.credential.env);
  if (!secret) throw new Error(`${auth.credential.env} missing from ${target.envFile}`);
  return { [auth.credential.header]: auth.credential.value.replace(`\${${auth.credential.env}}`, secret) };
}

export async function connect(url: URL, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'create-mcify-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

/** A raw initialize request, to see the HTTP status the client hides. */
export function rawInitialize(url: URL, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
}
