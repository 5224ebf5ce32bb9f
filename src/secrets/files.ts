// Disk and git side of `secret` and `doctor`: atomic writes of env files, and whether git
// ignores, tracks or ever committed one.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';

/** Writes through a temporary file beside the target and a rename: never half-written. */
export function writeFileAtomic(path: string, contents: string, mode: number): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, contents, { mode, flag: 'wx' });
    chmodSync(temporary, mode); // the umask may have taken bits away
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function git(root: string, args: string[]) {
  return execa('git', args, { cwd: root, stdin: 'ignore', reject: false });
}

export async function insideGitRepository(root: string): Promise<boolean> {
  const probe = await git(root, ['rev-parse', '--is-inside-work-tree']);
  return probe.exitCode === 0 && probe.stdout.trim() === 'true';
}

/** Whether git (or, outside a repository, the project's .gitignore) ignores `file`. */
export async function isIgnored(root: string, file: string): Promise<boolean> {
  if (await insideGitRepository(root)) {
    return (await git(root, ['check-ignore', '--quiet', '--no-index', '--', file])).exitCode === 0;
  }
  const path = join(root, '.gitignore');
  if (!existsSync(path)) return false;
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .some((line) => [file, `/${file}`].includes(line.trim()));
}

/** Adds `file` to .gitignore unless it is ignored already; true when the line was added. */
export async function ensureIgnored(root: string, file: string): Promise<boolean> {
  if (await isIgnored(root, file)) return false;
  const path = join(root, '.gitignore');
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  writeFileAtomic(path, `${before}${separator}${file}\n`, 0o644);
  return true;
}

export async function isTracked(root: string, file: string): Promise<boolean> {
  return (await git(root, ['ls-files', '--error-unmatch', '--', file])).exitCode === 0;
}

/** Short hashes of the commits (any branch) that touched `file`. */
export async function commitsTouching(root: string, file: string): Promise<string[]> {
  const log = await git(root, ['log', '--all', '--format=%h', '--', file]);
  return log.exitCode === 0 ? log.stdout.split('\n').filter(Boolean) : [];
}
