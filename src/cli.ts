// Both bins start here. Only commander is loaded up front; each command imports what it needs
// when it runs, so `--help` and `--version` stay about as fast as a bare `node`.
import { Command, Option } from 'commander';
import { CancelledError, UserError } from './lib/errors.js';
import { cliVersion } from './lib/paths.js';
import { createBooleanOptions, createChoiceOptions } from './options.js';

function addCreateOptions(command: Command): Command {
  command.argument('[directory]', 'folder to create, also the package name ("." for the current folder)');
  for (const option of createChoiceOptions) {
    const values = option.choices.map((c) => (c.available ? c.value : `${c.value} (soon)`)).join(', ');
    const fallback = option.key === 'pm' ? '' : `; default ${option.default}`;
    command.addOption(new Option(`${option.flag} <${option.valueName}>`, `${option.description}: ${values}${fallback}`));
  }
  for (const option of createBooleanOptions) {
    command.addOption(new Option(option.flag, `${option.description} (default)`));
    command.addOption(new Option(`--no-${option.flag.slice(2)}`, `do not ${option.description}`));
  }
  return command
    .option('-y, --yes', 'accept the defaults for every choice not given as a flag (bearer on node)')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--json', 'print the plan or the result as JSON on stdout (never asks)')
    .option('--force', 'write into a non-empty directory; never overwrites a file')
    .action(async (directory: string | undefined, flags: Record<string, unknown>) => {
      const { runCreate } = await import('./commands/create.js');
      const { setMachineOutput } = await import('./lib/output.js');
      setMachineOutput(Boolean(flags.json));
      const interactive = process.stdin.isTTY && process.stdout.isTTY && !flags.json;
      const prompter = interactive ? (await import('./lib/prompts.js')).clackPrompter : undefined;
      await runCreate({ ...flags, directory }, prompter);
    });
}

function program(bin: 'create-mcify' | 'mcify'): Command {
  const root = new Command(bin)
    .version(cliVersion, '-v, --version')
    .showHelpAfterError(`Run ${bin} --help to see the commands and options.`)
    .configureOutput({ outputError: (text, write) => write(text) });
  if (bin === 'create-mcify') {
    root.description('Scaffold a secured MCP server on the mcify framework.');
    addCreateOptions(root);
  } else {
    root.description('Work on an mcify project: create it, change its auth, manage its secrets.');
    addCreateOptions(root.command('create').description('scaffold a new mcify project (same as npx create-mcify)'));
  }
  return root;
}

/** Runs a bin: user errors become one line on stderr and a non-zero exit, never a stack trace. */
export async function main(bin: 'create-mcify' | 'mcify', argv = process.argv): Promise<void> {
  try {
    await program(bin).parseAsync(argv);
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`${bin}: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}

export { CancelledError };
