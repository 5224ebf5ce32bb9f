import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package root holds templates/ and package.json, both when running from src/ (tests) and
// from the bundled dist/ (published), so find it by walking up instead of a fixed `..` count.
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'base'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('create-mcify: templates/ not found next to the CLI');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();
export const templatesRoot = join(packageRoot, 'templates');
export const cliVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;
