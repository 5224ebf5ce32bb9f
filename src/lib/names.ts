// Where a new project goes and what it is called. The directory argument is a path, as in
// create-vite and create-next-app (`api`, `apps/api`, `../api`, `/abs/api`, `.`); the package name
// comes from its last segment, or from --name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from './errors.js';

// The rules of npm's validate-npm-package-name for a new package, without the dependency.
const RESERVED = new Set(['node_modules', 'favicon.ico']);

/** Returns why `name` is not a valid name for a new npm package, or undefined when it is. */
export function npmNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (RESERVED.has(name)) return 'it is a reserved name';
  // Every reason at once, so that one correction is enough.
  const problems: string[] = [];
  if (name.length > 214) problems.push('it is longer than 214 characters');
  if (name !== name.trim()) problems.push('it starts or ends with a space');
  if (name !== name.toLowerCase()) problems.push('it has capital letters');
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1]!, scoped[2]!] : [name];
  if (parts.some((part) => part.startsWith('.') || part.startsWith('_'))) problems.push('it starts with "." or "_"');
  // npm refuses these in new names, though encodeURIComponent leaves them alone.
  if (parts.some((part) => /[~'!()*]/.test(part))) problems.push(`it has one of the characters ~'!()*`);
  if (parts.some((part) => encodeURIComponent(part) !== part)) problems.push('it has spaces or other characters that are not URL-safe');
  return problems.length > 0 ? problems.join(', ').replace(/, ([^,]*)$/, ' and $1') : undefined;
}

/** The name create-mcify uses when nothing valid is left of a folder name (e.g. "日本語"). */
export const FALLBACK_NAME = 'mcp-server';

/**
 * The nearest valid npm package name to a folder name: lowercase, every run of characters npm
 * refuses turned into one "-", no leading ".", "_" or "-", at most 214 characters.
 * `My.Server` -> `my.server`, `Upper Dir` -> `upper-dir`, `日本語` -> `mcp-server`.
 */
export function toPackageName(folder: string): string {
  const name = folder
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 214)
    .replace(/-+$/, '');
  return name === '' || npmNameProblem(name) ? FALLBACK_NAME : name;
}

export interface ProjectPlace {
  /** The absolute folder the project is written to. */
  readonly root: string;
  /** The package name the folder suggests: its last segment (or a whole `@scope/name` argument). */
  readonly folderName: string;
}

/**
 * Reads the directory argument: any relative or absolute path. Throws a UserError for an empty
 * argument, the file system root, or a path through an existing file.
 */
export function projectPlace(directory: string, cwd = process.cwd()): ProjectPlace {
  if (directory.trim() === '') throw new UserError('The project directory is empty; pass a folder such as my-server.');
  const root = resolve(cwd, directory);
  const segment = basename(root);
  if (segment === '') throw new UserError(`"${directory}" is the root of the file system; pass a folder such as my-server.`);
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) {
        throw new UserError(`${dir} is a file, not a folder; choose another project directory.`);
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return { root, folderName: folderNameOf(directory, cwd) };
}

/**
 * The package name a directory argument suggests: its last segment, or the whole argument when
 * it is a valid `@scope/name` (the folder is then @scope/name, as it always was).
 */
export function folderNameOf(directory: string, cwd = process.cwd()): string {
  if (/^@[^/\\]+\/[^/\\]+$/.test(directory) && !npmNameProblem(directory)) return directory;
  return basename(resolve(cwd, directory));
}

/** Entries that do not make a folder non-empty: an empty clone's repository. */
const IGNORED_ENTRIES = new Set(['.git']);

/** The entries of an existing folder that would sit beside the project; [] when it is absent or empty. */
export function existingEntries(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((entry) => !IGNORED_ENTRIES.has(entry));
}

/** Refuses a folder that holds anything but `.git`; `shown` is how the user named it. */
export function refuseNonEmpty(root: string, shown: string): void {
  if (existingEntries(root).length === 0) return;
  throw new UserError(`Directory ${shown} is not empty; pick another folder, empty it, or pass --force to add files without overwriting any.`);
}
