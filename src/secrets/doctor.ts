// The checks of `mcify doctor`. Each returns findings (ok, problem, warning, skipped) with the fix
// for anything wrong; the command prints them and exits non-zero on a problem.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { envValues } from '../lib/env-file.js';
import { compareVersions } from '../plan/plan.js';
import { enginesMinimum, localRuntimes, type Runtimes } from '../lib/runtime.js';
import { VERSIONS } from '../versions.js';
import { commitsTouching, insideGitRepository, isIgnored, isTracked } from './files.js';
import { minLengthOf, PREVIOUS_SUFFIX, secretsOf, type ProjectEnv } from './project.js';
import { isLoopbackHost } from '../lib/hosts.js';

export interface Finding {
  readonly check: 'runtime' | 'env' | 'file-mode' | 'git' | 'example' | 'versions' | 'urls';
  readonly status: 'ok' | 'problem' | 'warning' | 'skipped';
  readonly message: string;
  readonly fix?: string;
}

const ok = (check: Finding['check'], message: string): Finding => ({ check, status: 'ok', message });
const problem = (check: Finding['check'], message: string, fix: string): Finding => ({ check, status: 'problem', message, fix });
const GENERATE = 'npx create-mcify secret generate';
const SET = 'npx create-mcify secret set';

/**
 * The runtime here is as new as package.json's `engines` asks: this Node.js for engines.node, the
 * `bun` on PATH for engines.bun. A server started on an older one refuses to start.
 */
export function checkRuntime(env: ProjectEnv, runtimes: Runtimes = localRuntimes): Finding[] {
  const engines = (env.project.packageJson.engines ?? {}) as Record<string, unknown>;
  const findings: Finding[] = [];
  for (const runtime of ['node', 'bun'] as const) {
    if (engines[runtime] === undefined) continue;
    const minimum = enginesMinimum(engines[runtime]);
    const name = runtime === 'node' ? 'Node.js' : 'Bun';
    if (!minimum) {
      findings.push({ check: 'runtime', status: 'skipped', message: `engines.${runtime} is "${String(engines[runtime])}", not a ">=version" range: ${name} not checked.` });
      continue;
    }
    const here = runtime === 'node' ? runtimes.node : runtimes.bun();
    const upgrade = runtime === 'node' ? `install Node.js ${minimum.split('.')[0]} or newer (e.g. nvm install --lts)` : 'run bun upgrade';
    if (here === undefined) {
      findings.push(problem('runtime', `The project runs on Bun ${minimum} or newer and bun is not installed here.`, 'install it (https://bun.sh, or npm install --global bun)'));
    } else if (compareVersions(here, minimum) < 0) {
      findings.push(problem('runtime', `The project needs ${name} ${minimum} or newer (engines.${runtime}) and this is ${name} ${here}: its server refuses to start here.`, upgrade));
    } else {
      findings.push(ok('runtime', `${name} ${here} meets engines.${runtime} (>=${minimum}).`));
    }
  }
  return findings;
}

/** Every variable the mode needs has a value, in the env file or the environment. */
export function checkVariables(env: ProjectEnv, environment: NodeJS.ProcessEnv = process.env): Finding[] {
  const findings = [...checkAuthVariables(env, environment), ...checkUpstream(env, environment)];
  return findings;
}

/** The values the user brings: every upstream variable the code reads is set (never shown). */
export function checkUpstream(env: ProjectEnv, environment: NodeJS.ProcessEnv = process.env): Finding[] {
  // The mode's own (a client secret) are checked with the mode's variables.
  const findings: Finding[] = env.upstream.filter((v) => !env.vars.some((m) => m.name === v.name)).map((v) => {
    const listed = v.in.length === 1 && v.in[0] === env.exampleFile;
    const where = listed ? `listed in ${env.exampleFile}` : `read by ${v.in.slice(0, 3).join(', ')}${v.in.length > 3 ? ` and ${v.in.length - 3} more` : ''}`;
    if (env.values.get(v.name)) return ok('env', `${v.name} (${where}) is set in ${env.envFile}.`);
    if (environment[v.name]) return ok('env', `${v.name} (${where}) is set in the environment.`);
    return problem(
      'env',
      `${v.name} (${where}) is not set in ${env.envFile} or the environment: a value you bring, such as the key of an API the tools call.`,
      `${SET} ${v.name} (asks for the value without echoing it; or pipe it in)`,
    );
  });
  if (env.unreadableSources.length > 0) {
    findings.push({
      check: 'env',
      status: 'warning',
      message: `${env.unreadableSources.join(', ')} ${env.unreadableSources.length > 1 ? 'do' : 'does'} not parse, so the variables ${env.unreadableSources.length > 1 ? 'they read are' : 'it reads are'} not checked.`,
      fix: 'fix the syntax error (npm run typecheck shows it)',
    });
  }
  return findings;
}

