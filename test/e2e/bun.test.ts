import { describeTarget } from './matrix.js';

// Installs with bun itself (bun comes from the npm registry, see scripts/test-tools.mjs).
describeTarget('bun', {
  pm: 'bun',
  run: ['bun', 'run'],
  serve: 'start',
  passed: /\b\d+ pass\b[\s\S]*\b0 fail\b/,
});
