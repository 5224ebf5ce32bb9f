// Generated projects name the commands of create-mcify one way: `<the package manager's runner>
// create-mcify <command>` (npx, pnpm dlx, yarn dlx, bunx), in READMEs, DEPLOY.md, env files and code
// comments alike. A bare `mcify <command>` would run whichever `mcify` is first on PATH, possibly
// the framework's own CLI, which has no add, secret or doctor.
import { describe, expect, it } from 'vitest';
import { pmCommands } from '../../src/lib/pm.js';
import type { PackageManager } from '../../src/modules/types.js';
import { buildCreatePlan } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';

const COMMANDS = 'add|secret|doctor';
const managers: PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

describe.each(managers)('the command form in generated trees (%s)', (pm) => {
  const dlx = pmCommands(pm).dlx;
  const trees = combinations.map((c) => ({
    ...c,
    files: buildCreatePlan({ directory: 'srv', name: 'srv', auth: c.auth, target: c.target, pm, install: false, git: false, settings: {} }).files,
  }));

  it.each(trees)('$auth on $target: every create-mcify command is `' + dlx + ' create-mcify <command>`, never a bare mcify', ({ files }) => {
    let mentions = 0;
    for (const file of files) {
      const bare = new RegExp(`(?<![\\w-])mcify (${COMMANDS})\\b`, 'g');
      expect(file.contents.match(bare), file.path).toBeNull();
      for (const match of file.contents.matchAll(new RegExp(`create-mcify (${COMMANDS})\\b`, 'g'))) {
        const before = file.contents.slice(Math.max(0, match.index - dlx.length - 1), match.index);
        expect(before, `${file.path}: ...${file.contents.slice(match.index - 20, match.index + 30)}`).toBe(`${dlx} `);
        mentions += 1;
      }
    }
    expect(mentions).toBeGreaterThan(0);
  });
});

describe.each(managers)('package scripts in generated docs (%s)', (pm) => {
  const own = pmCommands(pm).run;
  const others = managers.filter((m) => m !== pm).map((m) => pmCommands(m).run);

  it.each(combinations)('$auth on $target: READMEs run the scripts with `' + own + '`, never another manager', ({ auth, target }) => {
    const plan = buildCreatePlan({ directory: 'srv', name: 'srv', auth, target, pm, install: false, git: false, settings: {} });
    const scripts = Object.keys(plan.scripts).join('|');
    let mentions = 0;
    for (const file of plan.files.filter((f) => f.path.endsWith('.md'))) {
      for (const runner of others) {
        const foreign = file.contents.match(new RegExp(`(?<![\\w-])${runner} (${scripts})\\b`, 'g'));
        expect(foreign, file.path).toBeNull();
      }
      mentions += file.contents.match(new RegExp(`(?<![\\w-])${own} (${scripts})\\b`, 'g'))?.length ?? 0;
    }
    expect(mentions).toBeGreaterThan(0);
  });
});
