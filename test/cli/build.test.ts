import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

  it('ships a LICENSE with the text of the license package.json names (Apache-2.0)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    // What npm would publish, as npm itself lists it.
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/create-mcify.cjs', 'dist/cli.cjs']));
  });

  it('names its repository and homepage, and the README shows images from that repository by absolute URL', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository?.url ?? '')?.[1];
    expect(repo, 'repository.url').toBeTruthy();
    expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
    // The registry's page shows the README without the repository beside it: relative images break.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    const raw = `https://raw.githubusercontent.com/${repo}/main/`;
    for (const image of images) {
      expect(image.startsWith(raw), image).toBe(true);
      expect(existsSync(join(repoRoot, image.slice(raw.length))), image).toBe(true);
    }
    for (const [, link] of readme.matchAll(/\]\(([^)\s]+)\)/g)) expect(link, 'a relative link').toMatch(/^(https?:|#)/);
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
