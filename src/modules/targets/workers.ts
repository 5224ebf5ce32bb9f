import type { TargetModule } from '../types.js';

export const workers: TargetModule = {
  id: 'workers',
  label: 'Cloudflare Workers',
  hint: 'deployed with wrangler; runs locally in workerd',
  envFile: '.dev.vars',
  envExampleFile: '.dev.vars.example',
  testModule: 'vitest',
  contribute: () => ({
    devDependencies: ['@types/node', 'typescript', 'vitest', 'wrangler'],
    scripts: {
      dev: 'node scripts/dev.mjs',
      start: 'node scripts/dev.mjs',
      deploy: 'wrangler deploy',
      'cf-typegen': 'wrangler types',
      // No pre-script: pnpm does not run them by default.
      typecheck: 'wrangler types && tsc --noEmit && tsc --noEmit -p test',
      test: 'vitest run',
    },
    // Current wrangler releases refuse to start on older Node.js.
    node: '22.12',
    // The newest date this wrangler's workerd accepts; bump it together with wrangler in versions.ts.
    context: { compatibilityDate: '2026-11-24' },
    templates: ['target/workers'],
  }),
};