function checkAuthVariables(env: ProjectEnv, environment: NodeJS.ProcessEnv): Finding[] {
  if (!env.auth) {
    const why = env.project.authUnreadable ?? 'its auth mode is not one create-mcify knows';
    return [{ check: 'env', status: 'skipped', message: `The auth mode's variables are unknown: ${why}.` }];
  }
  const findings = env.vars
    .filter((v) => !v.optional)
    .map((v) => {
      const local = env.values.get(v.name);
      if (local && local.length < minLengthOf(v)) {
        return problem(
          'env',
          `${v.name} in ${env.envFile} has ${local.length} characters, fewer than the ${minLengthOf(v)} it needs: a value this short can be guessed.`,
          `run ${GENERATE} --rotate ${v.name}`,
        );
      }
      if (local) return ok('env', `${v.name} is set in ${env.envFile}.`);
      if (environment[v.name]) return ok('env', `${v.name} is set in the environment.`);
      return problem(
        'env',
        `${v.name} is not set in ${env.envFile} or the environment, and the ${env.auth!.id} auth mode needs it.`,
        v.kind === 'secret' ? `run ${GENERATE}` : `set ${v.name} in ${env.envFile} (${v.description})`,
      );
    });
  for (const secret of secretsOf(env)) {
    const previous = `${secret.name}${PREVIOUS_SUFFIX}`;
    if (env.values.get(previous)) {
      findings.push({
        check: 'env',
        status: 'warning',
        message: `A rotation is in progress: the old ${secret.name} is still accepted as ${previous}.`,
        fix: `once every client has the new value, delete ${previous} from ${env.envFile} and your platform`,
      });
    }
  }
  if (env.vars.length === 0) findings.push(ok('env', `The ${env.auth.id} auth mode needs no variables.`));
  return findings;
}

/** The env file, when there is one, is readable by its owner only. */
export function checkFileMode(env: ProjectEnv): Finding[] {
  const path = join(env.project.root, env.envFile);
  if (!existsSync(path)) return [{ check: 'file-mode', status: 'skipped', message: `There is no ${env.envFile}; the variables come from the environment.` }];
  const mode = statSync(path).mode & 0o777;
  const shown = `0${mode.toString(8)}`;
  if ((mode & 0o077) === 0) return [ok('file-mode', `${env.envFile} is readable by you only (mode ${shown}).`)];
  return [problem('file-mode', `${env.envFile} is readable by other users of this machine (mode ${shown}).`, `chmod 600 ${env.envFile}`)];
}

/** The env file is ignored by git, not tracked, and in no commit of any branch. */
export async function checkGit(env: ProjectEnv): Promise<Finding[]> {
  const root = env.project.root;
  const file = env.envFile;
  const findings: Finding[] = [];
  findings.push(
    (await isIgnored(root, file))
      ? ok('git', `git ignores ${file}.`)
      : problem('git', `git does not ignore ${file}, so a commit could publish its secrets.`, `add a line "${file}" to .gitignore (${GENERATE} adds it)`),
  );
  if (!(await insideGitRepository(root))) {
    findings.push({ check: 'git', status: 'skipped', message: 'Not a git repository: tracking and history not checked.' });
    return findings;
  }
  const rotate = `rotate every secret in it (${GENERATE} --rotate), since its values are out`;
  if (await isTracked(root, file)) {
    findings.push(problem('git', `${file} is tracked by git: its secrets are in the repository.`, `git rm --cached ${file}, commit, then ${rotate}`));
    return findings;
  }
  const commits = await commitsTouching(root, file);
  findings.push(
    commits.length === 0
      ? ok('git', `${file} is not tracked and in no commit.`)
      : problem(
          'git',
          `${file} is in git history (${commits.length === 1 ? 'commit' : 'commits'} ${commits.slice(0, 5).join(', ')}).`,
          `${rotate}; if the repository was ever pushed, also rewrite history (git filter-repo --path ${file} --invert-paths)`,
        ),
  );
  return findings;
}

