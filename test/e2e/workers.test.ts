import { describeLogins, describeTarget, type TargetRun } from './matrix.js';

// wrangler needs Node 22: the harness puts Node 22 from .tools/ first on PATH for these projects.
const run: TargetRun = {
  pm: 'npm',
  run: ['npm', 'run'],
  serve: 'dev',
  passed: /Tests\s+\d+ passed/,
};
describeTarget('workers', run);
describeLogins('workers', run, ['google']);
