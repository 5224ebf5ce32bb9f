import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCreateOptions } from '../../src/commands/create.js';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';
import { repoRoot, run, scratch } from '../helpers/cli.js';

function tree(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? tree(full, root) : [relative(root, full)];
  });
}

describe('the published build', () => {
  it('declares no runtime dependencies: everything is bundled', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toEqual(['bin', 'dist']);
  });

  // The bundle renders precompiled templates; the source compiles them at run time. Both must
  // write the same project (secret values aside, which are fresh each run).
  it.each(combinations)('writes the same $auth/$target project as the source renderer', async ({ auth, target }) => {
    const cwd = scratch('build');
    const result = run(['p', '--auth', auth, '--target', target, '--pm', 'npm', '--no-install', '--no-git', '--yes'], cwd);
    expect(result.status, result.stderr).toBe(0);
    // The same options the CLI resolves from these flags, mode settings (defaults of --yes) included.
    const options = await resolveCreateOptions({ directory: 'p', auth, target, pm: 'npm', install: false, git: false, yes: true });
    const plan = buildCreatePlan(options);
    const written = join(cwd, 'p');
    expect(tree(written).sort()).toEqual(plan.files.map((f) => f.path).sort());
    for (const file of plan.files.filter((f) => !f.sensitive)) {
      expect(readFileSync(join(written, file.path), 'utf8'), file.path).toBe(file.contents);
    }
  });
});
