import { UserError } from './errors.js';

// The rules of npm's validate-npm-package-name that matter for a new project, without the
// dependency: the directory name becomes the package name.
const RESERVED = new Set(['node_modules', 'favicon.ico']);

/** Returns why `name` is not a valid npm package name, or undefined when it is. */
export function npmNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (name !== name.trim()) return 'it starts or ends with a space';
  if (name !== name.toLowerCase()) return 'it has capital letters';
  if (RESERVED.has(name)) return 'it is a reserved name';
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1]!, scoped[2]!] : [name];
  for (const part of parts) {
    if (part.startsWith('.') || part.startsWith('_')) return 'it starts with "." or "_"';
    if (encodeURIComponent(part) !== part) return 'it has characters that are not URL-safe';
  }
  if (!scoped && name.includes('/')) return 'it contains a path separator';
  return undefined;
}

/**
 * The project directory argument is a plain name (or "." for the current directory), never a
 * path: the package name is taken from it, and `..` or separators would write elsewhere.
 */
export function checkProjectDirectory(dir: string): void {
  if (dir === '.') return;
  if (dir.trim() === '') throw new UserError('The project name is empty; pass a name such as my-server.');
  if (dir === '..' || /[\\/]/.test(dir.replace(/^@[^/\\]+\//, ''))) {
    throw new UserError(
      `"${dir}" is a path, not a project name; cd to the parent folder and pass a plain name such as my-server.`,
    );
  }
  const problem = npmNameProblem(dir);
  if (problem) {
    throw new UserError(`"${dir}" cannot be an npm package name (${problem}); try a name like my-server.`);
  }
}
