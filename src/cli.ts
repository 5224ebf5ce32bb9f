// Both bins start here. `npx create-mcify <directory> --auth ... --target ...`, nearly every
// run, is read by src/create-argv.ts; only help, version, the project commands and unusual
// command lines load commander (src/program.ts). Each command imports what it needs when it runs.
import { parseCreateArgv } from './create-argv.js';
import { isUserError } from './lib/errors.js';
import { interactiveTerminal, out, setMachineOutput } from './lib/output.js';
import { cliVersion } from './lib/paths.js';
import { attributeName, FRAMEWORK_COMMANDS, modeOptions } from './options.js';

/** Creates the project from parsed flags (keyed as commander keys them). */
async function create(directory: string | undefined, flags: Record<string, unknown>): Promise<void> {
  const { runCreate } = await import('./commands/create.js');
  setMachineOutput(Boolean(flags.json));
  const interactive = interactiveTerminal() && !flags.json;
  const prompter = interactive ? (await import('./lib/prompts.js')).clackPrompter : undefined;
  const given = Object.fromEntries(
    modeOptions()
      .filter(({ option }) => flags[attributeName(option.flag)] !== undefined)
      .map(({ option }) => [option.key, String(flags[attributeName(option.flag)])]),
  );
  await runCreate({ ...flags, directory, modeFlags: given }, prompter);
}

/** Runs a bin: user errors become one line on stderr and a non-zero exit, never a stack trace. */
export async function main(bin: 'create-mcify' | 'mcify', argv = process.argv): Promise<void> {
  try {
    const direct = bin === 'create-mcify' ? parseCreateArgv(argv.slice(2)) : undefined;
    if (direct) await create(direct.directory, direct.flags);
    else if (bin === 'mcify' && FRAMEWORK_COMMANDS.includes(argv[2]!)) {
      process.exitCode = await (await import('./lib/framework-cli.js')).handToFrameworkCli(argv.slice(2));
    }
    else await (await import('./program.js')).program(bin, create).parseAsync(argv);
  } catch (error) {
    if (isUserError(error)) {
      out.error(`${bin}: ${error.message}`);
      process.exitCode = error.exitCode;
      return;
    }
    // A bug, not a user error: one line (the stack with DEBUG=1), and still nothing half-written.
    const message = error instanceof Error ? error.message : String(error);
    out.error(`${bin}: unexpected error: ${message}\nThis is a bug in create-mcify ${cliVersion}; rerun with DEBUG=1 for details and report it.`);
    if (process.env.DEBUG) out.error(`${error instanceof Error ? error.stack : ''}`);
    process.exitCode = 1;
  }
}

