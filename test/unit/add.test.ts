// `add auth` as a plan, on projects held in memory: generated ones moved between every pair of
// modes (the result must be what `create` makes for the new mode), user edits, and the framework's
// own `mcify init` templates as real fixtures. Every move is applied twice.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModeSettings } from '../../src/commands/create.js';
import { planAuthChange, type AuthChangePlan } from '../../src/edit/auth-change.js';
import { moduleSpecifiers } from '../../src/edit/entry.js';
import { envValues, parseEnv, printEnv, upsertEnv } from '../../src/lib/env-file.js';
import { PREVIOUS_SUFFIX, previousComment } from '../../src/secrets/project.js';
import { authModules } from '../../src/modules/auth/index.js';
import { targetModules } from '../../src/modules/targets/index.js';
import type { AuthMode, ModeSettings, Target } from '../../src/modules/types.js';
import { buildCreatePlan, STAMP_KEY } from '../../src/plan/plan.js';
import type { Project } from '../../src/project/project.js';
import { repoRoot } from '../helpers/cli.js';

const modes = Object.keys(authModules) as AuthMode[];
const targets = Object.keys(targetModules) as Target[];

async function defaultSettings(target: Target) {
  const settings: Partial<Record<AuthMode, ModeSettings>> = {};
  for (const mode of modes) settings[mode] = await resolveModeSettings(mode, target, {}, undefined, true);
  return settings;
}

/** A project as a map of files, and the Project `loadProject` would make of it. */
class MemoryProject {
  constructor(
    readonly files: Map<string, string>,
    readonly target: Target,
  ) {}

  static generated(auth: AuthMode, target: Target, settings: Partial<Record<AuthMode, ModeSettings>>) {
    const plan = buildCreatePlan({ directory: 'demo', name: 'demo', auth, target, pm: 'npm', install: false, git: false, settings: settings[auth] ?? {} });
    return new MemoryProject(new Map(plan.files.map((f) => [f.path, f.contents])), target);
  }

  get project(): Project {
    const packageJson = JSON.parse(this.files.get('package.json')!);
    const stamp = packageJson[STAMP_KEY];
    return {
      root: '/virtual/demo',
      packageJson,
      ...(stamp ? { stamp, auth: stamp.auth } : {}),
      target: this.target,
      targetFrom: stamp ? 'stamp' : 'flag',
      targetModule: targetModules[this.target]!,
      renamed: {},
    };
  }

  plan(mode: AuthMode, settings: Partial<Record<AuthMode, ModeSettings>>, prune = false): AuthChangePlan {
    return planAuthChange({ project: this.project, mode, prune, settings, read: (path) => this.files.get(path) });
  }

  apply(plan: AuthChangePlan): void {
    expect(plan.conflicts).toEqual([]);
    expect(plan.manual).toBeUndefined();
    for (const change of plan.changes) {
      if (change.after === undefined) this.files.delete(change.path);
      else this.files.set(change.path, change.after);
    }
  }
}

const pairs = targets.flatMap((target) => modes.flatMap((from) => modes.filter((to) => to !== from).map((to) => ({ target, from, to }))));

describe.each(pairs)('$target: $from -> $to', ({ target, from, to }) => {
  it('with --prune gives what create makes for the new mode, keeps the secrets both read, and a second run changes nothing', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(from, target, settings);
    const oldEnv = envValues(parseEnv(project.files.get(targetModules[target]!.envFile)!));
    const plan = project.plan(to, settings, true);
    expect(plan.from).toBe(from);
    project.apply(plan);

    const fresh = MemoryProject.generated(to, target, settings);
    const { envFile } = targetModules[target]!;
    for (const [path, text] of fresh.files) {
      if (path === envFile) continue;
      expect(project.files.get(path), path).toBe(text);
    }
    expect([...project.files.keys()].filter((p) => !fresh.files.has(p))).toEqual([]);
    // The env file too, but for the values of secrets (fresh in each project).
    const shape = (text: string) => text.replace(/^(\w+)=.*$/gm, '$1=');
    expect(shape(project.files.get(envFile)!)).toBe(shape(fresh.files.get(envFile)!));

    const env = envValues(parseEnv(project.files.get(envFile)!));
    for (const [name, value] of oldEnv) if (env.has(name)) expect(env.get(name), name).toBe(value);
    for (const v of buildCreatePlan({ directory: 'd', name: 'd', auth: to, target, pm: 'npm', install: false, git: false, settings: settings[to]! }).env) {
      expect(env.has(v.name), v.name).toBe(true);
      if (v.kind === 'secret') expect(Buffer.from(env.get(v.name)!, 'base64url')).toHaveLength(32);
    }
    expect(plan.changes.find((c) => c.path === envFile)?.sensitive ?? true).toBe(true);

    expect(project.plan(to, settings, true).changes).toEqual([]);
  });
});

