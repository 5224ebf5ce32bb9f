// `mcify add auth <mode>` (and `npx create-mcify add auth <mode>`): moves an existing project to
// another auth mode with the same modules `create` uses. The whole change is planned first
// (src/edit/auth-change.ts), shown as a unified diff, confirmed, and only then written.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CancelledError, UserError } from '../lib/errors.js';
import { interactiveTerminal, out, setMachineOutput } from '../lib/output.js';
import type { Prompter } from '../lib/prompts.js';
import { authModules } from '../modules/auth/index.js';
import { targetModules } from '../modules/targets/index.js';
import type { AuthMode, ModeSettings, Target } from '../modules/types.js';
import { authOption, checkChoice, targetOption } from '../options.js';
import { named } from '../lib/words.js';
import { loadProject, targetEvidence, type Project } from '../project/project.js';
import { resolveModeSettings } from './create.js';

export interface AddAuthFlags {
  readonly cwd?: string;
  readonly target?: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly prune?: boolean;
  readonly install?: boolean;
  /** Values of the auth modes' own flags, by option key (e.g. { idp: 'auth0' }). */
  readonly modeFlags?: Readonly<Record<string, string>>;
}

/** The prompts of `add`: create's, plus the confirmation of the diff. Injectable for tests. */
export interface AddPrompter extends Prompter {
  confirmApply(message: string): Promise<boolean>;
}

async function clackAddPrompter(): Promise<AddPrompter> {
  const { clackPrompter } = await import('../lib/prompts.js');
  return {
    ...clackPrompter,
    async confirmApply(message) {
      const p = await import('@clack/prompts');
      const value = await p.confirm({ message, initialValue: true });
      if (p.isCancel(value)) throw new CancelledError();
      return value;
    },
  };
}

