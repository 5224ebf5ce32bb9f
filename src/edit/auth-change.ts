// `add auth <mode>` as a value: every file change, conflict and leftover, computed from the
// project as it is and from what create-mcify generates for the old mode and the new one. Nothing
// here touches the disk (files are read through `read`), so `--dry-run`, `--json` and the unit
// tests see exactly what the writer would do.
import { basename } from 'node:path';
import { envValues, parseEnv, printEnv, removeEnv, upsertEnv, type EnvEntry, type EnvLine } from '../lib/env-file.js';
import { cliVersion } from '../lib/paths.js';
import type { RandomSource } from '../lib/secrets.js';
import { authModules } from '../modules/auth/index.js';
import {
  PACKAGE_MANAGERS,
  type AuthMode,
  type ImportSpec,
  type ModeSettings,
  type PackageManager,
  type Target,
} from '../modules/types.js';
import { buildCreatePlan, compareVersions, renderImports, STAMP_KEY, type Plan, type ProjectStamp } from '../plan/plan.js';
import type { Project } from '../project/project.js';
import { addConfigTools, editAuthConfig, inspectConfig } from './config-ast.js';
import { readConfigAuth } from '../project/reading.js';
import { DEPENDENCY_FIELDS, editPackageJson, unresolvableMcifyPins, type DependencyField } from './package-json.js';
import { mergeRegions } from './regions.js';
import { ENTRY_FILE, importClosure, includeFolder, servedByMcifyCli } from './entry.js';
import { compareText } from '../lib/compare.js';
import { PREVIOUS_SUFFIX, previousComment } from '../secrets/project.js';

export const CONFIG_FILE = 'mcify.config.ts';
const PACKAGE_FILE = 'package.json';
const GITIGNORE = '.gitignore';

export interface FileChange {
  readonly path: string;
  /** Undefined for a new file. */
  readonly before?: string;
  /** Undefined for a deleted file. */
  readonly after?: string;
  readonly mode?: number;
  /** Holds secret values: the diff redacts them. */
  readonly sensitive?: boolean;
  readonly why: string;
}

export interface AuthChangePlan {
  readonly from?: AuthMode;
  readonly to: AuthMode;
  readonly target: Target;
  readonly pm: PackageManager;
  readonly changes: readonly FileChange[];
  /** Files the new mode needs that the user changed: the command stops. */
  readonly conflicts: readonly { readonly path: string; readonly why: string }[];
  /** What the old mode added that the new one does not use, kept (or, with --prune, in changes). */
  readonly leftovers: readonly string[];
  /** The config could not be edited safely: the command stops and prints these lines. */
  readonly manual?: { readonly reason: string; readonly lines: readonly string[] };
  /** Why the mode cannot be made to work in this project: the command stops, nothing changes. */
  readonly blocked?: string;
  readonly notes: readonly string[];
  /** Dependencies this change adds to package.json (an install is needed). */
  readonly newDependencies: readonly string[];
  /** Env variables added to the env file (secrets freshly generated). */
  readonly newEnv: readonly string[];
  /** Those of newEnv that are secrets; the others are settings. */
  readonly newSecrets: readonly string[];
}

export interface AuthChangeInput {
  readonly project: Project;
  readonly mode: AuthMode;
  readonly prune?: boolean;
  /** A project file's text, undefined when it does not exist. */
  readonly read: (path: string) => string | undefined;
  /** Each available mode's own options: the new mode's as chosen, the old one's from the stamp. */
  readonly settings: Readonly<Partial<Record<AuthMode, ModeSettings>>>;
  readonly random?: RandomSource;
}

/** The parts of a plan `add` merges into package.json and the env files. */
interface Contributed {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  readonly env: readonly string[];
}

const availableModes = () => Object.keys(authModules) as AuthMode[];

function contributed(plan: Plan): Contributed {
  return {
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    scripts: plan.scripts,
    env: plan.env.map((v) => v.name),
  };
}

function keepEntries<T>(record: Readonly<Record<string, T>>, keep: (name: string, value: T) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([name, value]) => keep(name, value)));
}

