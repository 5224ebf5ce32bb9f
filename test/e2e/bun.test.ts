import { describeLogins, describeTarget, type TargetRun } from './matrix.js';

// Installs with bun itself (bun comes from the npm registry, see scripts/test-tools.mjs).
const run: TargetRun = {
  pm: 'bun',
  run: ['bun', 'run'],
  serve: 'start',
  passed: /\b\d+ pass\b[\s\S]*\b0 fail\b/,
};
describeTarget('bun', run);
describeLogins('bun', run, ['oidc']);
