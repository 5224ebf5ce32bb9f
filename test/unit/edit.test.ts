// The small edits `add` is made of: unified diffs, marked regions, package.json merges. Each edit
// is applied twice; the second application changes nothing.
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/edit/diff.js';
import { editPackageJson, resolvesMcifyRange, unresolvableMcifyPins } from '../../src/edit/package-json.js';
import { mergeRegions } from '../../src/edit/regions.js';

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context, deletions before additions', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = before.replace('e\n', 'E\n').replace('j\n', 'j\nk\n');
    expect(unifiedDiff('x.txt', before, after)).toBe(
      ['--- a/x.txt', '+++ b/x.txt', '@@ -2,9 +2,10 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ' i', ' j', '+k', ''].join('\n'),
    );
  });

  it('splits far-apart changes into hunks and marks new and deleted files', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...lines];
    after[1] = 'one';
    after[18] = 'eighteen';
    const diff = unifiedDiff('f', `${lines.join('\n')}\n`, `${after.join('\n')}\n`);
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
    expect(unifiedDiff('new.ts', undefined, 'x\n')).toBe('--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1,1 @@\n+x\n');
    expect(unifiedDiff('old.ts', 'x\n', undefined)).toBe('--- a/old.ts\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
    expect(unifiedDiff('same', 'x\n', 'x\n')).toBe('');
  });
});

describe('mergeRegions', () => {
  const page = (auth: string, intro = 'Intro.\n', outro = 'Outro.\n') =>
    `${intro}<!-- create-mcify:auth -->\n${auth}<!-- /create-mcify:auth -->\n${outro}`;
  const oldGen = page('## Auth: bearer\n');
  const newGen = page('## Auth: none\n');

  it('replaces the region in a file edited outside it, once', () => {
    const mine = page('## Auth: bearer\n', 'My own intro.\n', 'My notes.\n');
    const merged = mergeRegions(mine, oldGen, newGen)!;
    expect(merged).toBe(page('## Auth: none\n', 'My own intro.\n', 'My notes.\n'));
    expect(mergeRegions(merged, oldGen, newGen)).toBe(merged);
  });

  it('refuses when the user changed the region, removed it, or the change is outside regions', () => {
    expect(mergeRegions(page('## Auth: mine\n'), oldGen, newGen)).toBeUndefined();
    expect(mergeRegions('Intro.\nno markers\n', oldGen, newGen)).toBeUndefined();
    expect(mergeRegions(oldGen, oldGen, page('## Auth: none\n', 'Other intro.\n'))).toBeUndefined();
  });
});

describe('editPackageJson', () => {
  const original = `${JSON.stringify(
    {
      name: 'demo',
      scripts: { dev: 'mcify dev' },
      dependencies: { zod: '^3.23.8', '@mcify/core': '^0.0.1-alpha.0' },
      devDependencies: { typescript: '^5.7.0' },
      custom: { keep: true },
    },
    null,
    4,
  )}\n`;

  it('adds missing dependencies sorted, keeps existing versions, key order and indentation; twice = once', () => {
    const edit = {
      add: { dependencies: { jose: '^6.0.0', zod: '^3.25.0' }, devDependencies: { zod: '^3.25.0', tsx: '^4.20.0' } },
      scripts: { 'secret:rotate': 'create-mcify secret generate --rotate' },
    };
    const once = editPackageJson(original, edit);
    const pkg = JSON.parse(once);
    expect(Object.keys(pkg)).toEqual(['name', 'scripts', 'dependencies', 'devDependencies', 'custom']);
    expect(pkg.dependencies).toEqual({ '@mcify/core': '^0.0.1-alpha.0', jose: '^6.0.0', zod: '^3.23.8' });
    expect(Object.keys(pkg.dependencies)).toEqual(['@mcify/core', 'jose', 'zod']);
    expect(pkg.devDependencies).toEqual({ tsx: '^4.20.0', typescript: '^5.7.0' });
    expect(once).toMatch(/^ {4}"name"/m);
    expect(once.endsWith('}\n')).toBe(true);
    expect(editPackageJson(once, edit)).toBe(once);
  });

  it('pins mcify packages whose range cannot resolve, and removes what it is told to', () => {
    const pins = unresolvableMcifyPins(JSON.parse(original));
    expect(pins).toEqual({ '@mcify/core': '1.0.0-alpha.3' });
    const pinned = editPackageJson(original, { pins, remove: { devDependencies: ['typescript'] } });
    expect(JSON.parse(pinned).dependencies['@mcify/core']).toBe('1.0.0-alpha.3');
    expect(JSON.parse(pinned).devDependencies).toEqual({});
    expect(unresolvableMcifyPins(JSON.parse(pinned))).toEqual({});
  });

  it.each([
    ['1.0.0-alpha.3', true],
    ['^1.0.0-alpha.0', true],
    ['~1.0.0-alpha.3', true],
    ['latest', true],
    ['workspace:*', true],
    ['^0.0.1-alpha.0', false],
    ['^0.1.0-alpha', false],
    ['1.0.0-alpha.2', false],
    ['^1.0.0-alpha.4', false],
    ['^1.0.0', false],
  ])('an mcify range %s resolves: %s', (range, ok) => expect(resolvesMcifyRange(range)).toBe(ok));
});