/** The example file lists exactly the names in use, with no secret values. */
export function checkExample(env: ProjectEnv): Finding[] {
  const file = env.exampleFile;
  if (!existsSync(join(env.project.root, file))) {
    return [problem('example', `There is no ${file} listing the variables the project reads.`, `run ${GENERATE}, which writes it (names only)`)];
  }
  const example = envValues(env.exampleLines);
  const needed = [...new Set([...env.vars.map((v) => v.name), ...env.upstream.map((v) => v.name), ...env.values.keys()])].filter((n) => !n.endsWith(PREVIOUS_SUFFIX));
  const findings: Finding[] = [];
  const missing = needed.filter((n) => !example.has(n));
  if (missing.length > 0) {
    findings.push(problem('example', `${file} is stale: it does not list ${missing.join(', ')}.`, `add a line "NAME=" for each (no values); ${GENERATE} adds the auth mode's`));
  }
  const unused = [...example.keys()].filter((n) => !needed.includes(n));
  if (unused.length > 0 && env.auth) {
    findings.push({
      check: 'example',
      status: 'warning',
      message: `${file} lists ${unused.join(', ')}, which neither the ${env.auth.id} auth mode nor ${env.envFile} uses.`,
      fix: `remove ${unused.length > 1 ? 'them' : 'it'} from ${file}, or set ${unused.length > 1 ? 'them' : 'it'} in ${env.envFile}`,
    });
  }
  const leaked = secretsOf(env).filter((v) => example.get(v.name));
  if (leaked.length > 0) {
    findings.push(problem('example', `${file} holds a value for ${leaked.map((v) => v.name).join(', ')}, and it is meant to be committed.`, `empty the value in ${file}, then rotate it (${GENERATE} --rotate)`));
  }
  if (findings.length === 0) findings.push(ok('example', `${file} lists the ${needed.length === 1 ? 'name' : `${needed.length} names`} in use (${needed.join(', ')}), without secret values.`));
  return findings;
}

/** The mcify packages are pinned to the one published version that installs. */
export function checkVersions(env: ProjectEnv): Finding[] {
  const { packageJson, root } = env.project;
  const declared = { ...packageJson.devDependencies, ...packageJson.dependencies };
  const pinned = Object.entries(VERSIONS).filter(([name]) => name.startsWith('@mcify/'));
  const findings: Finding[] = [];
  for (const [name, version] of pinned) {
    const spec = declared[name];
    if (spec === undefined) continue;
    const fix = `set "${name}": "${version}" in package.json and install again`;
    if (spec !== version) {
      const why = /^[\^~]?0\./.test(spec)
        ? `, a range no published version satisfies, so install fails (@mcify/cli's mcify init writes such ranges)`
        : ', not pinned exactly';
      findings.push(problem('versions', `${name} is "${spec}"${why}; ${version} is the version that works.`, fix));
      continue;
    }
    const installed = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) {
      findings.push({ check: 'versions', status: 'warning', message: `${name} is pinned to ${version} but not installed.`, fix: 'install the dependencies' });
      continue;
    }
    const have = (JSON.parse(readFileSync(installed, 'utf8')) as { version?: string }).version;
    findings.push(
      have === version
        ? ok('versions', `${name} is pinned to ${version} and installed.`)
        : problem('versions', `${name} is pinned to ${version} but ${have} is installed.`, 'install the dependencies again'),
    );
  }
  return findings;
}


/** Issuer-like URL settings (names ending in _ISSUER or _URL) use https outside this machine. */
export function checkUrls(env: ProjectEnv, environment: NodeJS.ProcessEnv = process.env): Finding[] {
  const names = [...new Set([...env.vars.map((v) => v.name), ...env.values.keys()])].filter((n) => /_(ISSUER|URL)$/.test(n));
  return names.flatMap((name) => {
    const value = env.values.get(name) || environment[name];
    if (!value) return [];
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return [problem('urls', `${name} is not a URL ("${value}").`, `set ${name} to an https:// URL`)];
    }
    const local = isLoopbackHost(url.hostname) || url.hostname.endsWith('.localhost');
    if (url.protocol === 'http:' && !local) {
      return [problem('urls', `${name} is ${url.origin}, plain http to another machine: tokens and codes would travel unencrypted.`, `use https://${url.host}${url.pathname === '/' ? '' : url.pathname}`)];
    }
    return [ok('urls', `${name} is ${url.protocol === 'https:' ? 'https' : 'local'} (${url.origin}).`)];
  });
}

export async function diagnose(env: ProjectEnv, runtimes: Runtimes = localRuntimes): Promise<Finding[]> {
  return [
    ...checkRuntime(env, runtimes),
    ...checkVariables(env),
    ...checkFileMode(env),
    ...(await checkGit(env)),
    ...checkExample(env),
    ...checkVersions(env),
    ...checkUrls(env),
  ];
}
