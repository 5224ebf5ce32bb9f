// Bundles the CLI into dist/cli.js (one file per lazily loaded chunk) so the published package
// needs no install of its own dependencies at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.12',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
});
