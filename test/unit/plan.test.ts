import { describe, expect, it } from 'vitest';
import { parseEnv, envValues } from '../../src/lib/env-file.js';
import { cliVersion } from '../../src/lib/paths.js';
import { modulesFor, buildCreatePlan, planSummary, type CreateOptions, type Plan } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';

const optionsFor = (c: (typeof combinations)[number]): CreateOptions => ({
  directory: 'demo-server',
  name: 'demo-server',
  pm: 'npm',
  install: false,
  git: false,
  settings: {},
  ...c,
});
const file = (plan: Plan, path: string) => plan.files.find((f) => f.path === path);

/** Replaces generated secrets and the CLI version so a tree can be compared across runs. */
function normalise(plan: Plan): string {
  const secrets = plan.env.filter((v) => v.kind === 'secret').map((v) => v.name);
  return plan.files
    .map((f) => {
      let text = f.contents.replaceAll(cliVersion, '<cli-version>');
      for (const name of secrets) text = text.replace(new RegExp(`^${name}=.+$`, 'm'), `${name}=<secret>`);
      return `=== ${f.path}${f.mode ? ` (0${f.mode.toString(8)})` : ''}\n${text}`;
    })
    .join('\n');
}

describe.each(combinations)('plan for $auth on $target', (combination) => {
  const plan = buildCreatePlan(optionsFor(combination));
  const { target } = modulesFor(combination.auth, combination.target);

  it('matches the snapshot of the generated tree (secrets and version normalised)', async () => {
    await expect(normalise(plan)).toMatchFileSnapshot(
      `__snapshots__/trees/${combination.auth}-${combination.target}.txt`,
    );
  });

  it('writes every secret to the env file only: 256 bits, fresh, mode 0600, git-ignored', () => {
    const envFile = file(plan, target.envFile)!;
    expect(envFile.mode).toBe(0o600);
    expect(envFile.sensitive).toBe(true);
    const values = envValues(parseEnv(envFile.contents));
    const secrets = plan.env.filter((v) => v.kind === 'secret');
    for (const secret of secrets) {
      const value = values.get(secret.name)!;
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
      for (const other of plan.files.filter((f) => f !== envFile)) expect(other.contents).not.toContain(value);
    }
    const again = envValues(parseEnv(file(buildCreatePlan(optionsFor(combination)), target.envFile)!.contents));
    for (const secret of secrets) expect(again.get(secret.name)).not.toBe(values.get(secret.name));
    expect(file(plan, '.gitignore')!.contents).toMatch(new RegExp(`^${target.envFile.replace('.', '\\.')}$`, 'm'));
  });

  it('lists every variable in the example file with an empty secret and a comment', () => {
    const example = parseEnv(file(plan, target.envExampleFile)!.contents);
    for (const v of plan.env) {
      const index = example.findIndex((l) => l.key === v.name);
      expect(index).toBeGreaterThan(0);
      expect(example[index - 1]!.raw).toBe(`# ${v.description}`);
      if (v.kind === 'secret') expect(example[index]!.value).toBe('');
    }
  });

  it('stamps the choices in package.json and pins the mcify packages exactly', () => {
    const pkg = JSON.parse(file(plan, 'package.json')!.contents);
    expect(pkg['create-mcify']).toEqual({ version: cliVersion, auth: combination.auth, target: combination.target });
    expect(pkg.dependencies['@mcify/core']).toBe('1.0.0-alpha.3');
    expect(pkg.dependencies['@mcify/runtime']).toBe('1.0.0-alpha.3');
    expect(pkg.dependencies['create-mcify']).toBeUndefined();
    expect(pkg.devDependencies['create-mcify']).toBeUndefined();
    for (const script of Object.values<string>(pkg.scripts)) expect(script).not.toMatch(/(^|\s)[A-Z_]+=\S/);
    for (const name of ['dev', 'start', 'typecheck', 'test']) expect(pkg.scripts[name]).toBeTruthy();
  });

  it('renders every template: no handlebars left, every file ends with a newline', () => {
    for (const f of plan.files) {
      // GitHub Actions expressions (`${{ secrets.X }}`) are meant to be there; nothing else is.
      expect(f.contents.replace(/\$\{\{ [\w.]+ \}\}/g, ''), f.path).not.toMatch(/\{\{|\}\}/);
      expect(f.contents.endsWith('\n'), f.path).toBe(true);
    }
  });

  it('summarises the plan for --json without any secret value', () => {
    const summary = JSON.stringify(planSummary(plan));
    const values = envValues(parseEnv(file(plan, target.envFile)!.contents));
    for (const v of plan.env.filter((e) => e.kind === 'secret')) expect(summary).not.toContain(values.get(v.name));
  });
});

