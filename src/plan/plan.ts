// Builds the whole project as a value first (files, dependencies, scripts, env, next steps);
// `--dry-run` and `--json` print it, and only the writer touches the disk.
import { authModules } from '../modules/auth/index.js';
import { targetModules } from '../modules/targets/index.js';
import type {
  AuthMode,
  AuthModule,
  Contribution,
  EnvVar,
  ImportSpec,
  ModeSettings,
  PackageManager,
  Target,
  TargetModule,
} from '../modules/types.js';
import { parseEnv, printEnv, upsertEnv, type EnvLine } from '../lib/env-file.js';
import { cliVersion } from '../lib/paths.js';
import { pmCommands } from '../lib/pm.js';
import { claudeServerName, dockerImageName, dockerVolumeName, kubernetesName, workerName } from '../lib/platform-names.js';
import { shellQuote } from '../lib/shell.js';
import { generateSecret, type RandomSource, type SecretEncoding } from '../lib/secrets.js';
import { versionOf } from '../versions.js';
import { layerPaths, renderLayers } from './templates.js';
import { compareText } from '../lib/compare.js';

export interface CreateOptions {
  /** The directory argument as given: a relative or absolute path, or ".". */
  readonly directory: string;
  /** The npm package name: --name, or the directory's last segment (made valid). */
  readonly name: string;
  readonly auth: AuthMode;
  readonly target: Target;
  readonly pm: PackageManager;
  readonly install: boolean;
  readonly git: boolean;
  /** Write beside the files of a non-empty directory, never overwriting one (--force). */
  readonly force?: boolean;
  /** Values of the auth mode's own options (e.g. the identity provider of `oauth`). */
  readonly settings: ModeSettings;
  /** Variables of the API the server wraps (--upstream-env): values the user brings. */
  readonly upstreamEnv?: readonly string[];
}

export interface PlannedFile {
  readonly path: string;
  readonly contents: string;
  /** Unix file mode; 0o600 for files that hold secrets. */
  readonly mode?: number;
  /** Holds secret values: never printed, never in --json output. */
  readonly sensitive?: boolean;
}

export interface Plan {
  readonly options: CreateOptions;
  /** Minimum Node.js version of the generated project. */
  readonly node: string;
  /** Minimum Bun version, for a project that runs on Bun (its engines name Bun, not Node.js). */
  readonly bun?: string;
  readonly files: readonly PlannedFile[];
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  readonly env: readonly (EnvVar & { readonly file: string })[];
  readonly nextSteps: readonly string[];
  /** What the modules ask the user to do after the next steps. */
  readonly notes: readonly string[];
}

/** The metadata stamped into the generated package.json, read back by `add` and `secret`. */
export interface ProjectStamp {
  readonly version: string;
  readonly auth: AuthMode;
  readonly target: Target;
  /** The auth mode's own options, when it has any. */
  readonly settings?: ModeSettings;
}
export const STAMP_KEY = 'create-mcify';

export function modulesFor(auth: AuthMode, target: Target): { auth: AuthModule; target: TargetModule } {
  const authModule = authModules[auth];
  const targetModule = targetModules[target];
  if (!authModule || !targetModule) throw new Error(`No module for ${auth} on ${target}`);
  return { auth: authModule, target: targetModule };
}

/** Import lines for mcify.config.ts, merged per module and sorted, as a formatter would. */
export function renderImports(specs: readonly ImportSpec[]): string {
  const byModule = new Map<string, Set<string>>();
  for (const spec of specs) {
    const names = byModule.get(spec.from) ?? new Set<string>();
    for (const name of spec.names) names.add(name);
    byModule.set(spec.from, names);
  }
  return [...byModule]
    .sort(([a], [b]) => compareText(a, b))
    .map(([from, names]) => `import { ${[...names].sort().join(', ')} } from '${from}';`)
    .join('\n');
}

function merge(contributions: readonly Contribution[]) {
  const pick = (key: 'dependencies' | 'devDependencies') =>
    sortedRecord(contributions.flatMap((c) => c[key] ?? []).map((name) => [name, versionOf(name)]));
  return {
    dependencies: pick('dependencies'),
    devDependencies: pick('devDependencies'),
    scripts: Object.assign({}, ...contributions.map((c) => c.scripts ?? {})) as Record<string, string>,
    env: contributions.flatMap((c) => c.env ?? []),
    templates: contributions.flatMap((c) => c.templates ?? []),
    notes: contributions.flatMap((c) => c.notes ?? []),
    node: contributions
      .map((c) => c.node)
      .filter((v): v is string => v !== undefined)
      .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), MIN_NODE),
    bun: contributions.map((c) => c.bun).find((v) => v !== undefined),
  };
}

