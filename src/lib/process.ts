// Child processes of `create`: installing dependencies and the first git commit.
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

/** git init + first commit, unless the project is already inside a repository. */
export async function initGit(root: string): Promise<GitResult> {
  const git = (args: string[]) => execa('git', args, { cwd: root, stdin: 'ignore', reject: false });
  const probe = await git(['rev-parse', '--is-inside-work-tree']);
  if (probe.failed && probe.exitCode === undefined) {
    out.warn('git is not installed; skipped git init.');
    return 'unavailable';
  }
  if (probe.exitCode === 0 && probe.stdout.trim() === 'true') return 'inside-repository';
  await git(['init', '--quiet']);
  await git(['add', '--all']);
  const identity = await git(['config', 'user.email']);
  if (identity.exitCode !== 0 || identity.stdout.trim() === '') {
    out.warn('git has no user.email, so the repository is initialised without a first commit.');
    return 'initialised';
  }
  const commit = await git(['commit', '--quiet', '--message', 'Initial commit from create-mcify']);
  return commit.exitCode === 0 ? 'committed' : 'initialised';
}