/** What one plan has that every mode's plan has too: the base and the target, not the auth. */
function modePart(plan: Plan, everyMode: readonly Plan[]): Contributed {
  const inAll = <T>(pick: (c: Contributed) => Readonly<Record<string, T>>, name: string, value: T) =>
    everyMode.every((p) => pick(contributed(p))[name] === value);
  const own = contributed(plan);
  return {
    dependencies: keepEntries(own.dependencies, (n, v) => !inAll((c) => c.dependencies, n, v)),
    devDependencies: keepEntries(own.devDependencies, (n, v) => !inAll((c) => c.devDependencies, n, v)),
    scripts: keepEntries(own.scripts, (n, v) => !inAll((c) => c.scripts, n, v)),
    env: own.env.filter((name) => !everyMode.every((p) => p.env.some((v) => v.name === name))),
  };
}

type PlanFor = (auth: AuthMode, pm: PackageManager, random?: RandomSource) => Plan;

function planner(project: Project, settings: AuthChangeInput['settings']): PlanFor {
  const name = typeof project.packageJson.name === 'string' ? project.packageJson.name : basename(project.root);
  const target = project.target;
  return (auth, pm, random) =>
    buildCreatePlan({ directory: '.', name, auth, target, pm, install: false, git: false, settings: settings[auth] ?? {} }, random);
}

/** Files the plan writes as whole templates; the others are merged into (see below). */
function templateFiles(plan: Plan, project: Project): Map<string, string> {
  const merged = new Set([PACKAGE_FILE, CONFIG_FILE, project.targetModule.envFile, project.targetModule.envExampleFile]);
  return new Map(plan.files.filter((f) => !merged.has(f.path)).map((f) => [f.path, f.contents]));
}

