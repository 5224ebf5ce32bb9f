// Reading an existing project, for the commands that change one (`add`, `secret`, `doctor`).
// Projects made by create-mcify carry a stamp in package.json; others are recognised by what
// is there (dependencies, entry files, wrangler config).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/errors.js';
import { targetModules } from '../modules/targets/index.js';
import { AUTH_MODES, TARGETS, type AuthMode, type Target, type TargetModule } from '../modules/types.js';
import { STAMP_KEY, type ProjectStamp } from '../plan/plan.js';

export interface Project {
  readonly root: string;
  readonly packageJson: Record<string, unknown> & {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };
  /** Present when create-mcify made the project. */
  readonly stamp?: ProjectStamp;
  readonly target: Target;
  /** How the target was known: the stamp, a flag, or what the files show. */
  readonly targetFrom: 'stamp' | 'flag' | 'detected';
  /** The auth mode from the stamp, when there is one. */
  readonly auth?: AuthMode;
  readonly targetModule: TargetModule;
}

function readStamp(pkg: Record<string, unknown>): ProjectStamp | undefined {
  const stamp = pkg[STAMP_KEY] as Partial<ProjectStamp> | undefined;
  if (!stamp || typeof stamp !== 'object') return undefined;
  if (!AUTH_MODES.includes(stamp.auth as AuthMode) || !TARGETS.includes(stamp.target as Target)) return undefined;
  return stamp as ProjectStamp;
}

/** The target a project is written for, from its files: wrangler config, Bun scripts, else Node. */
export function detectTarget(root: string, pkg: Project['packageJson']): Target {
  if (['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'].some((f) => existsSync(join(root, f)))) return 'workers';
  const scripts = Object.values(pkg.scripts ?? {}).join(' ');
  if (/\bbun\b/.test(scripts) || existsSync(join(root, 'bun.lock')) || existsSync(join(root, 'bun.lockb'))) return 'bun';
  return 'node';
}

export function loadProject(root: string, options: { target?: Target } = {}): Project {
  const path = join(root, 'package.json');
  if (!existsSync(path)) {
    throw new UserError(`No package.json in ${root}; run this inside an mcify project, or create one with npx create-mcify.`);
  }
  let packageJson: Project['packageJson'];
  try {
    packageJson = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`package.json in ${root} is not valid JSON (${(error as Error).message}); fix it and run again.`);
  }
  const deps = { ...packageJson.dependencies, ...packageJson.devDependencies };
  const stamp = readStamp(packageJson);
  if (!stamp && !deps['@mcify/core']) {
    throw new UserError(`${root} is not an mcify project (no @mcify/core dependency); run this inside one.`);
  }
  const target = options.target ?? stamp?.target ?? detectTarget(root, packageJson);
  const targetModule = targetModules[target];
  if (!targetModule) throw new UserError(`The ${target} target is not available in this version of create-mcify.`);
  return {
    root,
    packageJson,
    ...(stamp ? { stamp, auth: stamp.auth } : {}),
    target,
    targetFrom: options.target ? 'flag' : stamp ? 'stamp' : 'detected',
    targetModule,
  };
}
