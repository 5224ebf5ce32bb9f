import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CancelledError, UserError } from '../lib/errors.js';
import { existingEntries, folderNameOf, npmNameProblem, projectPlace, refuseNonEmpty, toPackageName } from '../lib/names.js';
import { out } from '../lib/output.js';
import { installedBun } from '../lib/runtime.js';
import { shellQuote } from '../lib/shell.js';
import { named } from '../lib/words.js';
import { detectPackageManager, pmCommands } from '../lib/pm.js';
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
  nameOption,
  nonEmptyOption,
  pmOption,
  targetOption,
  type BooleanOption,
  type ChoiceOption,
} from '../options.js';
import { buildCreatePlan, compareVersions, filesOfEveryProject, planSummary, type CreateOptions, type Plan } from '../plan/plan.js';
import { preflightDestination, refuseConflicts, writeFiles } from '../plan/write.js';

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
  /** The npm package name (--name); by default the folder's name. */
  readonly name?: string;
  /** Values of the auth modes' own flags, by option key (e.g. { idp: 'auth0' }). */
  readonly modeFlags?: Readonly<Record<string, string>>;
  /** --upstream-env, once per variable. */
  readonly upstreamEnv?: readonly string[] | string;
}

const DEFAULT_DIRECTORY = 'my-mcp-server';

/**
 * flag -> validate -> prompt for what is missing (TTY only) -> default -> one typed options object.
 * Without a prompter (no TTY, --json) a missing required choice is an error naming its flag,
 * unless --yes accepts the defaults. The folder is checked when it is named, before any other
 * question: a non-empty one is an error (flags) or a choice (the directory prompt).
 */
export async function resolveCreateOptions(flags: CreateFlags, prompter?: Prompter): Promise<CreateOptions> {
  const ask = flags.yes ? undefined : prompter;

  const { directory, folderName, force } = await resolveDirectory(flags, ask);
  const name = await resolvePackageName(flags, folderName, ask);

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

  const upstreamEnv = checkList(upstreamEnvOption, flags.upstreamEnv);
  if (upstreamEnv.length > 0) {
    const own = buildCreatePlan({ directory, name, auth, target, pm, install: false, git: false, settings }).env.map((v) => v.name);
    const taken = upstreamEnv.filter((n) => own.includes(n));
    if (taken.length > 0) {
      throw new UserError(`${upstreamEnvOption.flag} ${taken[0]}: the ${auth} mode on ${target} already reads ${taken[0]}; choose another name for the upstream variable.`);
    }
  }
  return { directory, name, auth, target, pm, install, git, force, settings, ...(upstreamEnv.length > 0 ? { upstreamEnv } : {}) };
}

/** What a UserError thrown by `check` says, for a prompt's validation; undefined when it passes. */
function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The folder: from the argument (checked at once), --yes's default, or the directory prompt. */
async function resolveDirectory(
  flags: CreateFlags,
  ask: Prompter | undefined,
): Promise<{ directory: string; folderName: string; force: boolean }> {
  const force = Boolean(flags.force);
  let directory = flags.directory;
  if (directory === undefined && !ask) {
    if (!flags.yes) {
      throw new UserError(
        'Missing project directory: pass it as the first argument (e.g. npx create-mcify my-server), or --yes to use my-mcp-server.',
      );
    }
    directory = DEFAULT_DIRECTORY;
  }
  if (directory !== undefined) {
    const place = projectPlace(directory);
    if (force) refuseConflicts(place.root, directory, filesOfEveryProject());
    else refuseNonEmpty(place.root, directory);
    return { directory, folderName: place.folderName, force };
  }
  // At the prompt a folder that is not empty is a choice, asked again until one is made.
  for (;;) {
    const answer = await ask!.text('Where should the project go?', DEFAULT_DIRECTORY, (value) => problemOf(() => projectPlace(value)));
    const place = projectPlace(answer);
    if (existingEntries(place.root).length === 0) return { directory: answer, folderName: place.folderName, force };
    if (!force && !(await chooseForNonEmpty(ask!))) continue;
    // Files every project has are known now; the rest of the plan is checked again before writing.
    const clash = problemOf(() => refuseConflicts(place.root, answer, filesOfEveryProject()));
    if (!clash) return { directory: answer, folderName: place.folderName, force: true };
    out.warn(clash);
  }
}