/**
 * The Node.js version every project needs: the oldest Node.js line still supported (Node 20 reached
 * its end of life in April 2026; the code itself needs 20.12, for process.loadEnvFile). Modules
 * raise it (e.g. 22.13 for node:sqlite). @types/node in src/versions.ts follows this line.
 */
export const MIN_NODE = '22';

export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) {
    const d = (pa![i] ?? 0) - (pb![i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareText(a, b)));
}

const BASE: Contribution = {
  dependencies: ['@mcify/core', '@mcify/runtime', 'hono', 'zod'],
  devDependencies: ['@modelcontextprotocol/sdk'],
  env: [
    {
      name: 'MCIFY_MAX_BODY_BYTES',
      kind: 'setting',
      optional: true,
      localValue: '',
      description: 'Largest MCP request body accepted, in bytes; larger ones get 413 before authentication. Empty: 1048576 (1 MiB).',
    },
    {
      name: 'MCIFY_ALLOWED_ORIGINS',
      kind: 'setting',
      optional: true,
      localValue: '',
      description:
        'Web origins (comma-separated, e.g. https://app.example.com) whose pages may call /mcp from a browser. Loopback origins always may; others get 403 (DNS-rebinding protection).',
    },
  ],
  templates: ['base'],
};

/** A shell expression for a fresh 256-bit secret in each encoding (openssl is on macOS and Linux). */
const PRODUCTION_SECRET: Readonly<Record<SecretEncoding, string>> = {
  base64url: "$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')",
  hex: '$(openssl rand -hex 32)',
};

/** Lines of the local env file: settings as given, secrets freshly generated. */
export function envFileLines(
  vars: readonly EnvVar[],
  header: readonly string[],
  random?: RandomSource,
): EnvLine[] {
  const start = parseEnv(header.map((line) => `# ${line}`).join('\n'));
  return upsertEnv(
    start,
    vars.map((v) => ({
      name: v.name,
      comment: v.description,
      value: v.kind === 'secret' ? generateSecret(v.encoding, 32, random) : (v.localValue ?? ''),
    })),
  ).lines;
}

export function envExampleLines(vars: readonly EnvVar[], header: readonly string[]): EnvLine[] {
  const start = parseEnv(header.map((line) => `# ${line}`).join('\n'));
  return upsertEnv(
    start,
    vars.map((v) => ({ name: v.name, comment: v.description, value: v.kind === 'secret' ? '' : (v.localValue ?? '') })),
  ).lines;
}