describe.each([
  ['github', 'node'],
  ['google', 'workers'],
  ['oidc', 'bun'],
] as const)('oauth-provider with --login %s on %s', (login, target) => {
  const plan = buildCreatePlan({ ...optionsFor({ auth: 'oauth-provider', target }), settings: { login } });

  it('matches the snapshot of the generated tree', async () => {
    await expect(normalise(plan)).toMatchFileSnapshot(`__snapshots__/trees/oauth-provider-login-${login}-${target}.txt`);
  });

  it('signs no one in with the owner password (optional: it only opens the revoke route); the client id is a setting left empty, the client secret a value the user brings', () => {
    expect(plan.env.find((v) => v.name === 'MCIFY_OWNER_PASSWORD')).toMatchObject({ kind: 'secret', optional: true });
    const prefix = `MCIFY_${login.toUpperCase()}`;
    expect(plan.env.find((v) => v.name === `${prefix}_CLIENT_ID`)).toMatchObject({ kind: 'setting', localValue: '' });
    expect(plan.env.find((v) => v.name === `${prefix}_CLIENT_SECRET`)).toMatchObject({ kind: 'upstream' });
    expect(plan.files.map((f) => f.path)).toContain(`src/auth/logins/${login}.ts`);
  });
});

describe.each(['node', 'bun'] as const)('oauth-provider with --store postgres on %s', (target) => {
  const plan = buildCreatePlan({ ...optionsFor({ auth: 'oauth-provider', target }), settings: { store: 'postgres' } });

  it('matches the snapshot of the generated tree', async () => {
    await expect(normalise(plan)).toMatchFileSnapshot(`__snapshots__/trees/oauth-provider-postgres-${target}.txt`);
  });

  it('depends on postgres, asks for DATABASE_URL and needs no newer runtime than the target does', () => {
    const pkg = JSON.parse(file(plan, 'package.json')!.contents);
    expect(pkg.dependencies.postgres).toBeTruthy();
    expect(pkg.engines).toEqual(target === 'node' ? { node: '>=22.12' } : { bun: '>=1.3' });
    expect(pkg['create-mcify'].settings).toEqual({ store: 'postgres' });
    expect(plan.env.find((v) => v.name === 'DATABASE_URL')).toMatchObject({ kind: 'setting' });
    expect(plan.files.some((f) => f.path.includes('sqlite'))).toBe(false);
  });
});

// No Docker here to build the images: these check what the image and DEPLOY.md promise.
describe.each([
  ['node', 'node'],
  ['bun', 'bun'],
] as const)('the Docker image of an oauth-provider SQLite project on %s', (target, user) => {
  const plan = buildCreatePlan(optionsFor({ auth: 'oauth-provider', target }));
  const dockerfile = file(plan, 'Dockerfile')!.contents;

  it('gives the server user a writable .data declared as a volume, and DEPLOY.md mounts one', () => {
    const prepare = dockerfile.indexOf(`RUN mkdir .data && chown ${user}:${user} .data`);
    expect(prepare).toBeGreaterThan(dockerfile.lastIndexOf('FROM '));
    expect(prepare).toBeLessThan(dockerfile.indexOf(`USER ${user}`));
    expect(dockerfile).toContain('VOLUME /app/.data');
    expect(file(plan, 'DEPLOY.md')!.contents).toContain('-p 8888:8888 -v demo-server-data:/app/.data demo-server');
    expect(file(plan, '.dockerignore')!.contents.split('\n')).toContain('.data');
  });

  it('is unchanged for a project without the SQLite store', () => {
    for (const other of [
      buildCreatePlan(optionsFor({ auth: 'bearer', target })),
      buildCreatePlan({ ...optionsFor({ auth: 'oauth-provider', target }), settings: { store: 'postgres' } }),
    ]) {
      expect(file(other, 'Dockerfile')!.contents).not.toContain('.data');
      expect(file(other, 'DEPLOY.md')!.contents).not.toContain('/app/.data');
    }
  });
});

