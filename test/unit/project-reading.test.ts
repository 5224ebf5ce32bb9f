// The one reading of a project (src/project/reading.ts) on configs and sources written by hand.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode } from '../../src/modules/types.js';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { envReadsOf, readConfigAuth, readEnvReferences } from '../../src/project/reading.js';
import { loadProjectEnv } from '../../src/secrets/project.js';
import { repoRoot } from '../helpers/cli.js';

const modes = Object.keys(authModules) as AuthMode[];
const read = (text: string) => readConfigAuth(text);

describe('readConfigAuth', () => {
  it.each(modes)('reads the config create-mcify writes for %s', (mode) => {
    const plan = buildCreatePlan({ directory: 'd', name: 'd', auth: mode, target: 'node', pm: 'npm', install: false, git: false, settings: {} });
    expect(read(plan.files.find((f) => f.path === 'mcify.config.ts')!.contents)).toEqual({ status: 'read', mode, renamed: {} });
  });

  it.each([
    ['from-scratch', 'none'],
    ['from-zod', 'bearer'],
    ['example-khipu', 'bearer'],
  ])('reads the mcify init template %s as %s', (template, mode) => {
    const text = readFileSync(join(repoRoot, 'test/fixtures/upstream', template, 'mcify.config.ts'), 'utf8');
    expect(read(text)).toEqual({ status: 'read', mode, renamed: {} });
  });

  it('follows renamed imports', () => {
    const text = `import { bearer as guard, defineConfig as define } from '@mcify/core';
export default define({ name: 'x', version: '1', auth: guard({ env: 'MCIFY_AUTH_TOKEN' }), tools: [] });`;
    expect(read(text)).toEqual({ status: 'read', mode: 'bearer', renamed: {} });
  });

  it('follows a namespace import, and reads the name the config gives the secret', () => {
    const text = `import * as mcify from '@mcify/core';
export default mcify.defineConfig({ name: 'x', version: '1', auth: mcify.apiKey({ headerName: 'x-api-key', env: 'MY_KEY' }), tools: [] });`;
    expect(read(text)).toEqual({ status: 'read', mode: 'api-key', renamed: { MCIFY_API_KEY: 'MY_KEY' } });
  });

  it('follows auth from a variable, a shorthand property, a const name and a config bound to a const', () => {
    const text = `import { bearer, defineConfig } from '@mcify/core';
const TOKEN = 'SERVICE_TOKEN';
const guard = bearer({ env: TOKEN });
const auth = guard;
const config = defineConfig({ name: 'x', version: '1', auth, tools: [] } satisfies object);
export default config;`;
    expect(read(text)).toEqual({ status: 'read', mode: 'bearer', renamed: { MCIFY_AUTH_TOKEN: 'SERVICE_TOKEN' } });
  });

  it('reads auth.none() through a namespace too', () => {
    const text = `import * as core from '@mcify/core';\nexport default core.defineConfig({ auth: core.auth.none(), tools: [] });`;
    expect(read(text)).toEqual({ status: 'read', mode: 'none', renamed: {} });
  });

  it.each([
    ['auth imported from another file', `import { defineConfig } from '@mcify/core';\nimport { auth } from './auth.js';\nexport default defineConfig({ auth, tools: [] });`, /auth is auth, imported from \.\/auth\.js/],
    ['a function of its own', `import { defineConfig } from '@mcify/core';\nconst mine = () => null as never;\nexport default defineConfig({ auth: mine(), tools: [] });`, /auth is mine\(\.\.\.\), which is not one of create-mcify's auth modes/],
    ["the framework's oauth()", `import { defineConfig, oauth } from '@mcify/core';\nexport default defineConfig({ auth: oauth({ provider: 'x' }), tools: [] });`, /@mcify\/core oauth\), which is not one of/],
    ['a spread after auth', `import { bearer, defineConfig } from '@mcify/core';\nconst base = {};\nexport default defineConfig({ auth: bearer({ env: 'T' }), ...base });`, /spread \(\.\.\.\) that may set auth/],
    ['a let variable', `import { bearer, defineConfig } from '@mcify/core';\nlet a = bearer({ env: 'T' });\nexport default defineConfig({ auth: a });`, /auth is a, not a const/],
    ['an env name built at run time', `import { bearer, defineConfig } from '@mcify/core';\nexport default defineConfig({ auth: bearer({ env: process.env.NAME! }) });`, /env of bearer auth is not a string literal/],
    ['a default export from elsewhere', `import { defineConfig } from './my-config.js';\nexport default defineConfig({});`, /not defineConfig\(\.\.\.\) from @mcify\/core/],
    ['text that does not parse', `export default defineConfig({ auth: bearer(`, /does not parse/],
  ])('says why it cannot read %s, instead of guessing', (_, text, reason) => {
    const result = read(text);
    expect(result.status).toBe('unreadable');
    expect(result.status === 'unreadable' && result.reason).toMatch(reason);
  });
});