/** The answer to a non-empty folder at the prompt: true to write beside its files, false for another folder. */
async function chooseForNonEmpty(ask: Prompter): Promise<boolean> {
  const choice = await ask.select(nonEmptyOption, nonEmptyOption.default);
  if (choice === 'cancel') throw new CancelledError();
  return choice === 'beside';
}

/** --name, else the folder's name when npm accepts it, else its valid form (asked on a terminal). */
async function resolvePackageName(flags: CreateFlags, folderName: string, ask: Prompter | undefined): Promise<string> {
  if (flags.name !== undefined) {
    const problem = npmNameProblem(flags.name);
    if (problem) throw new UserError(`${nameOption.flag} "${flags.name}" is not a valid npm package name (${problem}); try a name like my-server.`);
    return flags.name;
  }
  const problem = npmNameProblem(folderName);
  if (!problem) return folderName;
  const valid = toPackageName(folderName);
  if (ask) {
    return ask.text(`"${folderName}" is not a valid npm package name (${problem}). ${nameOption.message}`, valid, (value) => {
      const why = npmNameProblem(value);
      return why && `"${value}" is not a valid npm package name: ${why}.`;
    });
  }
  if (flags.yes) return valid;
  throw new UserError(
    `The folder name "${folderName}" is not a valid npm package name (${problem}); pass ${nameOption.flag} ${valid}, or --yes to use ${valid}.`,
  );
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
    if (option.when && !option.when.values.includes(settings[option.when.key] ?? '')) {
      if (raw !== undefined) {
        const other = declared.find((o) => o.key === option.when!.key)!;
        throw new UserError(`${option.flag} applies only to ${other.flag} ${option.when.values.join(' or ')}; drop it or change ${other.flag}.`);
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
  const nameFlag = options.name === folderNameOf(options.directory) ? [] : [`${nameOption.flag} ${shellQuote(options.name)}`];
  return [
    'npx create-mcify',
    shellQuote(options.directory),
    ...nameFlag,
    `${authOption.flag} ${options.auth}`,
    `${targetOption.flag} ${options.target}`,
    `${pmOption.flag} ${options.pm}`,
    ...(authModules[options.auth]?.options ?? [])
      .filter((o) => options.settings[o.key] !== undefined)
      .map((o) => `${o.flag} ${shellQuote(options.settings[o.key]!)}`),
    ...(options.upstreamEnv ?? []).map((name) => `${upstreamEnvOption.flag} ${name}`),
    ...booleans,
    ...(options.force ? ['--force'] : []),
    '--yes',
  ].join(' ');
}

export async function runCreate(flags: CreateFlags, prompter?: Prompter): Promise<void> {
  const options = await resolveCreateOptions(flags, prompter);
  const root = resolve(options.directory);
  const plan = buildCreatePlan(options);
  const runtime = runtimeProblem(plan);
  if (runtime) out.warn(runtime.message);

  if (flags.dryRun) {
    preflightDestination(root, plan.files, { force: options.force });
    if (flags.json) out.json({ dryRun: true, directory: root, ...planSummary(plan) });
    else printPlan(plan, root);
    return;
  }

  const others = existingEntries(root);
  writeFiles(root, plan.files, { force: options.force });
  out.success(`Wrote ${plan.files.length} files to ${root}`);

  // execa is the heaviest module of the CLI: loaded only when a child process will run.
  const processes = options.install || options.git ? await import('../lib/process.js') : undefined;
  const installed = options.install ? await processes!.installDependencies(root, options.pm, Boolean(flags.json), options.directory) : false;
  // The lockfile the install wrote belongs in the first commit: left untracked, it would make the
  // tree dirty, and `mcify add` refuses to edit a dirty tree.
  const lockfile = pmCommands(options.pm).lockfile;
  const wrote = installed && !others.includes(lockfile) && existsSync(join(root, lockfile)) ? [lockfile] : [];
  const git = options.git ? await processes!.initGit(root, [...plan.files.map((f) => f.path), ...wrote]) : { result: 'skipped' as const };
  if (git.result === 'committed' && others.length > 0) {
    const which = others.length === 1 ? `${others[0]}, already in the folder, is` : `the ${others.length} entries already in the folder are`;
    out.info(`The first commit holds only the files create-mcify wrote; ${which} not in it.`);
  }

  if (flags.json) {
    const gitReason = git.reason ? { gitReason: git.reason } : {};
    out.json({ directory: root, ...planSummary(plan), installed, git: git.result, ...gitReason, reproduce: reproduceCommand(options) });
  } else {
    printNextSteps(plan, installed, runtime);
  }
  if (options.install && !installed) process.exitCode = 1;
}

/** The runtime this machine lacks to run the project: what it needs, and one sentence with the fix. */
interface RuntimeProblem {
  /** e.g. "Node.js 22.12 or newer". */
  readonly needs: string;
  readonly message: string;
}

/** Whether this machine's runtime can run the project (bun installed, node new enough); the project is written anyway. */
function runtimeProblem(plan: Plan): RuntimeProblem | undefined {
  if (plan.bun) {
    const bun = installedBun();
    if (bun && compareVersions(bun, plan.bun) >= 0) return undefined;
    const needs = `Bun ${plan.bun} or newer`;
    return {
      needs,
      message: bun
        ? `This project needs ${needs} and this is Bun ${bun}; run bun upgrade before running it.`
        : `This project runs on ${needs} and bun is not installed here; install it (https://bun.sh, or npm install --global bun) before running it.`,
    };
  }
  if (compareVersions(process.versions.node, plan.node) >= 0) return undefined;
  const major = plan.node.split('.')[0];
  const needs = `Node.js ${plan.node} or newer`;
  return {
    needs,
    message: `This project needs ${needs} and this is Node.js ${process.versions.node}; install Node.js ${major} (e.g. nvm install ${major}) before running it.`,
  };
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

/** The closing words: "ready" only when it is (installed, and this machine's runtime can run it). */
function printNextSteps(plan: Plan, installed: boolean, runtime: RuntimeProblem | undefined) {
  const o = plan.options;
  const failed = o.install && !installed;
  const written = `Your MCP server ${o.name} is written (${o.auth} auth on ${o.target})`;
  out.info('');
  out.info(
    out.bold(
      failed
        ? `${written}, but its dependencies are not installed:`
        : runtime
          ? `${written}, but it runs on ${runtime.needs}: install that (see above), then:`
          : `Your MCP server ${o.name} is ready (${o.auth} auth on ${o.target}).`,
    ),
  );
  // A failed install is the first step left to do: right after the cd.
  const install = pmCommands(o.pm).install.join(' ');
  const cd = plan.nextSteps.filter((step) => step.startsWith('cd '));
  const steps = failed ? [...cd, install, ...plan.nextSteps.filter((step) => !cd.includes(step))] : plan.nextSteps;
  for (const step of steps) out.info(`  ${step}`);
  for (const note of plan.notes) out.warn(note);
  const secrets = plan.env.filter((v) => v.kind === 'secret');
  if (secrets.length > 0) {
    out.info(`The ${named('secret', secrets.map((v) => v.name))} in ${secrets[0]!.file} (mode 0600, git-ignored).`);
  }
  out.info(`README.md shows how to connect Claude, Cursor and VS Code; DEPLOY.md how to deploy it${secrets.length > 0 ? ' with fresh secrets' : ''}.`);
  out.info(out.dim(`Reproduce: ${reproduceCommand(o)}`));
}
