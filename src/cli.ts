// Both bins start here. commander (src/program.ts) reads every command line; each command
// imports what it needs when it runs.
import { isUserError } from './lib/errors.js';
import { interactiveTerminal, out, setMachineOutput } from './lib/output.js';
import { cliVersion } from './lib/paths.js';
import { FRAMEWORK_COMMANDS } from './options.js';
import { program, type CreateAction } from './program.js';

/** Creates the project from the parsed command line. */
const create: CreateAction = async (directory, flags) => {
  const { runCreate } = await import('./commands/create.js');
  setMachineOutput(Boolean(flags.json));
  const interactive = interactiveTerminal() && !flags.json;
  const prompter = interactive ? (await import('./lib/prompts.js')).clackPrompter : undefined;
  await runCreate({ ...flags, directory }, prompter);
};

/** Runs a bin: user errors become one line on stderr and a non-zero exit, never a stack trace. */
export async function main(bin: 'create-mcify' | 'mcify', argv = process.argv): Promise<void> {
  try {
    if (bin === 'mcify' && FRAMEWORK_COMMANDS.includes(argv[2]!)) {
      process.exitCode = await (await import('./lib/framework-cli.js')).handToFrameworkCli(argv.slice(2));
    } else await program(bin, create).parseAsync(argv);
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
