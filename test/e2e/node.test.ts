import { describeLogins, describeTarget, type TargetRun } from './matrix.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { node26Dir } from '../../scripts/test-tools.mjs';

// The matrix runs on Node 22 (the oldest line generated projects support; see harness.ts pathFor),
// then each project's tests and server once more on Node 26, the newest LTS line.
const run: TargetRun = {
  pm: 'npm',
  run: ['npm', 'run'],
  beforeStart: ['build'],
  serve: 'start',
  passed: /Tests\s+\d+ passed/,
  alsoOnNode: () => node26Dir() as string,
};
describeTarget('node', run);
describeLogins('node', run, ['github', 'google', 'oidc']);
