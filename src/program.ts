// The commander program of both bins, the one parser of every command line: create, help,
// version and the project commands.
import { Command, Option } from 'commander';
import { cliVersion } from './lib/paths.js';
import {
  authOption,
  createBooleanOptions,
  createChoiceOptions,
  createListOptions,
  createSwitches,
  createTextOptions,
  modeOptions,
  FRAMEWORK_COMMANDS,
  PROJECT_COMMANDS,
  type ModeOptionUse,
} from './options.js';
import { platforms } from './secrets/platforms/index.js';

/**
 * Creates the project from commander's flags; `modeFlags` holds the auth modes' own flags by
 * option key (e.g. { idp: 'auth0' }).
 */
export type CreateAction = (directory: string | undefined, flags: Record<string, unknown> & { modeFlags: Record<string, string> }) => Promise<void>;

/**
 * Declares every auth mode's own flag on `command`; returns what turns commander's parsed flags
 * into those flags' values by option key.
 */
function addModeOptions(command: Command, describe: (use: ModeOptionUse) => string) {
  const declared = modeOptions().map((use) => {
    const flag = new Option(`${use.option.flag} <${use.option.valueName}>`, describe(use));
    command.addOption(flag);
    return { key: use.option.key, attribute: flag.attributeName() };
  });
  return (flags: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(declared.filter((m) => flags[m.attribute] !== undefined).map((m) => [m.key, String(flags[m.attribute])]));
}

function addCreateOptions(command: Command, create: CreateAction): Command {
  command.argument('[directory]', 'folder to create (a path: my-server, apps/api, ../api, "." for the current folder); its last segment names the package');
  for (const option of createTextOptions) {
    command.addOption(new Option(`${option.flag} <${option.valueName}>`, option.description));
  }
  for (const option of createChoiceOptions) {
    const values = option.choices.map((c) => (c.available ? c.value : `${c.value} (soon)`)).join(', ');
    const fallback = option.key === 'pm' ? '' : `; default ${option.default}`;
    command.addOption(new Option(`${option.flag} <${option.valueName}>`, `${option.description}: ${values}${fallback}`));
  }
  const modeFlags = addModeOptions(command, ({ option, modes }) => {
    const values = option.choices ? `: ${option.choices.map((c) => c.value).join(', ')}` : '';
    return `(--auth ${modes.join('|')}) ${option.description}${values}`;
  });
  for (const option of createListOptions) {
    const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
    command.addOption(new Option(`${option.flag} <${option.valueName}>`, option.description).argParser(collect));
  }
  // One help line per switch: --install and --git are the defaults, so only their --no- forms are
  // listed (both are accepted).
  for (const option of createBooleanOptions) {
    command.addOption(new Option(option.flag).hideHelp());
    command.addOption(new Option(`--no-${option.flag.slice(2)}`, `do not ${option.description} (the default is to)`));
  }
  for (const option of createSwitches) {
    command.option(option.short ? `${option.short}, ${option.flag}` : option.flag, option.description);
  }
  return command.action((directory: string | undefined, flags: Record<string, unknown>) =>
    create(directory, { ...flags, modeFlags: modeFlags(flags) }),
  );
}

/** `add auth`: declared only when `add` runs (see addProjectCommands). */
function defineAdd(add: Command): void {
  const addAuth = add
    .command('auth')
    .description('switch the project to another auth mode (shows the diff first)')
    .argument('<mode>', authOption.choices.map((c) => (c.available ? c.value : `${c.value} (soon)`)).join(', '))
    .showHelpAfterError(`Name the mode to switch to: ${authOption.choices.map((c) => c.value).join(', ')} (e.g. mcify add auth api-key).`)
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--target <target>', 'the target, for projects create-mcify did not make')
    .option('-y, --yes', 'apply without asking')
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'print the plan or result as JSON on stdout')
    .option('--force', 'run even when the git tree has uncommitted changes')
    .option('--prune', 'delete the files, dependencies, scripts and env variables the old mode added unchanged that the new one does not need')
    .option('--no-install', 'do not install new dependencies');
  const modeFlags = addModeOptions(addAuth, ({ option, modes }) => `(${modes.join('|')}) ${option.description}`);
  addAuth.action(async (mode: string, flags: Record<string, unknown>) => {
    const { runAddAuth } = await import('./commands/add.js');
    await runAddAuth(mode, { ...flags, modeFlags: modeFlags(flags) });
  });
}

