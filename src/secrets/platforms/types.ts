// One module per deploy platform: how to set a project's secrets there, as commands a person
// runs (`instructions`) and as steps `push` runs with each value on stdin.
import type { Target } from '../../modules/types.js';

export interface PlatformContext {
  /** The project's name, usable in resource names (no npm scope). */
  readonly name: string;
  /** The local env file the commands read values from, e.g. `.env`. */
  readonly envFile: string;
  /** The variables to set: the mode's secrets, and `_PREVIOUS` ones during a rotation. */
  readonly names: readonly string[];
}

export interface Secret {
  readonly name: string;
  readonly value: string;
}

/** One run of a platform CLI. Values only ever travel in `input` (its stdin), never in `args`. */
export interface PushStep {
  readonly command: string;
  readonly args: readonly string[];
  readonly input: string;
  /** The variables this step sets. */
  readonly names: readonly string[];
  /** What stdin carries, for the user: names only, e.g. "MCIFY_AUTH_TOKEN from .env". */
  readonly stdin: string;
}

export interface Platform {
  readonly id: string;
  readonly label: string;
  /** The targets a project deployed there has (default: every target). */
  readonly targets?: readonly Target[];
  /** Commands and short notes to print; values are read from the env file by the shell. */
  instructions(context: PlatformContext): string[];
  /** How to remove a variable once a rotation is finished. */
  unset(name: string, context: PlatformContext): string;
  /** Either the steps that set the secrets, or why this platform has no CLI path. */
  readonly push: ((context: PlatformContext, secrets: readonly Secret[]) => PushStep[]) | { readonly refusal: string };
}
