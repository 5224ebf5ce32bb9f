// Reading an existing project, for the commands that change one (`add`, `secret`, `doctor`).
// Projects made by create-mcify carry a stamp in package.json; others are recognised by what
// is there (dependencies, entry files, wrangler config).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/errors.js';
import { targetModules } from '../modules/targets/index.js';
import { AUTH_MODES, TARGETS, type AuthMode, type Target, type TargetModule } from '../modules/types.js';
import { STAMP_KEY, type ProjectStamp } from '../plan/plan.js';
import { readConfigAuth, type AuthReading } from './reading.js';

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
  /** The auth mode: from the stamp, else read from mcify.config.ts; absent when neither tells. */
  readonly auth?: AuthMode;
  /** How the auth mode was known. */
  readonly authFrom?: 'stamp' | 'config';
  /** Why mcify.config.ts could not be read, when the mode is unknown because of it. */
  readonly authUnreadable?: string;
  /** The config's own names for the mode's credential variables (see readConfigAuth). */
  readonly renamed: Readonly<Record<string, string>>;
  readonly targetModule: TargetModule;
}

function readStamp(pkg: Record<string, unknown>): ProjectStamp | undefined {
  const stamp = pkg[STAMP_KEY] as Partial<ProjectStamp> | undefined;
  if (!stamp || typeof stamp !== 'object') return undefined;
  if (!AUTH_MODES.includes(stamp.auth as AuthMode) || !TARGETS.includes(stamp.target as Target)) return undefined;
  return stamp as ProjectStamp;
}

/**
 * The targets a project shows it is written for, most telling first: a wrangler config or a Bun
 * lockfile, then what its scripts run, then a dependency only one target module brings. One entry
 * is a confident answer; none or several mean ask (or take --target).
 */
export function targetEvidence(root: string, pkg: Project['packageJson']): Target[] {
  const found = new Set<Target>();
  if (['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'].some((f) => existsSync(join(root, f)))) found.add('workers');
  if (['bun.lock', 'bun.lockb'].some((f) => existsSync(join(root, f)))) found.add('bun');
  if (found.size > 0) return [...found];

  const scripts = Object.values(pkg.scripts ?? {});
  if (scripts.some((s) => /\bwrangler\b/.test(s))) found.add('workers');
  if (scripts.some((s) => /(^|[\s&|;])bunx?\s/.test(s))) found.add('bun');
  if (scripts.some((s) => /(^|[\s&|;])(node|tsx)\s/.test(s))) found.add('node');
  if (found.size > 0) return [...found];

  const deps = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
  const targets = Object.keys(targetModules) as Target[];
  const own = (target: Target) => {
    const c = targetModules[target]!.contribute();
    return [...(c.dependencies ?? []), ...(c.devDependencies ?? [])];
  };
  return targets.filter((t) =>
    own(t).some((name) => deps.has(name) && targets.every((other) => other === t || !own(other).includes(name))),
  );
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
  // Without a stamp or a flag, the one target the files show; a plain project with no sign is Node.
  const evidence = stamp || options.target ? [] : targetEvidence(root, packageJson);
  const target = options.target ?? stamp?.target ?? (evidence.length === 1 ? evidence[0]! : 'node');
  const targetModule = targetModules[target];
  if (!targetModule) throw new UserError(`The ${target} target is not available in this version of create-mcify.`);
  // The stamp is a shortcut; without one, the mode is what the config says (or why it cannot tell).
  const configPath = join(root, 'mcify.config.ts');
  const reading: AuthReading | undefined = existsSync(configPath) ? readConfigAuth(readFileSync(configPath, 'utf8')) : undefined;
  const fromConfig = reading?.status === 'read' ? reading : undefined;
  return {
    root,
    packageJson,
    ...(stamp ? { stamp, auth: stamp.auth, authFrom: 'stamp' as const } : fromConfig ? { auth: fromConfig.mode, authFrom: 'config' as const } : {}),
    ...(!stamp && reading?.status === 'unreadable' ? { authUnreadable: reading.reason } : {}),
    ...(!stamp && !reading ? { authUnreadable: 'there is no mcify.config.ts' } : {}),
    renamed: fromConfig && (!stamp || stamp.auth === fromConfig.mode) ? fromConfig.renamed : {},
    target,
    targetFrom: options.target ? 'flag' : stamp ? 'stamp' : 'detected',
    targetModule,
  };
}
