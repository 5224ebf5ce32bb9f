import { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseCreateArgv } from '../../src/create-argv.js';
import {
  attributeName,
  createBooleanOptions,
  createChoiceOptions,
  createSwitches,
  modeOptions,
  PROJECT_COMMANDS,
} from '../../src/options.js';
import { program } from '../../src/program.js';

type Read = { directory: string | undefined; flags: Record<string, unknown> } | { error: string };

/** What the commander program of create-mcify makes of argv: the create action's input, or its error. */
async function viaCommander(args: readonly string[]): Promise<Read> {
  let read: Read | undefined;
  const root = program('create-mcify', async (directory, flags) => {
    read = { directory, flags: { ...flags } };
  });
  const silence = (command: typeof root) => {
    command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    command.commands.forEach(silence);
  };
  silence(root);
  // Subcommands would run for real; stop at their hook, which is all this needs to know.
  root.hook('preSubcommand', (_root, sub) => {
    throw Object.assign(new Error(sub.name()), { code: `subcommand:${sub.name()}` });
  });
  try {
    await root.parseAsync(['node', 'create-mcify', ...args]);
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
  return read ?? { error: 'no action' };
}

const choiceFlags = [...createChoiceOptions, ...modeOptions().map((m) => m.option)];
const switchTokens = [
  ...createBooleanOptions.flatMap((o) => [o.flag, `--no-${o.flag.slice(2)}`]),
  ...createSwitches.flatMap((s) => (s.short ? [s.flag, s.short] : [s.flag])),
];
const valueTokens = choiceFlags.flatMap((o) => {
  const value = o.choices?.[0]?.value ?? 'https://id.example.com';
  return [[o.flag, value], [`${o.flag}=${value}`], [`${o.flag}=`], [o.flag, '-x'], [o.flag, '--yes']];
});
const oddTokens = [
  ['--help'], ['-h'], ['--version'], ['-v'], ['--colour'], ['--'], ['-'], ['-yv'], ['-y=1'], ['--yes=1'], ['--Auth', 'none'],
  ['help'], ['create'], ...PROJECT_COMMANDS.map((c) => [c]), ['.'], [''], ['srv'], ['other-srv'],
];
const pool: string[][] = [...switchTokens.map((t) => [t]), ...valueTokens, ...oddTokens];

/** A fixed pseudo-random sequence, so every run checks the same command lines. */
function* sequence(seed: number) {
  for (let x = seed; ; ) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x;
  }
}

// Mostly tokens it reads, so most lines get compared; one in five is any token of the pool.
const usual = [
  ...switchTokens.map((t) => [t]),
  ...choiceFlags.flatMap((o) => [[o.flag, o.choices?.[0]?.value ?? 'https://id.example.com'], [`${o.flag}=${o.choices?.at(-1)?.value ?? 'x'}`]]),
  ['srv'],
];
const mixed = (() => {
  const random = sequence(8);
  const pick = (from: string[][]) => from[random.next().value! % from.length]!;
  return Array.from({ length: 300 }, () => {
    const count = 1 + (random.next().value! % 6);
    return Array.from({ length: count }, () => (random.next().value! % 5 === 0 ? pick(pool) : pick(usual))).flat();
  });
})();

describe('parseCreateArgv', () => {
  it('names every flag as commander does', () => {
    const flags = [...choiceFlags.map((o) => o.flag), ...switchTokens.filter((t) => t.startsWith('--'))];
    for (const flag of flags) expect(attributeName(flag), flag).toBe(new Option(flag).attributeName());
  });

  // Either it leaves argv to commander, or it reads exactly what commander reads.
  const lines = [[], ...pool, ...mixed];
  it('reads over a third of those lines itself, so the comparison below means something', () => {
    expect(lines.filter((args) => parseCreateArgv(args) !== undefined).length).toBeGreaterThan(lines.length / 3);
  });

  it.each(lines.map((args) => [args]))('reads %j as commander does, or leaves it to commander', async (args) => {
    const direct = parseCreateArgv(args);
    if (direct === undefined) return;
    const commander = await viaCommander(args);
    expect(commander).not.toHaveProperty('error');
    expect(direct).toEqual(commander);
  });

  // The point of it: the usual command lines never load commander.
  it.each([
    [[]],
    [['my-server']],
    [['my-server', '--auth', 'bearer', '--target', 'node', '--yes']],
    [['my-server', '--auth=oauth', '--idp', 'auth0', '--oauth-issuer', 'https://x.eu.auth0.com/', '--target', 'workers']],
    [['--yes', '--no-install', '--no-git', '--pm', 'pnpm', 'srv']],
    [['srv', '-y', '--dry-run', '--json']],
    [['.', '--force', '--auth', 'none']],
  ])('reads %j itself', async (args: string[]) => {
    const direct = parseCreateArgv(args);
    expect(direct).toBeDefined();
    expect(direct).toEqual(await viaCommander(args));
  });

  it('leaves help, version, subcommands and unknown flags to commander', () => {
    for (const args of [['--help'], ['-v'], ['add', 'auth', 'none'], ['secret'], ['srv', '--colour'], ['srv', 'extra'], ['srv', '--yes', '--yes']]) {
      expect(parseCreateArgv(args), JSON.stringify(args)).toBeUndefined();
    }
  });
});
