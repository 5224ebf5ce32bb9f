// The only code that writes a new project to disk. Everything goes into a staging folder beside
// the destination first and is moved into place at the end, so an error or Ctrl-C never leaves a
// half-written project behind. Plain synchronous node:fs: a project is a few dozen small files, and
// one syscall each beats a round trip through the thread pool (fs-extra here cost about 8 ms).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../lib/errors.js';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  /** Write into a non-empty directory; existing files are never overwritten. */
  readonly force?: boolean;
}

/** Refuses a destination we would clobber. */
export function preflightDestination(root: string, files: readonly PlannedFile[], { force = false }: WriteOptions): void {
  if (!existsSync(root)) return;
  const entries = readdirSync(root);
  if (entries.length === 0) return;
  const shown = basename(root);
  if (!force) {
    throw new UserError(
      `Directory ${shown} is not empty; pick another name, empty it, or pass --force to add files without overwriting any.`,
    );
  }
  const conflicts = files.map((f) => f.path).filter((path) => existsSync(join(root, path)));
  if (conflicts.length > 0) {
    throw new UserError(
      `--force never overwrites, and ${shown} already has ${conflicts.join(', ')}; move ${conflicts.length === 1 ? 'it' : 'them'} away and run again.`,
    );
  }
}

let staging: string | undefined;

/**
 * Ctrl-C while writing: remove the staging folder so nothing half-written stays. The writes below
 * are synchronous, so the handler mostly matters in keeping Node's default (exit at once, leaving
 * the staging folder) from running in the middle of them.
 */
function removeStagingOnInterrupt() {
  if (staging) rmSync(staging, { recursive: true, force: true });
  process.exit(130);
}

/**
 * Writes files under root, creating each parent folder once. Planned paths are normal relative
 * posix paths (Node accepts / on Windows too), so they are appended, not path.join'ed: see
 * projectPath in templates.ts for why that matters.
 */
function writeTree(root: string, files: readonly PlannedFile[]) {
  const made = new Set<string>([root]);
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const dir = slash < 0 ? root : `${root}/${file.path.slice(0, slash)}`;
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(`${root}/${file.path}`, file.contents, { mode: file.mode ?? 0o644 });
  }
}

export function writeFiles(root: string, files: readonly PlannedFile[], options: WriteOptions = {}): void {
  preflightDestination(root, files, options);
  const parent = dirname(root);
  mkdirSync(parent, { recursive: true });
  staging = mkdtempSync(join(parent, `.${basename(root)}.create-mcify-`));
  process.once('SIGINT', removeStagingOnInterrupt);
  try {
    writeTree(staging, files);
    if (!existsSync(root)) {
      renameSync(staging, root);
    } else {
      // Existing (empty, or --force) directory: move file by file; conflicts were ruled out above.
      for (const file of files) {
        mkdirSync(dirname(join(root, file.path)), { recursive: true });
        renameSync(join(staging, file.path), join(root, file.path));
      }
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    staging = undefined;
    process.removeListener('SIGINT', removeStagingOnInterrupt);
  }
}
