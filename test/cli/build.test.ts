import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCreateOptions } from '../../src/commands/create.js';
import { authModules } from '../../src/modules/auth/index.js';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';
import { repoRoot, run, scratch } from '../helpers/cli.js';

function tree(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? tree(full, root) : [relative(root, full)];
  });
}

/** Every combination with its defaults, and every other choice of the modes' options (--idp, --store). */
const cases = combinations.flatMap(({ auth, target }) => [
  { auth, target, label: `${auth}/${target}`, modeFlags: {} as Record<string, string> },
  ...(authModules[auth]!.options ?? [])
    .filter((option) => option.choices && (!option.targets || option.targets.includes(target)))
    .flatMap((option) =>
      option.choices!
        .filter((choice) => choice.value !== option.default({}, target))
        .map((choice) => ({ auth, target, label: `${auth}/${target} ${option.flag} ${choice.value}`, modeFlags: { [option.key]: choice.value } })),
    ),
]);

function flagsOf(modeFlags: Record<string, string>): string[] {
  return Object.entries(modeFlags).flatMap(([key, value]) => {
    const option = Object.values(authModules).flatMap((m) => m.options ?? []).find((o) => o.key === key)!;
    return [option.flag, value];
  });
}

describe('the published build', () => {
  it('declares no runtime dependencies: everything is bundled', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toEqual(['bin', 'dist']);
  });

  // The bundle renders templates compiled to plain functions (scripts/template-compiler.mjs); the
  // source renders them with handlebars. Both must write the same project (secret values aside,
  // which are fresh each run).
  it.each(cases)('writes the same $label project as the source renderer', async ({ auth, target, modeFlags }) => {
    const cwd = scratch('build');
    const result = run(['p', '--auth', auth, '--target', target, ...flagsOf(modeFlags), '--pm', 'npm', '--no-install', '--no-git', '--yes'], cwd);
    expect(result.status, result.stderr).toBe(0);
    // The same options the CLI resolves from these flags, mode settings (defaults of --yes) included.
    const options = await resolveCreateOptions({ directory: 'p', auth, target, pm: 'npm', install: false, git: false, yes: true, modeFlags });
    const plan = buildCreatePlan(options);
    const written = join(cwd, 'p');
    expect(tree(written).sort()).toEqual(plan.files.map((f) => f.path).sort());
    for (const file of plan.files.filter((f) => !f.sensitive)) {
      expect(readFileSync(join(written, file.path), 'utf8'), file.path).toBe(file.contents);
    }
  });
});
