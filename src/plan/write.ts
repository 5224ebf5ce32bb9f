// The only code that writes a new project to disk. Everything goes into a staging folder beside
// the destination first and is moved into place at the end, so an error or Ctrl-C never leaves a
// half-written project behind.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fse from 'fs-extra';
import { UserError } from '../lib/errors.js';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  /** Write into a non-empty directory; existing files are never overwritten. */
  readonly force?: boolean;
}

/** Refuses a destination we would clobber; returns whether the directory already exists. */
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

/** Ctrl-C while writing: remove the staging folder so nothing half-written stays. */
function removeStagingOnInterrupt() {
  if (staging) rmSync(staging, { recursive: true, force: true });
  process.exit(130);
}

export async function writeFiles(root: string, files: readonly PlannedFile[], options: WriteOptions = {}) {
  preflightDestination(root, files, options);
  const parent = dirname(root);
  await fse.ensureDir(parent);
  staging = mkdtempSync(join(parent, `.${basename(root)}.create-mcify-`));
  process.once('SIGINT', removeStagingOnInterrupt);
  try {
    for (const file of files) {
      await fse.outputFile(join(staging, file.path), file.contents, { mode: file.mode ?? 0o644 });
    }
    if (!existsSync(root)) {
      await fse.move(staging, root);
    } else {
      // Existing (empty, or --force) directory: move file by file; conflicts were ruled out above.
      for (const file of files) await fse.move(join(staging, file.path), join(root, file.path));
      await fse.remove(staging);
    }
  } catch (error) {
    await fse.remove(staging);
    throw error;
  } finally {
    staging = undefined;
    process.removeListener('SIGINT', removeStagingOnInterrupt);
  }
}
