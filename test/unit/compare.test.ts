import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/lib/compare.js';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';

describe('compareText', () => {
  // It replaces localeCompare (whose first call costs ~6 ms): the order of every list we sort
  // (file paths, dependency names) must not change.
  it('orders every planned path and dependency name as localeCompare does', () => {
    const lists = combinations.flatMap(({ auth, target }) => {
      const plan = buildCreatePlan({ directory: 'p', name: 'p', auth, target, pm: 'npm', install: false, git: false, settings: {} });
      return [plan.files.map((f) => f.path), Object.keys(plan.dependencies), Object.keys(plan.devDependencies)];
    });
    for (const list of lists) {
      expect([...list].reverse().sort(compareText)).toEqual([...list].reverse().sort((a, b) => a.localeCompare(b)));
    }
  });

  it('puts case-insensitive order first and lowercase before uppercase on a tie', () => {
    expect(['b', 'B', 'a', 'README.md', 'package.json', '.env'].sort(compareText)).toEqual(['.env', 'a', 'b', 'B', 'package.json', 'README.md']);
    expect(['b', 'B', 'a', 'README.md', 'package.json', '.env'].sort((a, b) => a.localeCompare(b))).toEqual(['.env', 'a', 'b', 'B', 'package.json', 'README.md']);
  });
});
