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
import { editAuthConfig, inspectConfig, recogniseAuth } from './config-ast.js';
import { DEPENDENCY_FIELDS, editPackageJson, unresolvableMcifyPins, type DependencyField } from './package-json.js';
import { mergeRegions } from './regions.js';
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
  const expressions = availableModes().map((m) => ({ mode: m, expression: authModules[m]!.config.expression }));
  const inConfig = shape.editable && shape.auth ? recogniseAuth(shape.auth.text, expressions) : undefined;
  const stamped = project.stamp && authModules[project.stamp.auth] ? project.stamp.auth : undefined;
  const from = stamped ?? inConfig;

  const planFor = planner(project, input.settings);
  const pm = detectPm(project, planFor, from, read);
  const newPlan = planFor(mode, pm, input.random);
  const oldPlan = from ? planFor(from, pm) : undefined;
  const everyMode = availableModes().map((m) => planFor(m, pm));

  const changes: FileChange[] = [];
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
    notes.push(
      `This project was not made by create-mcify, so only ${CONFIG_FILE}, ${PACKAGE_FILE}, the env files and the ` +
        `modules the new auth expression imports change; create-mcify's README, DEPLOY.md and tests are not added.`,
    );
    // The project's own files stay; only the local modules the new config imports are added.
    const newFiles = templateFiles(newPlan, project);
    for (const spec of newModule.config.imports.filter((i) => i.from.startsWith('./'))) {
      const path = [spec.from.slice(2), spec.from.slice(2).replace(/\.js$/, '.ts')].find((p) => newFiles.has(p));
      if (!path) continue;
      const current = read(path);
      if (current === undefined) change(path, newFiles.get(path), `${CONFIG_FILE} imports it`);
      else if (current !== newFiles.get(path)) conflicts.push({ path, why: `${CONFIG_FILE} would import create-mcify's version of it` });
    }
  }

  // 2. mcify.config.ts through the AST. An auth already in the new mode, or customised by the
  // user in a project stamped with it, is left alone.
  const customised = shape.editable && shape.auth !== undefined && inConfig === undefined && from === mode;
  if (inConfig !== mode && !customised) {
    const removable = [...importsOf(from), ...importsOf(inConfig)];
    const result = editAuthConfig(configText, { ...newModule.config, removable }, renderImports);
    if (result.status === 'manual') {
      return { from, to: mode, target: project.target, pm, changes: [], conflicts, leftovers, notes, newDependencies: [], newEnv: [], newSecrets: [], manual: result };
    }
    change(CONFIG_FILE, result.text, `auth: ${newModule.config.expression}`);
  }

  // 3. package.json: the new mode's dependencies and scripts, pins, the stamp.
  const next = modePart(newPlan, everyMode);
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
  const scripts: Record<string, string> = {};
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
  change(PACKAGE_FILE, anyChange && stamp ? editPackageJson(merged, { set: { [STAMP_KEY]: stamp } }) : merged, 'dependencies, scripts and the create-mcify stamp');

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
  for (const v of unused.filter((u) => !pruned.includes(u))) {
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
