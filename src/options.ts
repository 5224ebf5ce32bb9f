// Every create option is declared once here; the commander flags, the prompts, `--help` and the
// validation messages are all derived from these declarations.
import { UserError } from './lib/errors.js';
import { authModules } from './modules/auth/index.js';
import { targetModules } from './modules/targets/index.js';
import {
  AUTH_MODES,
  type AuthModule,
  type ModeOption,
  PACKAGE_MANAGERS,
  TARGETS,
  type AuthMode,
  type PackageManager,
  type Target,
} from './modules/types.js';

export interface Choice<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly hint?: string;
  /** False when the value is declared but its module has not landed yet. */
  readonly available: boolean;
}

export interface ChoiceOption<T extends string = string> {
  readonly kind: 'choice';
  readonly key: string;
  readonly flag: string;
  readonly valueName: string;
  readonly description: string;
  readonly message: string;
  readonly choices: readonly Choice<T>[];
  readonly default: T;
  /** Required choices are asked on a TTY and are an error without one (unless --yes). */
  readonly required: boolean;
}

export interface BooleanOption {
  readonly kind: 'boolean';
  readonly key: 'install' | 'git';
  readonly flag: string;
  readonly description: string;
  readonly message: string;
  readonly default: boolean;
}

function fromModules<T extends string>(
  values: readonly T[],
  modules: Partial<Record<T, { label: string; hint: string }>>,
): Choice<T>[] {
  return values.map((value) => {
    const module = modules[value];
    return module
      ? { value, label: module.label, hint: module.hint, available: true }
      : { value, label: value, hint: 'not available yet', available: false };
  });
}

export const authOption: ChoiceOption<AuthMode> = {
  kind: 'choice',
  key: 'auth',
  flag: '--auth',
  valueName: 'mode',
  description: 'how MCP clients authenticate',
  message: 'How should MCP clients authenticate?',
  choices: fromModules(AUTH_MODES, authModules),
  default: 'bearer',
  required: true,
};

export const targetOption: ChoiceOption<Target> = {
  kind: 'choice',
  key: 'target',
  flag: '--target',
  valueName: 'target',
  description: 'where the server runs',
  message: 'Where will the server run?',
  choices: fromModules(TARGETS, targetModules),
  default: 'node',
  required: true,
};

export const pmOption: ChoiceOption<PackageManager> = {
  kind: 'choice',
  key: 'pm',
  flag: '--pm',
  valueName: 'manager',
  description: 'package manager (default: the one that launched create-mcify)',
  message: 'Which package manager?',
  choices: PACKAGE_MANAGERS.map((value) => ({ value, label: value, available: true })),
  default: 'npm',
  required: false,
};

export const installOption: BooleanOption = {
  kind: 'boolean',
  key: 'install',
  flag: '--install',
  description: 'install dependencies',
  message: 'Install dependencies now?',
  default: true,
};

export const gitOption: BooleanOption = {
  kind: 'boolean',
  key: 'git',
  flag: '--git',
  description: 'initialise a git repository with a first commit',
  message: 'Initialise a git repository?',
  default: true,
};

/** An option that takes free text, checked by its own rule. */
export interface TextOption {
  readonly kind: 'text';
  readonly key: 'name';
  readonly flag: string;
  readonly valueName: string;
  readonly description: string;
  readonly message: string;
}

export const nameOption: TextOption = {
  kind: 'text',
  key: 'name',
  flag: '--name',
  valueName: 'package',
  description: 'the npm package name (default: the folder name, made valid)',
  message: 'Package name?',
};

/** What to do when the folder named is not empty (`--force` is the second answer as a flag). */
export const nonEmptyOption: ChoiceOption<'another' | 'beside' | 'cancel'> = {
  kind: 'choice',
  key: 'nonEmpty',
  flag: '--force',
  valueName: '',
  description: 'what to do with a folder that is not empty',
  message: 'That folder is not empty. What now?',
  choices: [
    { value: 'another', label: 'Choose another folder', available: true },
    { value: 'beside', label: 'Write beside the existing files', hint: 'never overwrites one; same as --force', available: true },
    { value: 'cancel', label: 'Cancel', available: true },
  ],
  default: 'another',
  required: true,
};

