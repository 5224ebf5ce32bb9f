import { describeTarget } from './matrix.js';

describeTarget('node', {
  pm: 'npm',
  run: ['npm', 'run'],
  beforeStart: ['build'],
  serve: 'start',
  passed: /Tests\s+\d+ passed/,
});