describe('user changes', () => {
  const target = targets[0]!;
  const [from, to] = [modes.find((m) => authModules[m]!.credential)!, modes.find((m) => !authModules[m]!.credential)!];

  it('a changed file the new mode has its own version of is a conflict', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(from, target, settings);
    const test = [...project.files.keys()].find((p) => p.startsWith('test/') && p.endsWith('.test.ts') && project.files.get(p)!.includes('credential'))!;
    project.files.set(test, `${project.files.get(test)}\n// mine\n`);
    expect(project.plan(to, settings).conflicts).toEqual([{ path: test, why: expect.stringContaining('changed since create-mcify wrote it') }]);
  });

  it('a README edited outside the marked regions gets the new sections and keeps the edits', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(from, target, settings);
    project.files.set('README.md', project.files.get('README.md')!.replace('## Tools', '## My notes\n\nKeep this.\n\n## Tools'));
    const plan = project.plan(to, settings);
    project.apply(plan);
    const readme = project.files.get('README.md')!;
    expect(readme).toContain('## My notes\n\nKeep this.');
    expect(readme).toContain(`## Auth: ${authModules[to]!.label}`);
    expect(project.plan(to, settings).changes).toEqual([]);
  });

  it('files only the old mode used are listed, not deleted, without --prune', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(from, target, settings);
    const fresh = MemoryProject.generated(to, target, settings);
    const onlyOld = [...project.files.keys()].filter((p) => !fresh.files.has(p));
    const plan = project.plan(to, settings);
    expect(plan.changes.filter((c) => c.after === undefined)).toEqual([]);
    for (const path of onlyOld) expect(plan.leftovers.join('\n')).toContain(path);
    expect(plan.leftovers.join('\n')).toContain(authModules[from]!.credential!.env);
  });

  it('with --prune, removes the old mode\'s secret and its rotated-out value, and says to delete them where deployed', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(from, target, settings);
    const { envFile, envExampleFile } = targetModules[target]!;
    const secret = authModules[from]!.credential!.env;
    const rotated = upsertEnv(parseEnv(project.files.get(envFile)!), [{ name: `${secret}${PREVIOUS_SUFFIX}`, value: 'old', comment: previousComment(secret) }]);
    project.files.set(envFile, printEnv(rotated.lines));
    const plan = project.plan(to, settings, true);
    project.apply(plan);
    expect(project.files.get(envFile)).not.toContain(secret);
    expect(project.files.get(envExampleFile)).not.toContain(secret);
    expect(plan.leftovers).toEqual([]);
    expect(plan.notes.join('\n')).toContain(`Removed ${secret} from ${envFile} (--prune): wherever the server is deployed, delete it there too.`);
    expect(plan.changes.find((c) => c.path === envFile)).toMatchObject({ sensitive: true, why: expect.stringContaining('removes') });
  });

  it('with --prune, keeps an old setting you changed, in both env files, and lists it', async () => {
    const settings = await defaultSettings(target);
    const generated = (mode: AuthMode) => MemoryProject.generated(mode, target, settings);
    const envOf = (mode: AuthMode) => buildCreatePlan({ directory: 'd', name: 'd', auth: mode, target, pm: 'npm', install: false, git: false, settings: settings[mode]! }).env;
    const none = envOf(modes.find((m) => !authModules[m]!.credential)!).map((v) => v.name);
    const mode = modes.find((m) => envOf(m).some((v) => v.kind === 'setting' && !none.includes(v.name)))!;
    const setting = envOf(mode).find((v) => v.kind === 'setting' && !none.includes(v.name))!.name;
    const project = generated(mode);
    const { envFile, envExampleFile } = targetModules[target]!;
    const changed = upsertEnv(parseEnv(project.files.get(envFile)!), [{ name: setting, value: 'https://mine.example.com' }], { replace: true });
    project.files.set(envFile, printEnv(changed.lines));
    const plan = project.plan(modes.find((m) => !envOf(m).some((v) => v.name === setting))!, settings, true);
    project.apply(plan);
    expect(envValues(parseEnv(project.files.get(envFile)!)).get(setting)).toBe('https://mine.example.com');
    expect(project.files.get(envExampleFile)).toContain(setting); // still documented, as it is still there
    expect(plan.leftovers).toEqual([`${setting} in ${envFile} and ${envExampleFile} (changed by you): the ${plan.to} mode does not read it`]);
  });

  const secretModes = modes.filter((m) => authModules[m]!.credential);
  it.skipIf(secretModes.length < 2)('a file an earlier move left behind (no --prune) is still create-mcify\'s, so the next move replaces it', async () => {
    const settings = await defaultSettings(target);
    const project = MemoryProject.generated(secretModes[0]!, target, settings);
    project.apply(project.plan(to, settings));
    project.apply(project.plan(secretModes[1]!, settings));
    const fresh = MemoryProject.generated(secretModes[1]!, target, settings);
    for (const [path, text] of fresh.files) if (path.startsWith('test/')) expect(project.files.get(path), path).toBe(text);
  });

  it('the same mode again is already up to date', async () => {
    const settings = await defaultSettings(target);
    for (const mode of modes) expect(MemoryProject.generated(mode, target, settings).plan(mode, settings).changes).toEqual([]);
  });
});

