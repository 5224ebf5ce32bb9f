import { resolve, basename } from 'node:path';
import { UserError } from '../lib/errors.js';
import { checkProjectDirectory } from '../lib/names.js';
import { out } from '../lib/output.js';
import { detectPackageManager } from '../lib/pm.js';
import type { Prompter } from '../lib/prompts.js';
import { authModules } from '../modules/auth/index.js';
import type { AuthMode, ModeOption, ModeSettings, Target } from '../modules/types.js';
import {
  authOption,
  checkChoice,
  checkList,
  upstreamEnvOption,
  checkModeValue,
  modeOptions,
  createBooleanOptions,
  gitOption,
  installOption,
  pmOption,
  targetOption,
  type BooleanOption,
  type ChoiceOption,
} from '../options.js';
import { buildCreatePlan, compareVersions, planSummary, type CreateOptions, type Plan } from '../plan/plan.js';
import { preflightDestination, writeFiles } from '../plan/write.js';

/** The raw flags as commander parsed them: anything may be missing. */
export interface CreateFlags {
  readonly directory?: string;
  readonly auth?: string;
  readonly target?: string;
  readonly pm?: string;
  readonly install?: boolean;
  readonly git?: boolean;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  /** Values of the auth modes' own flags, by option key (e.g. { idp: 'auth0' }). */
  readonly modeFlags?: Readonly<Record<string, string>>;
  /** --upstream-env, once per variable. */
  readonly upstreamEnv?: readonly string[] | string;
}

const DEFAULT_DIRECTORY = 'my-mcp-server';

/**
 * flag -> validate -> prompt for what is missing (TTY only) -> default -> one typed options object.
 * Without a prompter (no TTY, --json) a missing required choice is an error naming its flag,
 * unless --yes accepts the defaults.
 */