const LOCKFILES: Readonly<Record<string, PackageManager>> = {
  'package-lock.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

/**
 * The package manager the project was generated for: the one whose rendering of the old mode
 * matches the most files (READMEs name it), then the lockfile, then npm.
 */
function detectPm(project: Project, planFor: PlanFor, oldMode: AuthMode | undefined, read: AuthChangeInput['read']): PackageManager {
  const fromLockfile = Object.entries(LOCKFILES).find(([file]) => read(file) !== undefined)?.[1];
  const order = [...new Set<PackageManager>([fromLockfile ?? 'npm', ...PACKAGE_MANAGERS])];
  if (!project.stamp || !oldMode) return order[0]!;
  const score = (pm: PackageManager) =>
    [...templateFiles(planFor(oldMode, pm), project)].filter(([path, text]) => read(path) === text).length;
  const scores = order.map((pm) => ({ pm, score: score(pm) }));
  return scores.reduce((best, next) => (next.score > best.score ? next : best)).pm;
}

const importsOf = (mode: AuthMode | undefined): readonly ImportSpec[] => (mode ? authModules[mode]?.config.imports ?? [] : []);

export function planAuthChange(input: AuthChangeInput): AuthChangePlan {
  const { project, mode, read, prune = false } = input;
  const newModule = authModules[mode];
  if (!newModule) throw new Error(`No auth module for ${mode}`);
  const configText = read(CONFIG_FILE);
  const packageText = read(PACKAGE_FILE);
  if (configText === undefined || packageText === undefined) {
    throw new Error(`${configText === undefined ? CONFIG_FILE : PACKAGE_FILE} is missing`);
  }

  // Which mode the project is in now: the stamp, else what the config's auth expression shows.
  const shape = inspectConfig(configText);
  // The one reading of a project (src/project/reading.ts): renamed imports, namespaces and consts followed.
  const reading = readConfigAuth(configText);
  const inConfig = reading.status === 'read' ? reading.mode : undefined;
  const stamped = project.stamp && authModules[project.stamp.auth] ? project.stamp.auth : undefined;
  const from = stamped ?? inConfig;

  const planFor = planner(project, input.settings);
  const pm = detectPm(project, planFor, from, read);
  const newPlan = planFor(mode, pm, input.random);
  // The same mode with other settings (another --login): the old files are those of the stamped settings.
  const sameModeBefore = from === mode && project.stamp?.settings ? planner(project, { ...input.settings, [mode]: project.stamp.settings }) : undefined;
  const oldPlan = from ? (sameModeBefore ?? planFor)(from, pm) : undefined;
  const everyMode = availableModes().map((m) => planFor(m, pm));

  const changes: FileChange[] = [];
  // What a project create-mcify did not make needs besides the mode's part (see entryFor).
  let extra: Pick<OwnEntry, 'dependencies' | 'devDependencies' | 'scripts'> = { dependencies: {}, devDependencies: {}, scripts: {} };
  const conflicts: { path: string; why: string }[] = [];
  const leftovers: string[] = [];
  const notes: string[] = [];
  const change = (path: string, after: string | undefined, why: string, extra: Partial<FileChange> = {}) => {
    const before = read(path);
    if (before !== after) changes.push({ path, before, after, why, ...extra });
  };

  // 1. Whole files from the templates (only in projects create-mcify made: others have their own layout).
  if (project.stamp) {
    const oldFiles = oldPlan ? templateFiles(oldPlan, project) : new Map<string, string>();
    const newFiles = templateFiles(newPlan, project);
    // A file is still create-mcify's when it is what any mode generates (e.g. one left by an earlier move).
    const anyMode = everyMode.map((p) => templateFiles(p, project));
    const generated = (path: string, text: string) => text === oldFiles.get(path) || anyMode.some((files) => files.get(path) === text);
    for (const path of [...new Set([...oldFiles.keys(), ...newFiles.keys()])].sort()) {
      const was = oldFiles.get(path);
      const next = newFiles.get(path);
      const current = read(path);
      if (was === next || current === next) continue;
      if (next === undefined) {
        if (current === undefined) continue;
        if (generated(path, current) && prune) change(path, undefined, `only the ${from} mode uses it (--prune)`);
        else leftovers.push(`${path}${generated(path, current) ? '' : ' (changed by you)'}: only the ${from} mode uses it`);
      } else if (current === undefined) {
        change(path, next, `the ${mode} mode needs it`);
      } else if (generated(path, current)) {
        change(path, next, `the ${mode} mode's version`);
      } else {
        const merged = was === undefined ? undefined : mergeRegions(current, was, next);
        if (merged !== undefined) change(path, merged, `the ${mode} mode's sections (the rest is yours, kept)`);
        else conflicts.push({ path, why: `changed since create-mcify wrote it, and the ${mode} mode has its own version` });
      }
    }
  } else {
    const own = entryFor(project, mode, newPlan, everyMode, read);
    if ('blocked' in own) {
      return { from, to: mode, target: project.target, pm, changes: [], conflicts, leftovers, notes, newDependencies: [], newEnv: [], newSecrets: [], blocked: own.blocked };
    }
    notes.push(...own.notes);
    // A file is create-mcify's when it is what some mode writes (left by an earlier add).
    const anyMode = everyMode.map((p) => templateFiles(p, project));
    const generated = (path: string, text: string) => anyMode.some((files) => files.get(path) === text);
    for (const file of own.files) {
      const current = read(file.path);
      if (current === undefined || (current !== file.text && generated(file.path, current))) change(file.path, file.text, file.why);
      else if (current !== file.text) conflicts.push({ path: file.path, why: `${file.why}, and create-mcify's version differs from yours` });
    }
    // What an earlier add wrote for another mode and this one does not use.
    const needed = new Set(own.files.map((f) => f.path));
    const written = [...new Set(anyMode.flatMap((files) => [...files.keys()]))].filter((path) => !needed.has(path) && /\.ts$/.test(path) && !path.startsWith('test/')).sort();
    for (const path of written) {
      const current = read(path);
      if (current === undefined || !generated(path, current)) continue;
      if (prune) change(path, undefined, `the ${mode} mode does not use it (--prune)`);
      else leftovers.push(`${path}: the ${mode} mode does not use it`);
    }
    if (own.tsconfig !== undefined) change('tsconfig.json', own.tsconfig, 'include src/, where the new files are, in the typecheck');
    extra = own;
  }

  // 2. mcify.config.ts through the AST. An auth already in the new mode, or customised by the
  // user in a project stamped with it, is left alone.
  const customised = shape.editable && shape.auth !== undefined && inConfig === undefined && from === mode;
  if (inConfig !== mode && !customised) {
    const removable = [...importsOf(from), ...importsOf(inConfig)];
    const result = editAuthConfig(configText, { ...newModule.config, removable, comment: `${newModule.label}: ${newModule.hint}.` }, renderImports);
    if (result.status === 'manual') {
      return { from, to: mode, target: project.target, pm, changes: [], conflicts, leftovers, notes, newDependencies: [], newEnv: [], newSecrets: [], manual: result };
    }
    change(CONFIG_FILE, result.text, `auth: ${newModule.config.expression}`);
    if (result.status === 'edited' && result.commentReplaced) {
      notes.push(`The comment above auth: in ${CONFIG_FILE} described the previous auth; it is replaced by one line about the ${mode} mode (see the diff).`);
    }
  }

  // 2b. The tools the new mode brings (the per-user example of a sign-in at a provider), also
  // when the project already is in this mode (another --login).
  const modeTools = newModule.contribute(project.target, input.settings[mode] ?? {}).tools ?? [];
  if (modeTools.length > 0) {
    const edited = changes.find((c) => c.path === CONFIG_FILE);
    const result = addConfigTools(edited?.after ?? configText, modeTools);
    if (result.status === 'edited') {
      if (edited) changes.splice(changes.indexOf(edited), 1);
      change(CONFIG_FILE, result.text, `${edited ? `${edited.why}; ` : ''}tools: ${modeTools.map((t) => t.name).join(', ')}`);
    } else if (result.status === 'manual') {
      notes.push(`Add ${modeTools.map((t) => `${t.name} (from '${t.from}')`).join(', ')} to tools in ${CONFIG_FILE} by hand: ${result.reason}.`);
    }
  }

  // 3. package.json: the new mode's dependencies and scripts, pins, the stamp.
  const part = modePart(newPlan, everyMode);
  const next: Contributed = {
    ...part,
    dependencies: { ...extra.dependencies, ...part.dependencies },
    devDependencies: { ...extra.devDependencies, ...part.devDependencies },
  };
  const old = oldPlan ? modePart(oldPlan, everyMode) : undefined;
  const pkg = project.packageJson;
  const has = (name: string) => DEPENDENCY_FIELDS.some((f) => pkg[f]?.[name] !== undefined);
  const newDependencies = DEPENDENCY_FIELDS.flatMap((f) => Object.keys(next[f]).filter((name) => !has(name)));
  const remove: Partial<Record<DependencyField, string[]>> = {};
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, version] of Object.entries(old?.[field] ?? {})) {
      if (next[field][name] !== undefined || pkg[field]?.[name] === undefined) continue;
      if (prune && pkg[field]?.[name] === version) (remove[field] ??= []).push(name);
      else leftovers.push(`${name} in ${field}: only the ${from} mode uses it`);
    }
  }
  // Scripts moved to the new entry point replace the framework CLI's.
  const scripts: Record<string, string> = { ...extra.scripts };
  for (const [name, command] of Object.entries(next.scripts)) {
    const current = pkg.scripts?.[name];
    if (current === undefined || current === old?.scripts[name]) scripts[name] = command;
    else if (current !== command) notes.push(`Kept your "${name}" script; the ${mode} mode's is: ${command}`);
  }
  const removeScripts = Object.keys(old?.scripts ?? {}).filter((name) => {
    if (next.scripts[name] !== undefined || pkg.scripts?.[name] === undefined) return false;
    if (prune && pkg.scripts[name] === old!.scripts[name]) return true;
    leftovers.push(`the "${name}" script: only the ${from} mode uses it`);
    return false;
  });
  const pins = unresolvableMcifyPins(pkg);
  for (const [name, version] of Object.entries(pins)) {
    notes.push(`${name} is listed as "${DEPENDENCY_FIELDS.map((f) => pkg[f]?.[name]).find(Boolean)}", which npm cannot resolve (the only published version is ${version}); pinned to ${version}.`);
  }
  const engines = pkg.engines as Record<string, string> | undefined;
  const minimum = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines?.node ?? '')?.[1];
  const raiseNode = minimum !== undefined && compareVersions(minimum, newPlan.node) < 0;
  // The old mode's own minimum, as create wrote it, goes back down with it.
  const lowerNode = minimum !== undefined && oldPlan !== undefined && minimum === oldPlan.node && compareVersions(minimum, newPlan.node) > 0;
  if (raiseNode) notes.push(`The ${mode} mode on ${project.target} needs Node.js ${newPlan.node} or newer: engines.node is now >=${newPlan.node}.`);
  const packageEdit = {
    set: raiseNode || lowerNode ? { engines: { ...engines, node: `>=${newPlan.node}` } } : undefined,
    add: { dependencies: next.dependencies, devDependencies: next.devDependencies },
    remove,
    scripts: Object.keys(scripts).length > 0 ? scripts : undefined,
    removeScripts,
    pins,
  };
  const merged = editPackageJson(packageText, packageEdit);
  // The stamp moves only with a real change, so a second run finds nothing to do.
  const settings = input.settings[mode] ?? {};
  const stamp: ProjectStamp | undefined = project.stamp && {
    version: cliVersion,
    auth: mode,
    target: project.target,
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
  const sameStamp = (a?: ProjectStamp, b?: ProjectStamp) =>
    a?.auth === b?.auth && JSON.stringify(a?.settings ?? {}) === JSON.stringify(b?.settings ?? {});
  const anyChange = changes.length > 0 || merged !== packageText || !sameStamp(project.stamp, stamp);
  change(PACKAGE_FILE, anyChange && stamp ? editPackageJson(merged, { set: { [STAMP_KEY]: stamp } }) : merged, project.stamp ? 'dependencies, scripts and the create-mcify stamp' : 'dependencies and scripts');

  // 4. Env files: the new mode's variables upserted (existing keys and values kept). The old
  // mode's are listed; --prune removes them from both files where both lines are as create-mcify
  // wrote them (a secret's value is random, so any value of it in the env file is).
  const { envFile, envExampleFile } = project.targetModule;
  const unused = oldPlan ? oldPlan.env.filter((v) => old!.env.includes(v.name) && !next.env.includes(v.name)) : [];
  const valuesIn = (path: string, plan: Plan | undefined) =>
    envValues(parseEnv((plan ? plan.files.find((f) => f.path === path)?.contents : read(path)) ?? ''));
  const files = [envFile, envExampleFile].map((path) => ({ path, current: valuesIn(path, undefined), written: valuesIn(path, oldPlan) }));
  const asWritten = (v: (typeof unused)[number]) =>
    files.every(({ path, current, written }) => !current.has(v.name) || (v.kind === 'secret' && path === envFile) || current.get(v.name) === written.get(v.name));
  const pruned = prune ? unused.filter(asWritten) : [];
  // Only what is still there: a project that never had the old mode's env files has nothing left over.
  for (const v of unused.filter((u) => !pruned.includes(u) && files.some((f) => f.current.has(u.name)))) {
    leftovers.push(`${v.name} in ${envFile} and ${envExampleFile}${prune ? ' (changed by you)' : ''}: the ${mode} mode does not read it`);
  }
  const removable = (path: string) => {
    const current = files.find((f) => f.path === path)!.current;
    return pruned.flatMap((v) => {
      const previous = { name: `${v.name}${PREVIOUS_SUFFIX}`, comment: previousComment(v.name) };
      return [{ name: v.name, comment: v.description }, ...(current.has(previous.name) ? [previous] : [])];
    });
  };
  const newEnv = editEnvFile(change, read, envFile, newPlan, next.env, removable(envFile), { mode: 0o600, sensitive: true });
  editEnvFile(change, read, envExampleFile, newPlan, next.env, removable(envExampleFile), {});
  const removedSecrets = unused.filter((v) => v.kind === 'secret' && newEnv.removed.includes(v.name)).map((v) => v.name);
  if (removedSecrets.length > 0) {
    notes.push(`Removed ${removedSecrets.join(', ')} from ${envFile} (--prune): wherever the server is deployed, delete ${removedSecrets.length === 1 ? 'it' : 'them'} there too.`);
  }
  if (newEnv.added.length > 0) ensureIgnored(change, read, envFile);

  return {
    from,
    to: mode,
    target: project.target,
    pm,
    changes: changes.sort((a, b) => compareText(a.path, b.path)),
    conflicts,
    leftovers,
    notes,
    newDependencies,
    newEnv: newEnv.added,
    newSecrets: newEnv.added.filter((name) => newPlan.env.some((v) => v.name === name && v.kind === 'secret')),
  };
}