/** An `mcify init` template turned into a project, as `mcify init demo` does. */
function upstream(template: string): MemoryProject {
  const root = join(repoRoot, 'test/fixtures/upstream', template);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(root, full).replace(/(^|\/)_gitignore$/, '$1.gitignore'), readFileSync(full, 'utf8').replaceAll('{{name}}', 'demo'));
    }
  };
  walk(root);
  return new MemoryProject(files, 'node');
}

describe.each(['from-scratch', 'from-zod', 'example-khipu'])('upstream template %s', (template) => {
  it.each(modes)('moves to %s: gets the entry point and every file it imports, scripts moved, nothing else touched; twice = once', async (mode) => {
    const settings = await defaultSettings('node');
    const project = upstream(template);
    const before = new Map(project.files);
    const plan = project.plan(mode, settings);
    project.apply(plan);
    const changed = plan.changes.map((c) => c.path);
    // Only additions besides the config, package.json, tsconfig.json (src/ in its include) and .gitignore.
    const edited = ['mcify.config.ts', 'package.json', 'tsconfig.json', '.gitignore'];
    for (const c of plan.changes) if (!edited.includes(c.path)) expect(c.before, c.path).toBeUndefined();
    expect(changed).toEqual(expect.arrayContaining(['src/server.ts', 'src/app.ts', 'src/http/origin.ts', 'src/env.ts', 'tsconfig.build.json']));
    expect(plan.notes[0]).toMatch(/served by the framework's mcify dev \/ mcify build.*dev "mcify dev", build "mcify build", start "node dist\/server\.mjs".*inspector/);
    // Every relative import of every file is there: the project is whole.
    for (const [path, text] of project.files) {
      if (!/\.ts$/.test(path) || path.startsWith('test/')) continue;
      for (const spec of moduleSpecifiers(text).filter((s) => s.startsWith('.'))) {
        const target = join(dirname(path), spec).replace(/\.js$/, '.ts');
        expect(project.files.has(target) || project.files.has(`${target}/index.ts`), `${path} imports ${spec}`).toBe(true);
      }
    }
    const pkg = JSON.parse(project.files.get('package.json')!);
    expect(pkg.scripts).toMatchObject({ dev: 'tsx watch src/server.ts --dev', build: 'tsc -p tsconfig.build.json', start: 'node dist/src/server.js --host 0.0.0.0', generate: 'mcify generate' });
    expect(pkg.dependencies['@mcify/core']).toBe('1.0.0-alpha.3');
    expect(pkg.dependencies.hono).toBeDefined();
    expect(pkg.devDependencies['@mcify/cli']).toBe('1.0.0-alpha.3');
    expect(pkg[STAMP_KEY]).toBeUndefined();
    expect(JSON.parse(project.files.get('tsconfig.json')!).include).toEqual(expect.arrayContaining([expect.stringMatching(/^src/)]));
    // A template already in this mode keeps its own auth expression.
    if (plan.from !== mode) expect(project.files.get('mcify.config.ts')).toContain(`auth: ${authModules[mode]!.config.expression}`);
    else expect(changed).not.toContain('mcify.config.ts');
    // The comment that described the old auth does not stay above the new one.
    if (plan.from !== mode && template !== 'from-scratch') {
      expect(project.files.get('mcify.config.ts')).not.toMatch(/MCIFY_AUTH_TOKEN/);
      expect(plan.notes.join('\n')).toMatch(/comment above auth: .* replaced/);
    }
    for (const [path, text] of before) if (!changed.includes(path)) expect(project.files.get(path)).toBe(text);
    // The template has no env files: nothing of the old mode is left in them to list.
    expect(plan.leftovers.filter((l) => /\.env/.test(l))).toEqual([]);
    expect(project.plan(mode, settings).changes).toEqual([]);
  });

  it('reads the mode the way secret and doctor do: a renamed import is still the bearer mode', async () => {
    const settings = await defaultSettings('node');
    const project = upstream(template);
    const config = project.files.get('mcify.config.ts')!;
    project.files.set('mcify.config.ts', config.replace("import { bearer, defineConfig } from '@mcify/core';", "import { bearer as guard, defineConfig } from '@mcify/core';").replace('auth: bearer(', 'auth: guard('));
    const plan = project.plan('bearer', settings);
    expect(plan.from).toBe(template === 'from-scratch' ? 'none' : 'bearer');
    if (template !== 'from-scratch') expect(plan.changes.map((c) => c.path)).not.toContain('mcify.config.ts');
  });

  it('a move after a move replaces what the first wrote, and lists what only the first mode used', async () => {
    const settings = await defaultSettings('node');
    const project = upstream(template);
    project.apply(project.plan('bearer', settings));
    const plan = project.plan('oauth-provider', settings);
    project.apply(plan);
    expect(plan.changes.find((c) => c.path === 'src/app.ts')?.before).toBeDefined();
    expect(plan.leftovers).toContain('src/auth/shared-secret.ts: the oauth-provider mode does not use it');
    expect(project.plan('oauth-provider', settings, true).changes.map((c) => c.path)).toContain('src/auth/shared-secret.ts');
  });

  it('a project that serves itself keeps its entry; a mode that needs its own routes stops with why', async () => {
    const settings = await defaultSettings('node');
    const project = upstream(template);
    const pkg = JSON.parse(project.files.get('package.json')!);
    pkg.scripts = { ...pkg.scripts, dev: 'tsx watch server.ts', start: 'node server.js' };
    delete pkg.scripts.build;
    project.files.set('package.json', JSON.stringify(pkg, null, 2));
    const blocked = project.plan('oauth-provider', settings);
    expect(blocked.changes).toEqual([]);
    expect(blocked.blocked).toMatch(/served by its own entry point \(its scripts \(dev: tsx watch server\.ts, start: node server\.js\)\), and the oauth-provider mode needs create-mcify's HTTP app/);
    const plain = project.plan('api-key', settings);
    expect(plain.blocked).toBeUndefined();
    expect(plain.changes.map((c) => c.path)).not.toContain('src/server.ts');
    expect(plain.changes.map((c) => c.path)).toContain('src/auth/shared-secret.ts');
  });
});