export async function runAddAuth(rawMode: string, rawFlags: Record<string, unknown>, prompter?: AddPrompter): Promise<void> {
  const flags = rawFlags as AddAuthFlags;
  setMachineOutput(Boolean(flags.json));
  const interactive = interactiveTerminal() && !flags.json;
  const ask = prompter ?? (interactive ? await clackAddPrompter() : undefined);
  const mode = checkChoice(authOption, rawMode, 'auth mode');
  const root = resolve(flags.cwd ?? '.');
  const project = await loadTargetedProject(root, flags, flags.yes ? undefined : ask);
  const settings = await settingsFor(project, mode, flags, flags.yes ? undefined : ask);

  const { planAuthChange } = await import('../edit/auth-change.js');
  const { unifiedDiff } = await import('../edit/diff.js');
  const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined);
  let plan: import('../edit/auth-change.js').AuthChangePlan;
  try {
    plan = planAuthChange({ project, mode, prune: flags.prune, read, settings });
  } catch (error) {
    if (error instanceof Error && / is missing$/.test(error.message)) {
      throw new UserError(`${error.message} in ${root}; add auth edits an mcify project's mcify.config.ts and package.json.`);
    }
    throw error;
  }
  const diff = plan.changes
    .map((c) => unifiedDiff(c.path, redact(c.before, c.sensitive), redact(c.after, c.sensitive)))
    .join('');
  const summary = {
    project: root,
    from: plan.from ?? null,
    to: plan.to,
    target: plan.target,
    changes: plan.changes.map((c) => ({
      path: c.path,
      action: c.before === undefined ? 'add' : c.after === undefined ? 'delete' : 'update',
      why: c.why,
      ...(c.sensitive ? { sensitive: true } : {}),
    })),
    conflicts: plan.conflicts,
    leftovers: plan.leftovers,
    notes: plan.notes,
    newDependencies: plan.newDependencies,
    newEnv: plan.newEnv,
    ...(plan.manual ? { manual: plan.manual } : {}),
    diff,
  };
  const from = plan.from ?? 'an unrecognised auth';
  // Nothing to do is said first: a tree whose only changes are this command's previous run is
  // already up to date, not "dirty".
  if (plan.changes.length === 0 && !plan.manual && !plan.blocked && plan.conflicts.length === 0) {
    if (flags.json) out.json({ ...summary, applied: false, upToDate: true });
    else {
      out.success(`Already up to date: the project uses the ${mode} auth mode; nothing changed.`);
      printLeftovers(plan.leftovers);
    }
    return;
  }

  const dirty = await dirtyFiles(root);
  if (dirty.length > 0 && !flags.force) {
    const message = `the git tree has uncommitted changes (${listed(dirty)}); commit or stash them so the diff is yours to review, or pass --force.`;
    if (!flags.dryRun) throw new UserError(`Stopped, nothing written: ${message}`);
    out.warn(`Dry run on a dirty tree: ${message}`);
  }

  if (plan.manual) {
    if (flags.json) out.json({ ...summary, applied: false });
    out.error(
      `mcify.config.ts cannot be edited safely: ${plan.manual.reason}. Nothing was changed.\n` +
        `Make these edits by hand (the import, and the auth property of the object passed to defineConfig), then run this command again:\n\n` +
        `${plan.manual.lines.join('\n')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  if (plan.blocked) {
    if (flags.json) out.json({ ...summary, applied: false, blocked: plan.blocked });
    throw new UserError(`Stopped, nothing written: ${plan.blocked}.`);
  }
  if (plan.conflicts.length > 0) {
    if (flags.json) out.json({ ...summary, applied: false });
    throw new UserError(
      `Stopped, nothing written: the ${mode} mode has its own version of ${plan.conflicts.length === 1 ? 'a file' : 'files'} you changed: ` +
        `${plan.conflicts.map((c) => c.path).join(', ')}. Move ${plan.conflicts.length === 1 ? 'it' : 'them'} away (the new version is then written) or restore create-mcify's version, and run again.`,
    );
  }
  if (!flags.json) {
    out.info(`Moving ${root} from ${from} to ${mode} auth (${plan.target}):`);
    out.info('');
    out.info(diff.trimEnd());
    out.info('');
    printLeftovers(plan.leftovers);
    // Last, right above the question: a diff can run to thousands of lines, and what must be read
    // before answering (a higher Node.js requirement, a version pinned) would scroll away above it.
    for (const note of plan.notes) out.warn(note);
  }
  if (flags.dryRun) {
    if (flags.json) out.json({ ...summary, applied: false, dryRun: true });
    else out.info(`Dry run: nothing was written. Apply it with: ${reproduce(mode, flags)}`);
    return;
  }
  if (!flags.yes) {
    if (!ask) {
      throw new UserError(
        `Not applied: confirming the diff needs a terminal; pass --yes to apply without asking (or --dry-run to only see it).`,
      );
    }
    if (!(await ask.confirmApply(`Apply these ${plan.changes.length} changes?`))) {
      out.info('Nothing was written.');
      return;
    }
  }

  writeChanges(root, plan.changes);
  let installed: boolean | undefined;
  if (plan.newDependencies.length > 0 && flags.install !== false) {
    const { installDependencies } = await import('../lib/process.js');
    installed = await installDependencies(root, plan.pm, Boolean(flags.json));
    if (!installed) process.exitCode = 1;
  }
  if (flags.json) {
    out.json({ ...summary, applied: true, ...(installed === undefined ? {} : { installed }) });
    return;
  }
  out.success(`Moved to ${mode} auth: ${plan.changes.map((c) => c.path).join(', ')}.`);
  const envFile = project.targetModule.envFile;
  const newSettings = plan.newEnv.filter((name) => !plan.newSecrets.includes(name));
  if (plan.newSecrets.length > 0) out.info(`The new ${named('secret', plan.newSecrets)} in ${envFile} (mode 0600, git-ignored), never printed.`);
  if (newSettings.length > 0) out.info(`The new ${named('setting', newSettings)} in ${envFile}: check ${newSettings.length === 1 ? 'its value' : 'their values'}.`);
  if (plan.newDependencies.length > 0 && flags.install === false) out.info(`Install the new dependencies: ${plan.pm} install`);
  // Only the scripts the project has after the change (an `mcify init` project may have no tests).
  const scripts = { ...project.packageJson.scripts, ...(JSON.parse(read('package.json') ?? '{}') as { scripts?: Record<string, string> }).scripts };
  const checks = ['typecheck', 'test'].filter((name) => scripts[name] !== undefined).map((name) => (plan.pm === 'npm' && name !== 'test' ? `npm run ${name}` : `${plan.pm} ${name}`));
  if (checks.length > 0) out.info(`Check it: ${checks.join(' && ')}`);
}

function printLeftovers(leftovers: readonly string[]) {
  if (leftovers.length === 0) return;
  out.info('Kept (no longer used; --prune deletes what create-mcify wrote unchanged):');
  for (const leftover of leftovers) out.info(`  ${leftover}`);
  // The old mode's tests test the old mode: say so, or `npm test` failing next is a surprise.
  const tests = leftovers.flatMap((l) => /^(test\/\S+\.test\.ts)\b/.exec(l)?.[1] ?? []);
  if (tests.length > 0) {
    out.warn(`${listed(tests)} ${tests.length === 1 ? 'tests' : 'test'} the old auth mode and will fail until removed: delete ${tests.length === 1 ? 'it' : 'them'} or rerun with --prune.`);
  }
}