type Change = (path: string, after: string | undefined, why: string, extra?: Partial<FileChange>) => void;

/**
 * Upserts the named variables, with their values from the new plan's version of the file, and
 * removes the given ones: one change for the file.
 */
function editEnvFile(
  change: Change,
  read: AuthChangeInput['read'],
  path: string,
  plan: Plan,
  names: readonly string[],
  remove: readonly Pick<EnvEntry, 'name' | 'comment'>[],
  extra: Partial<FileChange>,
): { added: string[]; removed: string[] } {
  const planned = parseEnv(plan.files.find((f) => f.path === path)?.contents ?? '');
  const values = envValues(planned);
  const current = read(path);
  // A missing file starts with the header create-mcify writes (its first comment block).
  const start: EnvLine[] = current === undefined ? planned.slice(0, Math.max(0, planned.findIndex((l) => l.raw === ''))) : parseEnv(current);
  const entries = plan.env
    .filter((v) => names.includes(v.name))
    .map((v) => ({ name: v.name, value: values.get(v.name) ?? '', comment: v.description }));
  const pruned = removeEnv(start, remove);
  const { lines, changed } = upsertEnv(pruned.lines, entries);
  const what = [changed.length > 0 ? `adds ${changed.join(', ')}` : '', pruned.removed.length > 0 ? `removes ${pruned.removed.join(', ')} (--prune)` : ''];
  if (changed.length > 0 || pruned.removed.length > 0) change(path, printEnv(lines, current), what.filter(Boolean).join('; '), extra);
  return { added: changed, removed: pruned.removed };
}

