// The pieces `add auth` uses to give a project create-mcify did not make an entry point
// (src/edit/entry.ts), and the comment of the old `auth:` entry (src/edit/config-ast.ts).
import { describe, expect, it } from 'vitest';
import { editAuthConfig } from '../../src/edit/config-ast.js';
import { importClosure, includeFolder, moduleSpecifiers, packageOf, servedByMcifyCli } from '../../src/edit/entry.js';
import { renderImports } from '../../src/plan/plan.js';

describe('includeFolder', () => {
  it('adds the folder after the last element, every other byte kept; twice = once', () => {
    const text = '{\n  "compilerOptions": { "lib": ["ES2022"] },\n  "include": ["mcify.config.ts", "tools/**/*"]\n}\n';
    const once = includeFolder(text, 'src')!;
    expect(once).toBe('{\n  "compilerOptions": { "lib": ["ES2022"] },\n  "include": ["mcify.config.ts", "tools/**/*", "src"]\n}\n');
    expect(includeFolder(once, 'src')).toBe(once);
  });
  it.each([['src/**/*'], ['./src'], ['**/*']])('leaves an include that covers src already (%s)', (pattern) => {
    const text = `{ "include": ["${pattern}"] }`;
    expect(includeFolder(text, 'src')).toBe(text);
  });
  it('leaves a tsconfig without include (it includes everything), and cannot edit one with comments', () => {
    expect(includeFolder('{ "compilerOptions": {} }', 'src')).toBe('{ "compilerOptions": {} }');
    expect(includeFolder('{ // mine\n "include": ["x"] }', 'src')).toBeUndefined();
  });
});

describe('imports', () => {
  it('reads static imports, re-exports and dynamic imports with a literal, not strings or comments', () => {
    const text = `import a from './a.js';\nexport { b } from './b.js';\nexport * from 'hono/body-limit';\nconst c = await import('./c.js');\n// import './d.js'\nconst s = "import './e.js'";`;
    expect(moduleSpecifiers(text)).toEqual(['./a.js', './b.js', 'hono/body-limit', './c.js']);
    expect(['hono/body-limit', '@mcify/runtime/node', 'node:fs', 'bun:sqlite', './x.js'].map(packageOf)).toEqual(['hono', '@mcify/runtime', undefined, undefined, undefined]);
  });
  it('follows relative imports through the given files and stops at files outside them', () => {
    const files = new Map([
      ['src/server.ts', `import { createApp } from './app.js';\nimport { serve } from '@hono/node-server';`],
      ['src/app.ts', `import config from '../mcify.config.js';\nimport { guard } from './auth/index.js';`],
      ['src/auth/index.ts', `import { x } from './store.js';\nimport { Hono } from 'hono';`],
      ['src/auth/store.ts', `export const x = 1;`],
      ['src/unused.ts', `import 'jose';`],
    ]);
    expect(importClosure(['src/server.ts'], files)).toEqual({
      paths: ['src/app.ts', 'src/auth/index.ts', 'src/auth/store.ts', 'src/server.ts'],
      packages: ['@hono/node-server', 'hono'],
    });
  });
  it('knows a project the framework CLI serves', () => {
    expect(servedByMcifyCli({ dev: 'mcify dev', build: 'mcify build', start: 'node dist/server.mjs' })).toBe(true);
    expect(servedByMcifyCli({ generate: 'mcify generate' })).toBe(true);
    expect(servedByMcifyCli({ dev: 'tsx watch server.ts', start: 'node server.js' })).toBe(false);
  });
});

describe('the comment of the old auth: entry', () => {
  const edit = { expression: "apiKey({ env: 'K' })", imports: [{ from: '@mcify/core', names: ['apiKey'] }], removable: [{ from: '@mcify/core', names: ['bearer'] }], comment: 'API key header.' };
  it('is replaced when it is attached to the entry', () => {
    const text = `import { bearer, defineConfig } from '@mcify/core';\nexport default defineConfig({\n  name: 'x',\n  // Bearer auth: agents present MCIFY_AUTH_TOKEN.\n  // Generate one with openssl.\n  auth: bearer({ env: 'MCIFY_AUTH_TOKEN' }),\n});\n`;
    const result = editAuthConfig(text, edit, renderImports);
    expect(result).toMatchObject({ status: 'edited', commentReplaced: true });
    expect(result.status === 'edited' && result.text).toBe(`import { apiKey, defineConfig } from '@mcify/core';\nexport default defineConfig({\n  name: 'x',\n  // API key header.\n  auth: apiKey({ env: 'K' }),\n});\n`);
  });
  it('is kept when a blank line separates it, or when it ends the line before', () => {
    for (const text of [
      `import { bearer, defineConfig } from '@mcify/core';\nexport default defineConfig({\n  // About the server.\n\n  auth: bearer({ env: 'T' }),\n});\n`,
      `import { bearer, defineConfig } from '@mcify/core';\nexport default defineConfig({\n  name: 'x', // the name\n  auth: bearer({ env: 'T' }),\n});\n`,
    ]) {
      const result = editAuthConfig(text, edit, renderImports);
      expect(result.status === 'edited' && result.commentReplaced).toBeFalsy();
      expect(result.status === 'edited' && result.text).toContain(text.includes('About') ? '// About the server.' : '// the name');
    }
  });
});
