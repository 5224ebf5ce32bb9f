// The only code that writes a new project to disk. Everything goes into a staging folder beside
// the destination first and is moved into place at the end, so an error or Ctrl-C never leaves a
// half-written project behind. Plain synchronous node:fs: a project is a few dozen small files, and
// one syscall each beats a round trip through the thread pool (fs-extra here cost about 8 ms).
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../lib/errors.js';
import { refuseNonEmpty } from '../lib/names.js';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  /** Write into a non-empty directory; existing files are never overwritten. */
  readonly force?: boolean;
}

/** Refuses a destination we would clobber. A folder holding only `.git` counts as empty. */
export function preflightDestination(root: string, files: readonly PlannedFile[], { force = false }: WriteOptions): void {
  const shown = basename(root);
  if (!force) return refuseNonEmpty(root, shown);
  refuseConflicts(root, shown, files.map((f) => f.path));
}

/** Refuses to write beside files (--force) when any of `paths` is already there. */
export function refuseConflicts(root: string, shown: string, paths: readonly string[]): void {
  const conflicts = paths.filter((path) => existsSync(join(root, path)));
  if (conflicts.length > 0) {
    throw new UserError(
      `--force never overwrites, and ${shown} already has ${conflicts.join(', ')}; move ${conflicts.length === 1 ? 'it' : 'them'} away and run again.`,
    );
  }
}

let staging: string | undefined;
/** The topmost parent folder this run created for the project, removed with the staging folder. */
let createdParent: string | undefined;

/**
 * Ctrl-C while writing: remove the staging folder so nothing half-written stays. The writes below
 * are synchronous, so the handler mostly matters in keeping Node's default (exit at once, leaving
 * the staging folder) from running in the middle of them.
 */
function removeStagingOnInterrupt() {
  removeStaging();
  process.exit(130);
}

function removeStaging() {
  if (staging) rmSync(staging, { recursive: true, force: true });
  if (createdParent) rmSync(createdParent, { recursive: true, force: true });
}

/** The folder that `mkdir -p dir` would create first, or undefined when dir exists. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = dirname(d)) missing = d;
  return missing;
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
  // Parent folders (`apps/` of apps/api) are created here, and removed again if the write fails.
  const parent = dirname(root);
  process.once('SIGINT', removeStagingOnInterrupt);
  try {
    createdParent = firstMissing(parent);
    mkdirSync(parent, { recursive: true });
    // Not mkdtemp: its folder is mode 0700, and renamed into place it would keep that mode.
    staging = join(parent, `.${basename(root)}.create-mcify-${process.pid}-${Date.now().toString(36)}`);
    mkdirSync(staging);
    writeTree(staging, files);
    if (!existsSync(root)) {
      renameSync(staging, root);
      createdParent = undefined; // it holds the project now
    } else {
      // Existing (empty, or --force) directory: move file by file; conflicts were ruled out above.
      for (const file of files) {
        mkdirSync(dirname(join(root, file.path)), { recursive: true });
        renameSync(join(staging, file.path), join(root, file.path));
      }
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    removeStaging();
    throw error;
  } finally {
    staging = undefined;
    createdParent = undefined;
    process.removeListener('SIGINT', removeStagingOnInterrupt);
  }
}
