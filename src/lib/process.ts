// Child processes of `create`: installing dependencies and the first git commit.
import { realpathSync } from 'node:fs';
import { execa } from 'execa';
import type { PackageManager } from '../modules/types.js';
import { UserError } from './errors.js';
import { out } from './output.js';
import { pmCommands } from './pm.js';
import { shellQuote } from './shell.js';

/**
 * Runs the package manager in the project. Returns false (with a message) when it fails. Ctrl-C
 * (which the package manager receives too, from the terminal) keeps the project and throws a
 * UserError (exit 130) with the command that resumes the install; `shown` is the folder as the
 * user named it.
 */
export async function installDependencies(root: string, pm: PackageManager, machine: boolean, shown = root): Promise<boolean> {
  const [command, ...args] = pmCommands(pm).install;
  out.step(`Installing dependencies with ${pm}…`);
  let interrupted = false;
  const interrupt = () => void (interrupted = true);
  process.on('SIGINT', interrupt);
  try {
    // With --json the installer's output goes to stderr so stdout stays one JSON document.
    await execa(command!, args, { cwd: root, stdin: 'ignore', stdout: machine ? ['pipe', process.stderr] : 'inherit', stderr: 'inherit' });
    return true;
  } catch (error) {
    if (interrupted || (error as { signal?: string }).signal === 'SIGINT') {
      throw new UserError(`Install interrupted; the project is kept. Resume it with: ${shown === '.' ? '' : `cd ${shellQuote(shown)} && `}${pmCommands(pm).install.join(' ')}`, 130);
    }
    const missing = (error as { code?: string }).code === 'ENOENT';
    out.warn(
      missing
        ? `${pm} is not installed; the project is written, so install ${pm} or run another package manager's install in it.`
        : `${pm} install failed (see above); the project is written, fix the cause and run ${pm} install in it.`,
    );
    return false;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

export type GitResult = 'committed' | 'initialised' | 'inside-repository' | 'unavailable' | 'skipped';

export interface GitOutcome {
  readonly result: GitResult;
  /** Why there is no first commit of the project's own, when there is none; already printed. */
  readonly reason?: string;
}

/**
 * git init and a first commit of `files` (the paths create-mcify wrote, relative to root): other
 * files already in the folder (--force) stay out of it. A folder that is the top of a repository
 * without commits (an empty clone) gets the first commit; inside any other repository, git is left
 * to its owner.
 */
export async function initGit(root: string, files: readonly string[]): Promise<GitOutcome> {
  const git = (args: string[]) => execa('git', ['--literal-pathspecs', ...args], { cwd: root, stdin: 'ignore', reject: false });
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.failed && top.exitCode === undefined) {
    const reason = 'git is not installed, so git init was skipped.';
    out.warn(reason);
    return { result: 'unavailable', reason };
  }
  if (top.exitCode === 0) {
    const repository = top.stdout.trim();
    const skip = (why: string): GitOutcome => {
      const reason = `Skipped git init: ${why}`;
      out.info(reason);
      return { result: 'inside-repository', reason };
    };
    if (realpathSync(repository) !== realpathSync(root)) {
      return skip(`the project is inside the git repository at ${repository}; commit its files there.`);
    }
    if ((await git(['rev-parse', '--verify', '--quiet', 'HEAD'])).exitCode === 0) {
      return skip('the folder is a git repository with commits already; commit the new files there.');
    }
    // The folder is an empty repository (cloned, or git init'ed): the first commit goes into it.
  } else {
    await git(['init', '--quiet']);
  }
  // Naming an ignored file (.env) makes git add fail, so those are left out first.
  const ignored = new Set((await git(['check-ignore', '--', ...files])).stdout.split('\n'));
  await git(['add', '--', ...files.filter((file) => !ignored.has(file))]);
  const identity = await git(['config', 'user.email']);
  if (identity.exitCode !== 0 || identity.stdout.trim() === '') {
    const reason = 'git has no user.email, so the repository is initialised without a first commit.';
    out.warn(reason);
    return { result: 'initialised', reason };
  }
  const commit = await git(['commit', '--quiet', '--message', 'Initial commit from create-mcify']);
  if (commit.exitCode === 0) return { result: 'committed' };
  const reason = `git commit failed (${commit.stderr.trim().split('\n')[0]}); the files are staged, commit them yourself.`;
  out.warn(reason);
  return { result: 'initialised', reason };
}
