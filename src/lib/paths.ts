import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root holds package.json (and, in this repository, templates/), both when running
// from src/ (tests) and from the bundled dist/ (published): walk up instead of a fixed `..` count.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('create-mcify: package.json not found above the CLI');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
/** Only read in development and tests; the published build has the templates precompiled. */
export const templatesRoot = join(packageRoot, 'templates');
export const cliVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
