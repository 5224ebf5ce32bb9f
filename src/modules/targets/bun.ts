import type { TargetModule } from '../types.js';

export const bun: TargetModule = {
  id: 'bun',
  label: 'Bun',
  hint: 'Bun runs the TypeScript directly, in dev and in production',
  envFile: '.env',
  envExampleFile: '.env.example',
  testModule: 'bun:test',
  contribute: () => ({
    devDependencies: ['@types/bun', 'typescript'],
    scripts: {
      dev: 'bun --watch src/server.ts',
      start: 'bun src/server.ts --host 0.0.0.0',
      typecheck: 'tsc --noEmit',
      test: 'bun test',
    },
    // The Bun line whose APIs the project is typechecked against (@types/bun in src/versions.ts).
    bun: '1.3',
    templates: ['target/server', 'target/bun'],
  }),
};