/** `secret generate|set|instructions|push`: declared only when `secret` runs (see addProjectCommands). */
function defineSecret(secret: Command): void {
  const ids = platforms.map((p) => p.id);
  const platformList = `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}`;
  secret
    .command('generate')
    .description('write missing secrets to the env file (never printed unless --print)')
    .argument('[names...]', 'only these variables (default: every secret the auth mode needs that is missing)')
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--rotate', 'replace existing values, keeping the old ones accepted as *_PREVIOUS')
    .option('--print', 'print the value alone on stdout, for piping (one name only)')
    .option('--length <bytes>', 'random bytes per secret (default 32 = 256 bits)')
    .option('--encoding <encoding>', 'base64url or hex')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (names: string[], flags: Record<string, unknown>) => {
      const { runSecretGenerate } = await import('./commands/secret.js');
      await runSecretGenerate(names, flags);
    });
  secret
    .command('set')
    .description('set a value you bring (e.g. an upstream API key) in the env file: asked for without echo, or read from stdin')
    .argument('<name>', 'the variable, e.g. KHIPU_API_KEY')
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (name: string, flags: Record<string, unknown>) => {
      const { runSecretSet } = await import('./commands/secret.js');
      await runSecretSet(name, flags);
    });
  secret
    .command('instructions')
    .description('print the commands that set these secrets on a platform')
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--platform <platform>', platformList)
    .action(async (flags: Record<string, unknown>) => {
      const { runSecretInstructions } = await import('./commands/secret.js');
      await runSecretInstructions(flags);
    });
  secret
    .command('push')
    .description("set the secrets on a platform with its CLI, each value on stdin")
    .requiredOption('--platform <platform>', platformList)
    .option('--cwd <dir>', 'the project folder', '.')
    .option('-y, --yes', 'do not ask before running')
    .option('--dry-run', 'show what would run and run nothing')
    .action(async (flags: Record<string, unknown>) => {
      const { runSecretPush } = await import('./commands/secret.js');
      await runSecretPush(flags);
    });
}

/** `add`, `secret` and `doctor`: the same in both bins (`npx create-mcify add ...` or `mcify add ...`). */
function addProjectCommands(root: Command): void {
  // `add` and `secret` only group subcommands, so the bin's help lists them the same either way:
  // their subcommands and some 30 options are declared when one of them runs or shows its help,
  // not on every run that creates a project (about 0.5 ms). So are doctor's --remote options.
  const lazily = (command: Command, define: () => void) => {
    let defined = false;
    const ensure = () => {
      if (defined) return;
      defined = true;
      define();
    };
    root.hook('preSubcommand', (_root, sub) => void (sub === command && ensure()));
    command.on('beforeHelp', ensure); // `help <name>` shows the help without running it
  };
  const group = (name: string, description: string, define: (command: Command) => void) => {
    const command = root.command(name).description(description);
    lazily(command, () => define(command));
  };
  const [add, secret, doctor] = PROJECT_COMMANDS;
  group(add, 'add or change a feature of an existing mcify project', defineAdd);
  group(secret, "generate, rotate and ship the project's secrets", defineSecret);

  const doctorCommand = root
    .command(doctor)
    .description('check env files, secrets, git hygiene and pinned versions; with --remote, which MCP clients can use a deployed server; exits non-zero on a problem')
    .option('--cwd <dir>', 'the project folder', '.')
    .option('--json', 'print the findings as JSON on stdout')
    .action(async (flags: Record<string, unknown>) => {
      // --remote is a module of its own (dist/remote.cjs): neither doctor loads the other's code.
      if (flags.remote !== undefined) return (await import('./remote/run.js')).runDoctorRemote(flags);
      const { runDoctor } = await import('./commands/doctor.js');
      await runDoctor(flags);
    });
  lazily(doctorCommand, () => defineDoctorRemote(doctorCommand));
}

/** `doctor --remote` and its options: declared only when `doctor` runs (see addProjectCommands). */
function defineDoctorRemote(doctor: Command): void {
  doctor
    .option('--remote <url>', 'check the MCP server at this URL (e.g. https://my-server.fly.dev/mcp) for each client profile')
    .option('--auth <mode>', '(--remote) the server\'s auth mode, when not run inside its project')
    .option('--token-env <NAME>', '(--remote) the environment variable holding the credential to send (never printed)')
    .option('--client <profile>', '(--remote) only these client profiles count, repeatable or comma separated', (value: string, previous: string[] = []) => [...previous, value])
    .option('--origin <origin>', '(--remote) a web origin the server should allow (default the MCP Inspector\'s, http://localhost:6274)')
    .option('--call <tool>', '(--remote) also call this read-only tool once')
    .option('--register', '(--remote) make a throwaway OAuth client registration (writes to the server\'s store)')
    .option('--timeout <ms>', '(--remote) per-request time limit in milliseconds (default 10000; the whole run gets 8 times that)');
}

export function program(bin: 'create-mcify' | 'mcify', create: CreateAction): Command {
  const root = new Command(bin)
    .version(cliVersion, '-v, --version')
    .showHelpAfterError(`Run ${bin} --help to see the commands and options.`)
    // The parser's own errors start as ours do (`mcify: ...`), not with commander's `error: `.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, `${bin}: `)) })
    // `create-mcify help [command]` shows help, as `mcify help` does, rather than making a project named help.
    .helpCommand(true);
  if (bin === 'create-mcify') {
    root.description('Scaffold a secured MCP server on the mcify framework.');
    addCreateOptions(root, create);
  } else {
    root.description('Work on an mcify project: create it, change its auth, manage its secrets.');
    root.addHelpText(
      'after',
      `\nThe framework's own commands (${FRAMEWORK_COMMANDS.join(', ')}) run the project's @mcify/cli, when it is installed.`,
    );
    addCreateOptions(root.command('create').description('scaffold a new mcify project (same as npx create-mcify)'), create);
  }
  addProjectCommands(root);
  return root;
}
