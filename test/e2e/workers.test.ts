import { describeTarget } from './matrix.js';

// wrangler needs Node 22: the harness puts Node 22 from .tools/ first on PATH for these projects.
describeTarget('workers', {
  pm: 'npm',
  run: ['npm', 'run'],
  serve: 'dev',
  passed: /Tests\s+\d+ passed/,
});
