import type { TargetModule } from '../types.js';

export const node: TargetModule = {
  id: 'node',
  label: 'Node.js',
  hint: 'any server or container; TypeScript run by tsx in dev, compiled for production',
  envFile: '.env',
  envExampleFile: '.env.example',
  testModule: 'vitest',
  contribute: () => ({
    dependencies: ['@hono/node-server'],
    // vitest's vite needs Node ^20.19 or >= 22.12, and Node 20 is past its end of life.
    node: '22.12',
    devDependencies: ['@types/node', 'tsx', 'typescript', 'vitest'],
    scripts: {
      dev: 'tsx watch src/server.ts --dev',
      build: 'tsc -p tsconfig.build.json',
      start: 'node dist/src/server.js --host 0.0.0.0',
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
    },
    templates: ['target/server', 'target/node'],
  }),
};
