// What `secret` and `doctor` need to know about a project: the variables its auth mode reads
// (from the mode's module), where they live locally (from the target's module), and what the
// env files hold now. Generic over the module registry: no mode or target is named here.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { envValues, parseEnv, type EnvLine } from '../lib/env-file.js';
import { UserError } from '../lib/errors.js';
import { authModules } from '../modules/auth/index.js';
import type { AuthModule, EnvVar } from '../modules/types.js';
import { loadProject, type Project } from '../project/project.js';
import { isServerVariable, readEnvReferences, type EnvReference } from '../project/reading.js';

export interface ProjectEnv {
  readonly project: Project;
  /** Undefined when the project has no create-mcify stamp, so its mode is unknown. */
  readonly auth?: AuthModule;
  /** Every variable the auth mode reads, secrets and settings. */
  readonly vars: readonly EnvVar[];
  readonly envFile: string;
  readonly exampleFile: string;
  /** The env file's lines, or none when it does not exist. */
  readonly envLines: readonly EnvLine[];
  readonly exampleLines: readonly EnvLine[];
  readonly values: ReadonlyMap<string, string>;
  /**
   * Upstream credentials and settings: variables the code reads, or the example file lists, that
   * are not the server's own (not an auth mode's, not `MCIFY_*`, not HOST/PORT). Values the user
   * brings (e.g. the API key of the service the tools call); never generated.
   */
  readonly upstream: readonly EnvReference[];
  /** Source files that do not parse, so their variables are unknown (said, not guessed). */
  readonly unreadableSources: readonly string[];
}

export const PREVIOUS_SUFFIX = '_PREVIOUS';

/** The comment above `<name>_PREVIOUS` in the env file, written by `secret generate --rotate`. */
export function previousComment(name: string): string {
  return `The ${name} before the last rotation, still accepted: delete this line to finish it.`;
}
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function readLines(path: string): EnvLine[] {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : [];
}

export function loadProjectEnv(cwd: string): ProjectEnv {
  const project = loadProject(resolve(cwd));
  let auth: AuthModule | undefined;
  if (project.auth) {
    auth = authModules[project.auth];
    if (!auth) throw new UserError(`The ${project.auth} auth mode is not available in this version of create-mcify; update it and run again.`);
  }
  const { envFile, envExampleFile: exampleFile } = project.targetModule;
  const envLines = readLines(join(project.root, envFile));
  const exampleLines = readLines(join(project.root, exampleFile));
  // The mode's variables under the names the config gives them (bearer({ env: 'MY_TOKEN' })).
  const vars = (auth?.contribute(project.target, project.stamp?.settings ?? {}).env ?? []).map((v) =>
    project.renamed[v.name] ? { ...v, name: project.renamed[v.name]! } : v,
  );
  const { references, unreadable } = readEnvReferences(project.root);
  const server = new Set([...authVariableNames(project.target), ...vars.map((v) => v.name)]);
  const listed = [...envValues(exampleLines).keys()].filter((name) => !references.some((r) => r.name === name));
  // Values the mode itself needs but cannot generate (a client secret from an identity provider's console).
  const brought = vars.filter((v) => v.kind === 'upstream').map((v) => ({ name: v.name, in: [`the ${auth!.id} auth mode`] }));
  const upstream = [...references, ...listed.map((name) => ({ name, in: [exampleFile] }))].filter((r) => !isServerVariable(r.name, server)).concat(brought);
  return {
    project,
    ...(auth ? { auth } : {}),
    vars,
    envFile,
    exampleFile,
    envLines,
    exampleLines,
    values: envValues(envLines),
    upstream,
    unreadableSources: unreadable,
  };
}

/** Every variable any auth mode declares on this target, with each of its options' choices. */
function authVariableNames(target: Project['target']): string[] {
  return Object.values(authModules).flatMap((module) => {
    const choices = (module.options ?? []).flatMap((o) => (o.choices ?? []).map((c) => ({ [o.key]: c.value })));
    return [{}, ...choices].flatMap((settings) => (module.contribute(target, settings).env ?? []).map((v) => v.name));
  });
}

export const secretsOf = (env: ProjectEnv) => env.vars.filter((v) => v.kind === 'secret');

/**
 * The shortest value accepted for a secret, in characters, when its mode names no other: 128 bits
 * written in base64url, the least `secret generate --length` makes. A shorter value can be guessed.
 */
export const MIN_SECRET_LENGTH = 22;

/** The shortest value `v` accepts, in characters (0 for a variable that is not a secret). */
export const minLengthOf = (v: EnvVar): number => (v.kind === 'secret' ? (v.minLength ?? MIN_SECRET_LENGTH) : 0);

/**
 * Whether the project's auth accepts `<name>_PREVIOUS` too, so a rotation keeps the old value
 * working. Read from the project's own mcify.config.ts (the generated `acceptsSecret('NAME')`),
 * since that, not this CLI's templates, decides what the running server accepts.
 */
export function acceptsPrevious(root: string, name: string): boolean {
  const config = join(root, 'mcify.config.ts');
  if (!existsSync(config)) return false;
  return new RegExp(`acceptsSecret\\(\\s*['"\`]${name}['"\`]\\s*\\)`).test(readFileSync(config, 'utf8'));
}

/** The variables to ship to a platform: the mode's secrets, plus `_PREVIOUS` ones kept during a rotation. */
export function namesToShip(env: ProjectEnv): string[] {
  return secretsOf(env).flatMap((v) => {
    const previous = `${v.name}${PREVIOUS_SUFFIX}`;
    return env.values.get(previous) ? [v.name, previous] : [v.name];
  });
}

/** The names and values to ship; an error when a secret of the mode has no value yet. */
export function shippableSecrets(env: ProjectEnv): { name: string; value: string }[] {
  const missing = secretsOf(env).filter((v) => !env.values.get(v.name));
  if (missing.length > 0) {
    const list = missing.map((v) => v.name).join(', ');
    throw new UserError(`${list} ${missing.length > 1 ? 'are' : 'is'} not set in ${env.envFile}; run npx create-mcify secret generate first.`);
  }
  return namesToShip(env).map((name) => ({ name, value: env.values.get(name)! }));
}

/** The project's name as platforms accept it in resource names: no npm scope, [a-z0-9-]. */
export function resourceName(env: ProjectEnv): string {
  const name = typeof env.project.packageJson.name === 'string' ? env.project.packageJson.name : basename(env.project.root);
  return name.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** Reads the auth mode or explains why a command that needs it cannot run. */
export function requireAuth(env: ProjectEnv, what: string): AuthModule {
  if (env.auth) return env.auth;
  const why = env.project.authUnreadable ?? 'its auth mode is not one create-mcify knows';
  throw new UserError(`${env.project.root}: ${why}, so its auth mode is unknown; ${what}.`);
}