export function buildCreatePlan(options: CreateOptions, random?: RandomSource): Plan {
  const modules = modulesFor(options.auth, options.target);
  const authContribution = modules.auth.contribute(options.target, options.settings);
  const targetContribution = modules.target.contribute();
  const upstream: Contribution = {
    env: (options.upstreamEnv ?? []).map((name) => ({
      name,
      kind: 'upstream' as const,
      description: 'A value you bring: a credential or setting of the API the tools call (set it with npx create-mcify secret set, which does not echo it).',
    })),
  };
  const merged = merge([BASE, targetContribution, authContribution, upstream]);
  const pm = pmCommands(options.pm);
  const port = 8888;
  const credential = modules.auth.credential;
  const envFile = modules.target.envFile;
  // The credential's header value with the secret's `${NAME}` rewritten for each client's syntax.
  const withSecret = (replacement: string) =>
    credential && credential.value.replace(`\${${credential.env}}`, replacement);
  const context = {
    name: options.name,
    // What each platform calls the project, within its own naming rules (src/lib/platform-names.ts).
    names: {
      worker: workerName(options.name),
      d1: workerName(options.name, '-oauth'),
      claude: claudeServerName(options.name),
      dockerImage: dockerImageName(options.name),
      dockerVolume: dockerVolumeName(options.name, '-data'),
      kubernetes: kubernetesName(options.name),
      kubernetesSecret: kubernetesName(options.name, '-secrets'),
    },
    cliVersion,
    auth: { id: modules.auth.id, label: modules.auth.label },
    authType: modules.auth.ctxAuthType,
    challenge: modules.auth.challengeScheme && { scheme: modules.auth.challengeScheme, bearer: modules.auth.challengeScheme === 'Bearer' },
    target: {
      id: modules.target.id,
      label: modules.target.label,
      envFile,
      envExampleFile: modules.target.envExampleFile,
      // Production values, apart from the local ones (DEPLOY.md); git-ignored like the env file.
      productionFile: `${envFile}.production`,
      ...targetContribution.context,
    },
    credential: credential && {
      ...credential,
      // Read from the env file by the shell as the command runs, so it never lands in history.
      shellValue: withSecret(`$(grep '^${credential.env}=' ${envFile} | cut -d= -f2-)`),
      placeholderValue: withSecret(`<${credential.env}>`),
      cursorValue: withSecret(`\${env:${credential.env}}`),
      vscodeValue: withSecret(`\${input:${credential.env}}`),
    },
    // A TypeScript template literal that builds the header value from a variable named `value`.
    credentialTemplate: credential && `\`${withSecret('${value}')}\``,
    env: merged.env,
    required: merged.env.filter((v) => !v.optional),
    secrets: merged.env.filter((v) => v.kind === 'secret'),
    // DEPLOY.md's production file: a fresh value for each secret (made by the shell, 256 bits like
    // ours), the required settings as set locally (to check), never a `_PREVIOUS` or optional one.
    productionLines: merged.env
      .filter((v) => !v.optional)
      .map((v) => `${v.name}=${v.kind === 'secret' ? PRODUCTION_SECRET[v.encoding ?? 'base64url'] : (v.localValue ?? '')}`),
    // What DEPLOY.md's per-platform commands ship: the generated secrets and the values brought.
    shipped: merged.env.filter((v) => v.kind === 'secret' || v.kind === 'upstream'),
    settings: merged.env.filter((v) => v.kind === 'setting'),
    pm: { name: options.pm, run: pm.run, install: pm.install.join(' '), dlx: pm.dlx, ci: pm.ci, prune: pm.prune },
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    nodeMinimum: merged.node,
    bunMinimum: merged.bun,
    // What DEPLOY.md sets on a platform: the production file's variables (secrets and required settings).
    productionVars: merged.env.filter((v) => !v.optional),
    configImports: renderImports([
      { from: '@mcify/core', names: ['defineConfig'] },
      ...modules.auth.config.imports,
    ]),
    authExpression: modules.auth.config.expression,
    mode: { ...options.settings, ...authContribution.context },
    testImports: `import { afterAll, beforeAll, describe, expect, it } from '${modules.target.testModule}';`,
  };

  const rendered = renderLayers(merged.templates, context);
  const stamp: ProjectStamp = {
    version: cliVersion,
    auth: options.auth,
    target: options.target,
    ...(Object.keys(options.settings).length > 0 ? { settings: options.settings } : {}),
  };
  const packageJson = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: merged.scripts,
    dependencies: merged.dependencies,
    devDependencies: merged.devDependencies,
    engines: merged.bun ? { bun: `>=${merged.bun}` } : { node: `>=${merged.node}` },
    [STAMP_KEY]: stamp,
  };
  const envHeader = [
    `Local secrets and settings of ${options.name}. Never commit this file: it is git-ignored.`,
    'Production values are set on your platform instead; see DEPLOY.md.',
  ];
  // The same in every mode: `add` keeps the header of the file it edits.
  const exampleHeader = [
    `The variables ${options.name} reads, without values. Copy to ${modules.target.envFile} and fill in,`,
    `or generate the secrets: ${pm.dlx} create-mcify secret generate`,
  ];

  const files: PlannedFile[] = [
    ...[...rendered].map(([path, contents]) => ({ path, contents })),
    { path: 'package.json', contents: `${JSON.stringify(packageJson, null, 2)}\n` },
    {
      path: modules.target.envFile,
      contents: printEnv(envFileLines(merged.env, envHeader, random)),
      mode: 0o600,
      sensitive: true,
    },
    { path: modules.target.envExampleFile, contents: printEnv(envExampleLines(merged.env, exampleHeader)) },
  ].sort((a, b) => compareText(a.path, b.path));

  const cd = options.directory === '.' ? [] : [`cd ${shellQuote(options.directory)}`];
  return {
    options,
    node: merged.node,
    ...(merged.bun ? { bun: merged.bun } : {}),
    files,
    dependencies: merged.dependencies,
    devDependencies: merged.devDependencies,
    scripts: merged.scripts,
    env: merged.env.map((v) => ({ ...v, file: modules.target.envFile })),
    nextSteps: [...cd, ...(options.install ? [] : [pm.install.join(' ')]), `${pm.run} dev`, `${pm.run} test`],
    notes: [
      ...merged.notes,
      ...(options.upstreamEnv ?? []).map((name) => `${name} is empty in ${envFile}: set it with ${pm.dlx} create-mcify secret set ${name} (asks for the value without echoing it).`),
    ],
  };
}

/** Files every project has, whatever its auth and target: what `--force` can know it would clash with before any choice. */
export function filesOfEveryProject(): string[] {
  return ['package.json', ...BASE.templates!.flatMap(layerPaths)];
}

/** The plan as data for --json / --dry-run: file contents are left out, secrets never appear. */
export function planSummary(plan: Plan) {
  return {
    options: plan.options,
    files: plan.files.map((f) => ({
      path: f.path,
      bytes: Buffer.byteLength(f.contents),
      ...(f.mode ? { mode: `0${f.mode.toString(8)}` } : {}),
      ...(f.sensitive ? { sensitive: true } : {}),
    })),
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    scripts: plan.scripts,
    env: plan.env.map(({ name, kind, file }) => ({ name, kind, file })),
    nextSteps: plan.nextSteps,
  };
}