export async function resolveCreateOptions(flags: CreateFlags, prompter?: Prompter): Promise<CreateOptions> {
  const ask = flags.yes ? undefined : prompter;

  let directory = flags.directory;
  if (directory === undefined) {
    if (ask) {
      directory = await ask.text('Where should the project go?', DEFAULT_DIRECTORY, (value) => {
        try {
          checkProjectDirectory(value);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      });
    } else if (flags.yes) {
      directory = DEFAULT_DIRECTORY;
    } else {
      throw new UserError(
        'Missing project directory: pass it as the first argument (e.g. npx create-mcify my-server), or --yes to use my-mcp-server.',
      );
    }
  }
  checkProjectDirectory(directory);

  const choose = async <T extends string>(option: ChoiceOption<T>, raw: string | undefined, fallback: T) => {
    if (raw !== undefined) return checkChoice(option, raw);
    if (ask) return ask.select(option, fallback);
    if (flags.yes || !option.required) return fallback;
    const values = option.choices.filter((c) => c.available).map((c) => c.value).join('|');
    throw new UserError(
      `Missing ${option.flag}: pass ${option.flag} ${values}, or --yes to accept the default (${option.default}).`,
    );
  };
  const auth = await choose(authOption, flags.auth, authOption.default);
  const target = await choose(targetOption, flags.target, targetOption.default);
  const detected = detectPackageManager();
  // The package manager that launched us is the default; only asked when there is none.
  const pm = flags.pm !== undefined ? checkChoice(pmOption, flags.pm) : (detected ?? (await choose(pmOption, undefined, 'npm')));

  const confirm = async (option: BooleanOption, value: boolean | undefined) =>
    value ?? (ask ? ask.confirm(option) : option.default);
  const install = await confirm(installOption, flags.install);
  const git = await confirm(gitOption, flags.git);

  const settings = await resolveModeSettings(auth, target, flags.modeFlags ?? {}, ask, Boolean(flags.yes));

  const name = directory === '.' ? basename(process.cwd()) : directory;
  if (directory === '.') checkProjectDirectory(name);
  const upstreamEnv = checkList(upstreamEnvOption, flags.upstreamEnv);
  const own = buildCreatePlan({ directory, name, auth, target, pm, install: false, git: false, settings }).env.map((v) => v.name);
  const taken = upstreamEnv.filter((n) => own.includes(n));
  if (taken.length > 0) {
    throw new UserError(`${upstreamEnvOption.flag} ${taken[0]}: the ${auth} mode on ${target} already reads ${taken[0]}; choose another name for the upstream variable.`);
  }
  return { directory, name, auth, target, pm, install, git, settings, ...(upstreamEnv.length > 0 ? { upstreamEnv } : {}) };
}

/** The chosen mode's own options, resolved like the others: flag, prompt, default. */
export async function resolveModeSettings(
  auth: AuthMode,
  target: Target,
  given: Readonly<Record<string, string>>,
  ask: Prompter | undefined,
  yes: boolean,
): Promise<ModeSettings> {
  const declared = authModules[auth]!.options ?? [];
  for (const { option, modes } of modeOptions()) {
    if (given[option.key] !== undefined && !declared.includes(option)) {
      throw new UserError(`${option.flag} applies only to --auth ${modes.join(' or ')}; drop it or change --auth.`);
    }
  }
  const settings: Record<string, string> = {};
  for (const option of declared) {
    const raw = given[option.key];
    if (option.targets && !option.targets.includes(target)) {
      if (raw !== undefined) {
        throw new UserError(`${option.flag} applies only to --target ${option.targets.join(' or ')}; drop it or change --target.`);
      }
      continue;
    }
    const fallback = option.default(settings, target);
    if (raw !== undefined) settings[option.key] = checkModeValue(option, raw);
    else if (ask && option.choices) settings[option.key] = await ask.select(asChoiceOption(option), fallback);
    else if (ask) settings[option.key] = await ask.text(option.message, fallback, (v) => option.validate?.(v));
    else if (yes || !option.required) settings[option.key] = fallback;
    else {
      const value = option.choices ? option.choices.map((c) => c.value).join('|') : `<${option.valueName}>`;
      throw new UserError(`Missing ${option.flag}: pass ${option.flag} ${value}, or --yes to accept the default (${fallback}).`);
    }
  }
  return settings;
}

function asChoiceOption(option: ModeOption): ChoiceOption {
  return {
    kind: 'choice',
    key: option.key,
    flag: option.flag,
    valueName: option.valueName,
    description: option.description,
    message: option.message,
    choices: option.choices!.map((c) => ({ ...c, available: true })),
    default: option.default({}, 'node'),
    required: option.required,
  };
}

/** The one-line command that reproduces this run without prompts. */
export function reproduceCommand(options: CreateOptions): string {
  const booleans = createBooleanOptions.flatMap((o) => {
    const value = options[o.key];
    return value === o.default ? [] : [value ? o.flag : `--no-${o.flag.slice(2)}`];
  });
  return [
    'npx create-mcify',
    options.directory,
    `${authOption.flag} ${options.auth}`,
    `${targetOption.flag} ${options.target}`,
    `${pmOption.flag} ${options.pm}`,
    ...(authModules[options.auth]?.options ?? [])
      .filter((o) => options.settings[o.key] !== undefined)
      .map((o) => `${o.flag} ${shellQuote(options.settings[o.key]!)}`),
    ...(options.upstreamEnv ?? []).map((name) => `${upstreamEnvOption.flag} ${name}`),
    ...booleans,
    '--yes',
  ].join(' ');
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function runCreate(flags: CreateFlags, prompter?: Prompter): Promise<void> {
  const options = await resolveCreateOptions(flags, prompter);
  const root = resolve(options.directory);
  const plan = buildCreatePlan(options);
  warnAboutNode(plan);

  if (flags.dryRun) {
    preflightDestination(root, plan.files, { force: flags.force });
    if (flags.json) out.json({ dryRun: true, directory: root, ...planSummary(plan) });
    else printPlan(plan, root);
    return;
  }

  writeFiles(root, plan.files, { force: flags.force });
  out.success(`Wrote ${plan.files.length} files to ${root}`);

  // execa is the heaviest module of the CLI: loaded only when a child process will run.
  const processes = options.install || options.git ? await import('../lib/process.js') : undefined;
  const installed = options.install ? await processes!.installDependencies(root, options.pm, Boolean(flags.json)) : false;
  const git = options.git ? await processes!.initGit(root) : 'skipped';

  if (flags.json) {
    out.json({ directory: root, ...planSummary(plan), installed, git, reproduce: reproduceCommand(options) });
  } else {
    printNextSteps(plan, installed);
  }
  if (options.install && !installed) process.exitCode = 1;
}

function warnAboutNode(plan: Plan) {
  if (compareVersions(process.versions.node, plan.node) >= 0) return;
  const major = plan.node.split('.')[0];
  out.warn(
    `This project needs Node.js ${plan.node} or newer and this is Node.js ${process.versions.node}; install Node.js ${major} (e.g. nvm install ${major}) before running it.`,
  );
}

function printPlan(plan: Plan, root: string) {
  const o = plan.options;
  out.info(`Dry run: nothing was written. create-mcify would create ${root} (${o.auth} on ${o.target}):`);
  for (const file of plan.files) {
    const note = file.sensitive ? out.dim(` (mode 0${file.mode!.toString(8)}, generated secrets)`) : '';
    out.info(`  ${file.path}${note}`);
  }
  out.info(`dependencies: ${Object.keys(plan.dependencies).join(', ')}`);
  out.info(`devDependencies: ${Object.keys(plan.devDependencies).join(', ')}`);
  out.info(`env: ${plan.env.map((v) => `${v.name} (${v.kind}, ${v.file})`).join(', ') || 'none'}`);
  out.info(`then: ${[o.install ? `${o.pm} install` : '', o.git ? 'git init + first commit' : ''].filter(Boolean).join(', ') || 'nothing'}`);
  out.info(`Reproduce: ${reproduceCommand(o)}`);
}

function printNextSteps(plan: Plan, installed: boolean) {
  const o = plan.options;
  out.info('');
  out.info(out.bold(`Your MCP server ${o.name} is ready (${o.auth} auth on ${o.target}).`));
  for (const step of plan.nextSteps) out.info(`  ${step}`);
  if (o.install && !installed) out.info(`  (install failed: run ${o.pm} install in ${o.directory})`);
  for (const note of plan.notes) out.warn(note);
  const secrets = plan.env.filter((v) => v.kind === 'secret');
  if (secrets.length > 0) {
    out.info(`Secrets ${secrets.map((v) => v.name).join(', ')} are in ${secrets[0]!.file} (mode 0600, git-ignored).`);
  }
  out.info('README.md shows how to connect Claude, Cursor and VS Code; DEPLOY.md how to ship the secrets.');
  out.info(out.dim(`Reproduce: ${reproduceCommand(o)}`));
}