// npm accepts these names; Cloudflare, Docker, Kubernetes and Claude Code refuse them as they are.
describe.each(['wmy.server', '@acme/my_tools.v2', `${'a'.repeat(70)}.x`])('names written for platforms, from the package name %s', (name) => {
  const rules = {
    worker: /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    dnsLabel: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    dockerImage: /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/,
    dockerVolume: /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/,
    claude: /^[a-zA-Z0-9_-]{1,64}$/,
  };
  /** Every capture of `pattern` in `text`, which must occur at least once. */
  const names = (text: string, pattern: RegExp) => {
    const found = [...text.matchAll(pattern)].map((m) => m[1]!);
    expect(found.length, String(pattern)).toBeGreaterThan(0);
    return found;
  };

  it.each(combinations)('$auth on $target', (combination) => {
    const plan = buildCreatePlan({ ...optionsFor(combination), name, settings: combination.auth === 'oauth-provider' ? { store: 'sqlite' } : {} });
    const readme = file(plan, 'README.md')!.contents;
    for (const n of names(readme, /claude mcp add --transport http (\S+)/g)) expect(n).toMatch(rules.claude);
    if (combination.target === 'workers') {
      const wrangler = file(plan, 'wrangler.jsonc')!.contents;
      for (const n of names(wrangler, /"name": "([^"]*)"/g)) expect(n).toMatch(rules.worker);
      if (combination.auth === 'oauth-provider') {
        for (const n of names(wrangler, /"database_name": "([^"]*)"/g)) expect(n).toMatch(rules.worker);
      }
      return;
    }
    const deploy = file(plan, 'DEPLOY.md')!.contents;
    for (const n of names(deploy, /docker build -t (\S+) \./g)) expect(n).toMatch(rules.dockerImage);
    for (const n of names(deploy, /image: <registry>\/([^:]+):/g)) expect(n).toMatch(rules.dockerImage);
    for (const n of names(deploy, /kubectl create secret generic (\S+)/g)) expect(n).toMatch(rules.dnsLabel);
    for (const n of names(deploy, /- name: (\S+)/g)) expect(n).toMatch(rules.dnsLabel);
    for (const n of names(deploy, /secretRef: \{ name: (\S+) \}/g)) expect(n).toMatch(rules.dnsLabel);
    if (combination.auth === 'oauth-provider') {
      for (const n of names(deploy + readme, / -v ([^:\s]+):\/app\/\.data/g)) expect(n).toMatch(rules.dockerVolume);
    }
  });
});

describe('the runtime versions a project declares', () => {
  const manifests = combinations.map((c) => ({ ...c, pkg: JSON.parse(file(buildCreatePlan(optionsFor(c)), 'package.json')!.contents) }));

  it.each(manifests.filter((m) => m.target !== 'bun'))(
    '$auth on $target: engines.node is on a supported LTS line (22 or newer) and @types/node is on the same line',
    ({ pkg }) => {
      const minimum = /^>=(\d+)(?:\.\d+){0,2}$/.exec(pkg.engines.node)?.[1];
      expect(Number(minimum)).toBeGreaterThanOrEqual(22);
      expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${minimum}\\.`));
    },
  );

  it('what the code needs raises it: vitest (22.12) on node and workers, node:sqlite (22.13)', () => {
    const engines = (auth: string, target: string) => manifests.find((m) => m.auth === auth && m.target === target)!.pkg.engines;
    expect(engines('none', 'node')).toEqual({ node: '>=22.12' });
    expect(engines('none', 'workers')).toEqual({ node: '>=22.12' });
    expect(engines('oauth-provider', 'node')).toEqual({ node: '>=22.13' });
  });

  it.each(manifests.filter((m) => m.target === 'bun'))('$auth on bun: engines names Bun, not Node.js', ({ pkg }) => {
    expect(pkg.engines).toEqual({ bun: '>=1.3' });
    expect(pkg.devDependencies['@types/bun']).toMatch(/^\^1\.3\./);
  });
});