const listed = (items: readonly string[]) => (items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', '));

function reproduce(mode: AuthMode, flags: AddAuthFlags): string {
  const extra = [
    ...Object.entries(flags.modeFlags ?? {}).map(([key, value]) => {
      const option = authModules[mode]?.options?.find((o) => o.key === key);
      return option ? `${option.flag} ${value}` : '';
    }),
    flags.cwd && flags.cwd !== '.' ? `--cwd ${flags.cwd}` : '',
    flags.target ? `--target ${flags.target}` : '',
    flags.prune ? '--prune' : '',
    flags.force ? '--force' : '',
  ].filter(Boolean);
  return ['npx create-mcify add auth', mode, ...extra, '--yes'].join(' ');
}

/** Env file values never reach the terminal: every assignment with a value is shown redacted. */
function redact(text: string | undefined, sensitive: boolean | undefined): string | undefined {
  if (text === undefined || !sensitive) return text;
  return text.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=)(.+)$/gm, '$1<redacted>');
}

/**
 * The project, with its target: the stamp, --target, or what its files show (targetEvidence);
 * asked on a terminal, else an error naming --target.
 */
async function loadTargetedProject(root: string, flags: AddAuthFlags, ask: AddPrompter | undefined): Promise<Project> {
  const flagged = flags.target === undefined ? undefined : checkChoice(targetOption, flags.target);
  // Loaded once with any available target to read the stamp and the dependencies.
  const first = loadProject(root, { target: flagged ?? (Object.keys(targetModules)[0] as Target) });
  if (flagged || first.stamp) return flagged ? first : loadProject(root);
  const evidence = targetEvidence(root, first.packageJson);
  if (evidence.length === 1) return loadProject(root, { target: evidence[0] });
  const valid = targetOption.choices.filter((c) => c.available).map((c) => c.value);
  if (ask) return loadProject(root, { target: await ask.select(targetOption, evidence[0] ?? targetOption.default) });
  throw new UserError(
    `Cannot tell where this project runs (create-mcify did not make it, and ${evidence.length === 0 ? 'nothing in package.json shows a target' : `it looks like ${evidence.join(' or ')}`}); pass --target ${valid.join('|')}.`,
  );
}

/** The new mode's settings (flags, prompts, defaults; the stamp's when it is the same mode), and every other mode's. */
async function settingsFor(
  project: Project,
  mode: AuthMode,
  flags: AddAuthFlags,
  ask: AddPrompter | undefined,
): Promise<Partial<Record<AuthMode, ModeSettings>>> {
  const settings: Partial<Record<AuthMode, ModeSettings>> = {};
  for (const m of Object.keys(authModules) as AuthMode[]) {
    settings[m] = project.stamp?.auth === m && project.stamp.settings ? project.stamp.settings : await resolveModeSettings(m, project.target, {}, undefined, true);
  }
  const given = flags.modeFlags ?? {};
  const keep = project.stamp?.auth === mode && Object.keys(given).length === 0;
  if (!keep) settings[mode] = await resolveModeSettings(mode, project.target, given, ask, Boolean(flags.yes));
  return settings;
}

/** Uncommitted changes under the project folder; none when git or a repository is not there. */
async function dirtyFiles(root: string): Promise<string[]> {
  const { execa } = await import('execa');
  const status = await execa('git', ['status', '--porcelain', '--', '.'], { cwd: root, reject: false, stdin: 'ignore' });
  if (status.exitCode !== 0) return [];
  return status.stdout.split('\n').filter(Boolean).map((line) => line.slice(3));
}

/** The only writes of `add`: each file through a temporary file beside it, renamed into place. */
function writeChanges(root: string, changes: readonly import('../edit/auth-change.js').FileChange[]): void {
  for (const change of changes) {
    const path = join(root, change.path);
    if (change.after === undefined) {
      rmSync(path, { force: true });
      // Folders the deleted file leaves empty go too (src/auth/ after its last file).
      for (let dir = dirname(path); dir.startsWith(`${root}/`) && readdirSync(dir).length === 0; dir = dirname(dir)) rmdirSync(dir);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    const mode = change.mode ?? (existsSync(path) ? statSync(path).mode & 0o777 : 0o644);
    const temporary = `${path}.create-mcify-${process.pid}`;
    writeFileSync(temporary, change.after, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  }
}
