// Input / expected-output fixtures for the mcify.config.ts edit, each applied twice: the second
// application must change nothing. The expressions are fixed in each fixture's edit.json, so the
// fixtures do not move when a module's expression does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addConfigTools, editAuthConfig, inspectConfig, type AuthEdit } from '../../src/edit/config-ast.js';
import { renderImports } from '../../src/plan/plan.js';
import { repoRoot } from '../helpers/cli.js';

const fixtures = join(repoRoot, 'test/fixtures/config');
const manual = join(repoRoot, 'test/fixtures/config-manual');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

describe.each(readdirSync(fixtures))('config fixture %s', (name) => {
  // upstream-<template> fixtures edit that `mcify init` template's own config.
  const upstream = /^upstream-(.+)$/.exec(name)?.[1];
  const input = upstream ? read(repoRoot, 'test/fixtures/upstream', upstream, 'mcify.config.ts') : read(fixtures, name, 'input.ts');
  const edit = JSON.parse(read(fixtures, name, 'edit.json')) as AuthEdit;

  it('gives the expected output, and nothing more on a second application', async () => {
    const first = editAuthConfig(input, edit, renderImports);
    expect(first.status).not.toBe('manual');
    const text = (first as { text: string }).text;
    await expect(text).toMatchFileSnapshot(join(fixtures, name, 'expected.ts'));
    expect(editAuthConfig(text, edit, renderImports)).toEqual({ status: 'unchanged', text });
  });
});

describe('configs that cannot be edited safely', () => {
  const edit: AuthEdit = {
    expression: "apiKey({ headerName: 'x-api-key', env: 'MCIFY_API_KEY' })",
    imports: [{ from: '@mcify/core', names: ['apiKey'] }],
    removable: [{ from: '@mcify/core', names: ['bearer'] }],
  };
  const reasons: Record<string, RegExp> = {
    'spread.ts': /spread/,
    'identifier.ts': /built elsewhere/,
    'shorthand.ts': /built elsewhere/,
    'no-define-config.ts': /no defineConfig/,
    'exported-identifier.ts': /default export is not the defineConfig/,
    'two-calls.ts': /2 defineConfig/,
    'does-not-parse.ts': /does not parse/,
  };
  it('covers every fixture', () => expect(readdirSync(manual).sort()).toEqual(Object.keys(reasons).sort()));

  it.each(Object.entries(reasons))('%s: changes nothing and gives the lines to add by hand', (file, reason) => {
    const result = editAuthConfig(read(manual, file), edit, renderImports);
    expect(result).toEqual({
      status: 'manual',
      reason: expect.stringMatching(reason),
      lines: ["import { apiKey } from '@mcify/core';", "  auth: apiKey({ headerName: 'x-api-key', env: 'MCIFY_API_KEY' }),"],
    });
  });

  it('a config with the expression and its imports added by hand counts as done', () => {
    const byHand = read(manual, 'spread.ts')
      .replace("import { bearer, defineConfig }", 'import { apiKey, defineConfig }')
      .replace("bearer({ env: 'MCIFY_AUTH_TOKEN' })", edit.expression);
    expect(editAuthConfig(byHand, edit, renderImports)).toEqual({ status: 'unchanged', text: byHand });
  });
});

describe('a config without auth', () => {
  it('a config without auth is editable and has none', () => {
    const shape = inspectConfig(read(repoRoot, 'test/fixtures/upstream/from-scratch/mcify.config.ts'));
    expect(shape.editable && shape.auth).toBe(undefined);
  });
});

describe('addConfigTools (a mode\'s own tools, e.g. notes with --login github)', () => {
  const config = `import { defineConfig } from '@mcify/core';
import { greet } from './src/tools/greet.js';
import { whoami } from './src/tools/whoami.js';

export default defineConfig({
  name: 'x',
  tools: [greet, whoami],
});
`;
  const notes = [{ name: 'notes', from: './src/tools/notes.js' }];

  it('adds the tool to the array and its import; applied twice, the second changes nothing', () => {
    const once = addConfigTools(config, notes);
    expect(once.status).toBe('edited');
    const text = (once as { text: string }).text;
    expect(text).toContain('tools: [greet, whoami, notes],');
    expect(text).toContain("import { notes } from './src/tools/notes.js';\n");
    expect(addConfigTools(text, notes)).toEqual({ status: 'unchanged', text });
  });

  it('adds to an empty array, and says why when tools is not an array literal', () => {
    expect((addConfigTools(config.replace('[greet, whoami]', '[]'), notes) as { text: string }).text).toContain('tools: [notes],');
    expect(addConfigTools(config.replace('[greet, whoami]', 'allTools'), notes)).toEqual({ status: 'manual', reason: 'its tools are not an array literal' });
  });
});

