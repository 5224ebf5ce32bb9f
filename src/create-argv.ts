// Reads the command line of `create-mcify <directory> --auth bearer ...`, the command nearly every
// run is, without loading commander: its module and the program's setup are about 4 ms of a
// 45 ms run (`npm run bench`). It reads only argv that commander would read the same way, from
// the same declarations in src/options.ts; anything else (help, version, subcommands, unknown or
// repeated flags, `--`, a value that looks like a flag) returns undefined, and commander parses
// it, errors included. test/unit/create-argv.test.ts holds the two to the same result.
import {
  attributeName,
  createBooleanOptions,
  createChoiceOptions,
  createSwitches,
  createTextOptions,
  modeOptions,
  PROJECT_COMMANDS,
} from './options.js';

export interface CreateArgv {
  readonly directory: string | undefined;
  /** Keyed as commander keys them (see attributeName), so both feed the same action. */
  readonly flags: Record<string, string | boolean>;
}

interface Flag {
  readonly attribute: string;
  /** The value of a switch; undefined when the flag takes a value. */
  readonly value?: boolean;
}

function declaredFlags(): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (const { flag } of [...createChoiceOptions, ...createTextOptions, ...modeOptions().map((m) => m.option)]) {
    flags.set(flag, { attribute: attributeName(flag) });
  }
  for (const { flag } of createBooleanOptions) {
    flags.set(flag, { attribute: attributeName(flag), value: true });
    flags.set(`--no-${flag.slice(2)}`, { attribute: attributeName(flag), value: false });
  }
  for (const { flag, short } of createSwitches) {
    flags.set(flag, { attribute: attributeName(flag), value: true });
    if (short) flags.set(short, { attribute: attributeName(flag), value: true });
  }
  return flags;
}

/** The create command's directory and flags, or undefined when commander should read argv. */
export function parseCreateArgv(args: readonly string[]): CreateArgv | undefined {
  const declared = declaredFlags();
  const subcommands: readonly string[] = [...PROJECT_COMMANDS, 'help']; // and commander's help command
  const flags: Record<string, string | boolean> = {};
  let directory: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) {
      if (directory !== undefined || subcommands.includes(arg)) return undefined;
      directory = arg;
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = declared.get(equals < 0 ? arg : arg.slice(0, equals));
    if (!flag || flag.attribute in flags) return undefined;
    if (flag.value !== undefined) {
      if (equals >= 0) return undefined;
      flags[flag.attribute] = flag.value;
      continue;
    }
    const value = equals < 0 ? args[(i += 1)] : arg.slice(equals + 1);
    if (value === undefined || value.startsWith('-')) return undefined;
    flags[flag.attribute] = value;
  }
  return { directory, flags };
}
