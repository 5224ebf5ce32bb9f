// The framework's own CLI, @mcify/cli, installs a `mcify` bin too (init, dev, build, deploy,
// generate). Ours is the superset: add, secret and doctor run here; the framework's commands are
// handed to the @mcify/cli the project has installed, with the same arguments, terminal and exit
// code, so whichever `mcify` is first on PATH behaves the same.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

/** The `mcify` bin of the @mcify/cli in node_modules, looked for from `from` upwards as Node resolves packages. */
export function findFrameworkCli(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', '@mcify', 'cli', 'package.json');
    if (existsSync(manifest)) {
      const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
      const path = typeof bin === 'string' ? bin : bin?.mcify;
      if (path) return join(dirname(manifest), path);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Runs `mcify <args>` of the project's @mcify/cli in this terminal and resolves to its exit code
 * (128 + the signal's number when a signal ended it, as shells report it). Ctrl-C reaches it
 * directly (same process group); this process waits for it rather than dying first.
 * Throws a UserError naming how to get it when no @mcify/cli is installed.
 */
export function handToFrameworkCli(args: readonly string[], cwd = process.cwd()): Promise<number> {
  const bin = findFrameworkCli(cwd);
  if (!bin) {
    const script = scriptNamed(cwd, args[0]!);
    throw new UserError(
      `${args[0]} is a command of the framework's own CLI, @mcify/cli, which is not installed here${script ? ` (this project's own script does it: npm run ${script})` : ''}; ` +
        'get it with npm i -D @mcify/cli (its init writes dependency ranges that do not resolve, so start projects with npx create-mcify).',
    );
  }
  const ignore = () => undefined;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, ignore);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, ignore);
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** The package.json script of the project in `cwd` named like the command, if it has one. */
function scriptNamed(cwd: string, command: string): string | undefined {
  const manifest = join(cwd, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  return typeof scripts[command] === 'string' ? command : undefined;
}
