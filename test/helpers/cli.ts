import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const bins = {
  'create-mcify': join(repoRoot, 'bin/create-mcify.cjs'),
  mcify: join(repoRoot, 'bin/mcify.cjs'),
};

/** A fresh scratch folder under test/.tmp (git-ignored), so tests never write elsewhere. */
export function scratch(prefix = 'run'): string {
  const root = join(repoRoot, 'test/.tmp');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix}-`));
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built bin without a TTY, as CI and scripts do. */
export function run(args: string[], cwd: string, bin: keyof typeof bins = 'create-mcify', env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [bins[bin], ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { ...process.env, npm_config_user_agent: '', NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a built bin without blocking this process, for tests whose servers live in the test
 * process itself (spawnSync would stop them from answering). Killed after `timeoutMs`.
 */
export function runAsync(
  args: string[],
  cwd: string,
  bin: keyof typeof bins = 'create-mcify',
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bins[bin], ...args], {
      cwd,
      env: { ...process.env, npm_config_user_agent: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}