describe('envReadsOf', () => {
  it('finds process.env reads in every form, and not in comments or strings', () => {
    const text = `// process.env.IN_A_COMMENT
const a = process.env.KHIPU_API_KEY;
const b = process.env['OTHER_KEY'] ?? '';
const { DEST_ONE, DEST_TWO: two } = process.env;
const c = Bun.env.BUN_VAR;
const s = 'process.env.IN_A_STRING';
const dynamic = process.env[a!];`;
    expect(envReadsOf(text).sort()).toEqual(['BUN_VAR', 'DEST_ONE', 'DEST_TWO', 'KHIPU_API_KEY', 'OTHER_KEY']);
  });

  it('finds env.X in a Workers handler, whatever the parameter is called', () => {
    const text = `export default {
  async fetch(request: Request, bindings: { API_TOKEN: string }) {
    const { REGION } = bindings;
    return new Response(bindings.API_TOKEN + REGION);
  },
};
const env = { NOT_A_BINDING: 1 };
env.NOT_A_BINDING;`;
    expect(envReadsOf(text).sort()).toEqual(['API_TOKEN', 'REGION']);
  });
});

describe('readEnvReferences', () => {
  it('reads the sources, not tests, builds or dependencies, and lists a file it cannot parse', () => {
    const root = mkdtempSync(join(tmpdir(), 'reading-'));
    const files: Record<string, string> = {
      'mcify.config.ts': `const k = process.env['KHIPU_API_KEY'];`,
      'src/client.ts': `export const u = process.env.USERS_API;`,
      'src/client.test.ts': `process.env.TEST_ONLY;`,
      'test/x.ts': `process.env.TEST_DIR;`,
      'dist/server.js': `process.env.BUILT;`,
      'node_modules/dep/index.js': `process.env.DEPENDENCY;`,
      'src/broken.ts': `const = ;`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const { references, unreadable } = readEnvReferences(root);
    expect(references).toEqual([
      { name: 'KHIPU_API_KEY', in: ['mcify.config.ts'] },
      { name: 'USERS_API', in: ['src/client.ts'] },
    ]);
    expect(unreadable).toEqual(['src/broken.ts']);
  });
});

describe('loadProjectEnv on projects create-mcify writes', () => {
  const targets = ['node', 'bun', 'workers'] as const;
  it.each(modes.flatMap((mode) => targets.map((target) => [mode, target] as const)))(
    '%s on %s: no upstream variable (every variable it reads is its own)',
    (mode, target) => {
      const root = mkdtempSync(join(tmpdir(), 'reading-gen-'));
      const plan = buildCreatePlan({ directory: 'd', name: 'd', auth: mode, target, pm: 'npm', install: false, git: false, settings: {} });
      for (const f of plan.files) {
        mkdirSync(dirname(join(root, f.path)), { recursive: true });
        writeFileSync(join(root, f.path), f.contents);
      }
      const env = loadProjectEnv(root);
      expect(env.upstream).toEqual([]);
      expect(env.unreadableSources).toEqual([]);
      expect(env.auth?.id).toBe(mode);
    },
  );
});