/** Makes sure git ignores the env file that now holds secrets. */
function ensureIgnored(change: Change, read: AuthChangeInput['read'], envFile: string): void {
  const text = read(GITIGNORE) ?? '';
  const ignored = text.split(/\r?\n/).some((line) => {
    const entry = line.trim().replace(/^\//, '');
    return entry === envFile || (entry.endsWith('*') && envFile.startsWith(entry.slice(0, -1)));
  });
  if (ignored) return;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  change(GITIGNORE, `${text}${separator}${envFile}\n`, `keeps ${envFile} (secrets) out of git`);
}

/** A project's share of the create-mcify layout that the new mode needs (see entryFor). */
interface OwnEntry {
  readonly files: readonly { readonly path: string; readonly text: string; readonly why: string }[];
  readonly tsconfig?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

/** Packages a script's first word runs, to install what the new scripts call. */
const SCRIPT_PACKAGES: Readonly<Record<string, string>> = { tsx: 'tsx', tsc: 'typescript', vitest: 'vitest', wrangler: 'wrangler' };

/**
 * For a project create-mcify did not make: every file the new mode needs, followed through
 * imports from what mcify.config.ts will import, and, when the framework's `mcify dev` / `mcify
 * build` serve it (the config alone), the target's entry point and HTTP app (src/server.ts +
 * src/app.ts), with the dev/build/start scripts moved to them and src/ in the typecheck. A project
 * with an entry point of its own keeps it; a mode that needs its own HTTP routes cannot work there,
 * and that is `blocked`.
 */
function entryFor(project: Project, mode: AuthMode, plan: Plan, everyMode: readonly Plan[], read: AuthChangeInput['read']): OwnEntry | { blocked: string } {
  const files = templateFiles(plan, project);
  const module = authModules[mode]!;
  const entry = ENTRY_FILE[project.target];
  const scripts = project.packageJson.scripts ?? {};
  const current = read(entry);
  // create-mcify's entry (from an earlier add) is not the project's own.
  const ownEntry = current !== undefined ? current !== files.get(entry) : !servedByMcifyCli(scripts);
  const appOf = (p: Plan) => templateFiles(p, project).get('src/app.ts');
  const needsRoutes = appOf(plan) !== appOf(everyMode.find((p) => p.options.auth === 'none') ?? plan);
  const configImports = module.config.imports.filter((i) => i.from.startsWith('./')).map((i) => i.from.slice(2).replace(/\.js$/, '.ts'));
  if (ownEntry && needsRoutes) {
    const how = current !== undefined ? entry : `its scripts (${Object.entries(scripts).filter(([n]) => ['dev', 'start'].includes(n)).map(([n, c]) => `${n}: ${c}`).join(', ') || 'none'})`;
    return {
      blocked:
        `this project is served by its own entry point (${how}), and the ${mode} mode needs create-mcify's HTTP app in front of /mcp for ${module.routes}; ` +
        `serve createApp() from a create-mcify ${mode} project's src/app.ts in your entry point, or move your tools into a new project (npx create-mcify --auth ${mode})`,
    };
  }
  if (!ownEntry && project.target === 'workers') {
    return { blocked: `this Workers project has no entry point of its own, and add does not yet write one for Workers; create a project with npx create-mcify --target workers --auth ${mode} and move your tools into it` };
  }
  const start = ownEntry ? configImports : [...configImports, entry];
  const closure = importClosure(start, files);
  const why = (path: string) => (configImports.includes(path) ? `${CONFIG_FILE} imports it` : path === entry ? 'the server entry point' : `${ownEntry ? CONFIG_FILE : entry} needs it`);
  const out: { path: string; text: string; why: string }[] = closure.paths.map((path) => ({ path, text: files.get(path)!, why: why(path) }));
  // Nested .gitignore files keep the mode's data out of git (e.g. .data/ of the SQLite store).
  for (const [path, text] of files) if (/\/\.gitignore$/.test(path)) out.push({ path, text, why: `keeps ${path.slice(0, -'.gitignore'.length)} out of git` });
  const has = (name: string) => DEPENDENCY_FIELDS.some((f) => project.packageJson[f]?.[name] !== undefined);
  const pick = (names: readonly string[], from: Readonly<Record<string, string>>) =>
    Object.fromEntries(names.filter((n) => from[n] !== undefined && !has(n)).map((n) => [n, from[n]!]));
  if (ownEntry) {
    const notes = [`This project serves itself, so it keeps its entry point; the files ${CONFIG_FILE} imports are added, and the HTTP front of create-mcify's src/app.ts (Origin check, CORS, challenges, body limit) is not (see src/http/ in a create-mcify project to add it).`];
    return { files: out, dependencies: pick(closure.packages, plan.dependencies), devDependencies: pick(closure.packages, plan.devDependencies), scripts: {}, notes };
  }
  // The target's scripts that serve or build; typecheck only where the project has none.
  const targetScripts = plan.scripts;
  const moved = Object.fromEntries(['dev', 'build', 'start'].flatMap((name) => (targetScripts[name] ? [[name, targetScripts[name]!]] : [])));
  const newScripts: Record<string, string> = { ...moved, ...(scripts.typecheck === undefined && targetScripts.typecheck ? { typecheck: targetScripts.typecheck } : {}) };
  // Config files the new scripts read (tsconfig.build.json for the node build).
  for (const command of Object.values(newScripts)) {
    for (const word of command.split(/\s+/)) if (files.has(word) && !out.some((f) => f.path === word)) out.push({ path: word, text: files.get(word)!, why: 'the build script reads it' });
  }
  const runs = Object.values(newScripts).map((c) => SCRIPT_PACKAGES[c.split(/\s+/)[0]!]).filter((p): p is string => p !== undefined);
  const tsconfigText = read('tsconfig.json');
  const tsconfig = tsconfigText === undefined ? undefined : includeFolder(tsconfigText, 'src');
  const was = Object.entries(scripts).filter(([n]) => moved[n] !== undefined).map(([n, c]) => `${n} "${c}"`);
  const notes = [
    ...(current !== undefined ? [] : [`This project is served by the framework's mcify dev / mcify build, which serve ${CONFIG_FILE} alone, so what the ${mode} mode needs in front of /mcp ` +
      `(the Origin check against DNS rebinding${module.routes ? `, ${module.routes}` : ''}) would have nowhere to run. It gets the entry point create-mcify projects have: ` +
      `${entry} serves the HTTP app of src/app.ts, and the dev, build and start scripts move to it${was.length > 0 ? ` (they were ${was.join(', ')})` : ''}. ` +
      `mcify dev also offered its inspector (port 3001, with @mcify/inspector installed), which the new dev script does not: point npx @modelcontextprotocol/inspector at http://127.0.0.1:8888/mcp instead.`]),
    ...(tsconfigText !== undefined && tsconfig === undefined ? [`tsconfig.json is not plain JSON, so it was not edited: make sure its "include" covers src/, where the new files are.`] : []),
  ];
  return {
    files: out,
    tsconfig: tsconfig === tsconfigText ? undefined : tsconfig,
    dependencies: pick(closure.packages, plan.dependencies),
    devDependencies: { ...pick(closure.packages, plan.devDependencies), ...pick(runs, plan.devDependencies) },
    scripts: newScripts,
    notes,
  };
}