export const createChoiceOptions = [authOption, targetOption, pmOption] as const;
export const createTextOptions = [nameOption] as const;
/** A flag given any number of times, each time with one value. */
export interface ListOption {
  readonly kind: 'list';
  readonly key: 'upstreamEnv';
  readonly flag: string;
  readonly valueName: string;
  readonly description: string;
  /** Returns why a value is wrong, or undefined. */
  readonly validate: (value: string) => string | undefined;
}

export const upstreamEnvOption: ListOption = {
  kind: 'list',
  key: 'upstreamEnv',
  flag: '--upstream-env',
  valueName: 'name',
  description:
    'a variable the tools read, such as the key of the API the server wraps (repeatable): added empty to the env file, listed in the example, DEPLOY.md and doctor',
  validate: (value) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? undefined : 'must be a variable name (letters, digits and _, e.g. KHIPU_API_KEY)'),
};

/** Validates every value of a list option; duplicates are dropped. */
export function checkList(option: ListOption, raw: unknown): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  for (const value of values) {
    const problem = option.validate(value);
    if (problem) throw new UserError(`${option.flag} ${value}: ${problem}.`);
  }
  return [...new Set(values)];
}

export const createListOptions = [upstreamEnvOption] as const;
export const createBooleanOptions = [installOption, gitOption] as const;

/** Switches of the create run itself, not choices about the project. */
export interface SwitchOption {
  readonly flag: string;
  readonly short?: string;
  readonly description: string;
}

export const createSwitches: readonly SwitchOption[] = [
  { flag: '--yes', short: '-y', description: 'accept the defaults for every choice not given as a flag (bearer on node)' },
  { flag: '--dry-run', description: 'print the plan and write nothing' },
  { flag: '--json', description: 'print the plan or the result as JSON on stdout (never asks)' },
  { flag: '--force', description: 'write into a non-empty directory; never overwrites a file' },
];

/** The commands beside create, in both bins; `create-mcify add` runs `add`, not a project named add. */
export const PROJECT_COMMANDS = ['add', 'secret', 'doctor'] as const;

/**
 * The commands of the framework's own CLI (@mcify/cli 1.0.0-alpha.3), which installs a `mcify` bin
 * too: our `mcify` hands them to the project's @mcify/cli (src/lib/framework-cli.ts).
 */
export const FRAMEWORK_COMMANDS: readonly string[] = ['init', 'dev', 'build', 'deploy', 'generate'];

/**
 * Validate a flag value: unknown values list the valid ones; declared-but-unbuilt ones say so.
 * `what` names the value in the message: the flag by default, e.g. "auth mode" for an argument.
 */
export function checkChoice<T extends string>(option: ChoiceOption<T>, raw: string, what: string = option.flag): T {
  const choice = option.choices.find((c) => c.value === raw);
  if (!choice) {
    const valid = option.choices.map((c) => c.value).join(', ');
    throw new UserError(`Unknown ${what} "${raw}". Valid values: ${valid}.`);
  }
  if (!choice.available) {
    const ready = option.choices.filter((c) => c.available).map((c) => c.value).join(', ');
    throw new UserError(
      `${option.flag} ${raw} is not available yet in this version of create-mcify; choose one of: ${ready}.`,
    );
  }
  return choice.value;
}

/** A mode option and the auth modes that declare it. */
export interface ModeOptionUse {
  readonly option: ModeOption;
  readonly modes: AuthMode[];
}

/** Every mode option of every available auth mode, with the modes that declare it. */
export function modeOptions(): ModeOptionUse[] {
  const byFlag = new Map<string, { option: ModeOption; modes: AuthMode[] }>();
  for (const module of Object.values(authModules) as AuthModule[]) {
    for (const option of module.options ?? []) {
      const entry = byFlag.get(option.flag) ?? { option, modes: [] };
      entry.modes.push(module.id);
      byFlag.set(option.flag, entry);
    }
  }
  return [...byFlag.values()];
}

/** Validates a mode option's value: a listed choice, or whatever its own check accepts. */
export function checkModeValue(option: ModeOption, raw: string): string {
  if (option.choices && !option.choices.some((c) => c.value === raw)) {
    throw new UserError(`Unknown ${option.flag} "${raw}". Valid values: ${option.choices.map((c) => c.value).join(', ')}.`);
  }
  const problem = option.validate?.(raw);
  if (problem) throw new UserError(`${option.flag} ${raw}: ${problem}.`);
  return raw;
}
