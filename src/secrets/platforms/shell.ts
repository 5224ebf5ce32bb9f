// Shell fragments shared by the platforms' instructions (and one shape of push). They read values from the env file
// inside a pipe, so no value is typed, kept in shell history or passed as an argument.
import type { Target } from '../../modules/types.js';
import type { PushStep, Secret } from './types.js';

/** Platforms that run a server process (a Dockerfile or a start script): the node and bun targets. */
export const SERVER_TARGETS: readonly Target[] = ['node', 'bun'];

/** The value of one variable on stdout, without a trailing newline. */
export const valueOf = (name: string, envFile: string) => `sed -n 's/^${name}=//p' ${envFile} | tr -d '\\n'`;

/** The `NAME=value` lines of these variables. */
export const linesOf = (names: readonly string[], envFile: string) => `grep -E '^(${names.join('|')})=' ${envFile}`;

export const stdinOf = (names: readonly string[], envFile: string) => `${names.join(', ')} from ${envFile}`;

/** One CLI run per secret, its value alone on stdin (gh secret set, railway --set-from-stdin). */
export const stepPerSecret =
  (command: string, args: (name: string) => string[]) =>
  ({ envFile }: { envFile: string }, secrets: readonly Secret[]): PushStep[] =>
    secrets.map((s) => ({ command, args: args(s.name), input: s.value, names: [s.name], stdin: stdinOf([s.name], envFile) }));
