// Process, file and statistics helpers of the benchmark. Every child runs in its own process
// group and is tracked, so a timeout, an error or Ctrl-C ends it together with its children.
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

const live = new Set();

function killGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error; // already gone: what we want
  }
}

export function killAll() {
  for (const child of live) killGroup(child);
  live.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Runs a command to completion in its own process group and returns its wall time in ms (from
 * just before spawn to exit). Throws with its output on a non-zero exit or after `timeout` ms.
 */
export function run(command, args, { cwd, env = {}, timeout = 120_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      detached: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    live.add(child);
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child), timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const ms = performance.now() - start;
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) return resolve({ ms, stdout, stderr });
      const why = signal ? `killed (${signal}${ms >= timeout ? `, timeout ${timeout} ms` : ''})` : `exit ${code}`;
      reject(new Error(`${command} ${args.join(' ')}: ${why} in ${cwd}\n${stdout}\n${stderr}`.trim()));
    });
  });
}

/** Starts a long-running process in its own group; `stop()` ends the whole group. */
export function start(command, args, { cwd, env = {} } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let log = '';
  const keep = (d) => (log = (log + d).slice(-20_000)); // the tail is enough to say why it failed
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => log,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child), 3_000);
        await exited;
        clearTimeout(timer);
      }
      killGroup(child); // stragglers of the group (e.g. tsx's child under npm)
      live.delete(child);
    },
  };
}

let ticksPerSecond;

/**
 * CPU time (user + system, all threads, in ms) a process has used so far, from /proc (Linux), at
 * the kernel's clock-tick resolution (10 ms); NaN where there is no /proc.
 */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond; // utime, stime
  } catch {
    return NaN;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function tempDir(root, prefix) {
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}

/** Bytes of regular files under dir (what `du --apparent-size` counts), symlinks not followed. */
export function treeSize(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) total += lstatSync(full).size;
    }
  }
  return total;
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0..100) of a sorted array, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
