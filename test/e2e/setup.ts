// Runs once before the e2e workers start: installing Bun and Node 22 into .tools/ here, not in each
// worker, so two workers never run npm into the same folder at once on a clean clone. Also clears
// the projects earlier runs generated.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import { ensureTools } from '../../scripts/test-tools.mjs';
import { repoRoot } from '../helpers/cli.js';

export default function setup() {
  rmSync(join(repoRoot, 'test/.tmp'), { recursive: true, force: true });
  ensureTools();
}
