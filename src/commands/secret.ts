// `mcify secret generate | instructions | push`. Which secrets a project needs comes from its
// auth module, where they live from its target module (see src/secrets/project.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { CancelledError, UserError } from '../lib/errors.js';
import { interactiveTerminal, out, setMachineOutput } from '../lib/output.js';
import type { Target } from '../modules/types.js';
import { parseEnv, printEnv, upsertEnv } from '../lib/env-file.js';
import { ensureIgnored, writeFileAtomic } from '../secrets/files.js';
import { editSecrets, parseBytes, parseEncoding, selectSecrets, type SecretAction } from '../secrets/generate.js';
import { deploysTarget, platformById, platforms, type Platform, type PlatformContext, type PushStep } from '../secrets/platforms/index.js';
import {
  acceptsPrevious,
  ENV_NAME,
  loadProjectEnv,
  minLengthOf,
  namesToShip,
  PREVIOUS_SUFFIX,
  requireAuth,
  resourceName,
  shippableSecrets,
  type ProjectEnv,
} from '../secrets/project.js';

const SECRET_FILE_MODE = 0o600;

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

export async function runSecretGenerate(names: string[], flags: Record<string, unknown>): Promise<void> {
  const print = Boolean(flags.print);
  if (print && flags.json) throw new UserError('--print and --json cannot be combined: --print writes the value alone on stdout.');
  setMachineOutput(print || Boolean(flags.json));
  const bytes = parseBytes(flags.length);
  const encoding = parseEncoding(flags.encoding);
  const env = loadProjectEnv(String(flags.cwd ?? '.'));
  if (names.length === 0) requireAuth(env, 'name the secrets to generate (npx create-mcify secret generate MY_SECRET)');
  // A value to bring: read by the project's code, or listed in the example with no value here. One
  // only listed there that holds a value already (an earlier `secret generate NAME`) may be rotated.
  const brought = names.find((n) => env.upstream.some((v) => v.name === n && (v.in.some((file) => file !== env.exampleFile) || !env.values.get(n))));
  if (brought) throw new UserError(`${brought} is a value you bring (the code reads it), not one to generate; set it with npx create-mcify secret set ${brought}.`);
  const selected = selectSecrets(env.vars, names);
  if (selected.length === 0) {
    out.info(`The ${env.auth!.id} auth mode needs no secrets; nothing to generate.`);
    if (flags.json) out.json({ envFile: env.envFile, secrets: [] });
    return;
  }
  if (print && selected.length > 1) {
    throw new UserError(`--print writes one value, and this would touch ${selected.map((s) => s.name).join(', ')}; name one of them.`);
  }

  const root = env.project.root;
  const envPath = join(root, env.envFile);
  const examplePath = join(root, env.exampleFile);
  const before = { env: read(envPath), example: read(examplePath) };
  const edit = editSecrets(before.env, before.example, env.vars, selected, {
    rotate: Boolean(flags.rotate),
    bytes,
    ...(encoding ? { encoding } : {}),
    acceptsPrevious: (name) => acceptsPrevious(root, name),
  });

  const modeWas = existsSync(envPath) ? statSync(envPath).mode & 0o777 : undefined;
  const envChanged = edit.envText !== before.env || modeWas !== SECRET_FILE_MODE;
  if (envChanged) writeFileAtomic(envPath, edit.envText, SECRET_FILE_MODE);
  const exampleChanged = edit.exampleText !== before.example;
  if (exampleChanged) writeFileAtomic(examplePath, edit.exampleText, 0o644);
  const ignoreAdded = await ensureIgnored(root, env.envFile);

  if (print) out.raw(`${edit.values.get(selected[0]!.name)}\n`);
  if (flags.json) {
    out.json({
      envFile: env.envFile,
      secrets: edit.actions.map(({ name, action, ...rest }) => ({ name, action, ...('previous' in rest ? { previous: rest.previous } : {}) })),
      exampleUpdated: exampleChanged,
      gitignoreUpdated: ignoreAdded,
      ...(modeWas !== undefined && modeWas !== SECRET_FILE_MODE ? { modeFixed: `0${modeWas.toString(8)} -> 0600` } : {}),
    });
    return;
  }
  reportGenerate(env, edit.actions, { bytes, modeWas, exampleChanged, ignoreAdded });
}

function reportGenerate(
  env: ProjectEnv,
  actions: readonly SecretAction[],
  facts: { bytes: number; modeWas?: number; exampleChanged: boolean; ignoreAdded: boolean },
) {
  const file = env.envFile;
  for (const a of actions) {
    if (a.action === 'kept') out.info(`${a.name} is already set in ${file}; kept it (pass --rotate to replace it).`);
    if (a.action === 'generated') out.success(`Generated ${a.name} in ${file} (${facts.bytes * 8} random bits).`);
    if (a.action === 'replaced') {
      out.success(`Replaced ${a.name} in ${file}.`);
      out.warn(`This project's auth does not read ${a.name}_PREVIOUS, so the old value stops working as soon as the server restarts.`);
    }
    if (a.action === 'rotated') {
      out.success(`Rotated ${a.name} in ${file}; the old value stays accepted as ${a.previous}.`);
      if (a.droppedPrevious) out.warn(`The value rotated out before (the old ${a.previous}) is no longer accepted.`);
    }
  }
  if (facts.modeWas !== undefined && facts.modeWas !== SECRET_FILE_MODE) {
    out.success(`Set ${file} to mode 0600 (it was 0${facts.modeWas.toString(8)}), so only you can read it.`);
  }
  if (facts.exampleChanged) out.success(`Updated ${env.exampleFile} (names only, no values).`);
  if (facts.ignoreAdded) out.success(`Added ${file} to .gitignore.`);
  if (actions.every((a) => a.action === 'kept') && !facts.exampleChanged && !facts.ignoreAdded) {
    out.info(`Already up to date: nothing was written.`);
  }
  const rotated = actions.filter((a) => a.action === 'rotated').map((a) => a.previous);
  if (rotated.length > 0) {
    out.info(
      [
        'To finish the rotation:',
        '  1. restart the server (locally it reads the env file at start);',
        '  2. in production set the new values too: npx create-mcify secret push --platform <platform>;',
        '  3. give your clients the new value;',
        `  4. delete ${rotated.join(', ')} from ${file} and from your platform: then only the new value works.`,
      ].join('\n'),
    );
  }
}

/** "Cloudflare Workers deploys workers projects and this one targets node", and the platforms that fit. */
function mismatch(platform: Platform, target: Target): { why: string; instead: string } {
  const fitting = platforms.filter((p) => deploysTarget(p, target)).map((p) => p.id);
  return {
    why: `${platform.label} deploys ${platform.targets!.join(' or ')} projects and this one targets ${target}`,
    instead: `${fitting.slice(0, -1).join(', ')} or ${fitting.at(-1)}`,
  };
}

export async function runSecretInstructions(flags: Record<string, unknown>): Promise<void> {
  const given = flags.platform === undefined ? undefined : platformById(flags.platform);
  const env = loadProjectEnv(String(flags.cwd ?? '.'));
  const target = env.project.target;
  // Without --platform, the platforms this project can be deployed on; a named one is shown anyway.
  const chosen = given ? [given] : platforms.filter((p) => deploysTarget(p, target));
  if (given && !deploysTarget(given, target)) {
    const { why, instead } = mismatch(given, target);
    out.warn(`${why}: these commands would not deploy it (for ${target}: --platform ${instead}).`);
  }
  const auth = requireAuth(env, 'its secrets are unknown');
  const generated = namesToShip(env);
  const brought = env.upstream.map((v) => v.name);
  const names = [...generated, ...brought];
  if (names.length === 0) {
    out.info(`The ${auth.id} auth mode needs no secrets and the code reads no other variables; there is nothing to set on a platform.`);
    return;
  }
  const context: PlatformContext = { name: resourceName(env), envFile: env.envFile, names };
  const unset = generated.find((n) => n.endsWith(PREVIOUS_SUFFIX)) ?? `${generated[0] ?? ''}${PREVIOUS_SUFFIX}`;
  const rotates = generated.length > 0 && acceptsPrevious(env.project.root, unset.slice(0, -PREVIOUS_SUFFIX.length));
  const parts = [
    generated.length > 0 ? `${generated.join(', ')} (the ${auth.id} auth mode's, generated)` : '',
    brought.length > 0 ? `${brought.join(', ')} (${brought.length > 1 ? 'values' : 'a value'} you bring: the code reads ${brought.length > 1 ? 'them' : 'it'})` : '',
  ].filter(Boolean);
  out.info(
    `${context.name} (${auth.id} auth) needs ${parts.join(' and ')}. These commands read the values from ${env.envFile} ` +
      'in a pipe, so none lands in your shell history or a process list.',
  );
  const missing = generated.filter((n) => !env.values.get(n));
  if (missing.length > 0) out.warn(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set in ${env.envFile} yet: run npx create-mcify secret generate first.`);
  for (const name of brought.filter((n) => !env.values.get(n))) {
    out.warn(`${name} is not set in ${env.envFile} yet: set it with npx create-mcify secret set ${name} (the value is asked for, not echoed).`);
  }
  for (const platform of chosen) {
    const lines = platform.instructions(context);
    if (!('refusal' in platform.push)) lines.push(`# or let create-mcify run it: npx create-mcify secret push --platform ${platform.id}`);
    if (rotates) lines.push(`# after a rotation, once clients have the new value: ${platform.unset(unset, context)}`);
    out.info(`\n## ${platform.label} (--platform ${platform.id})\n${lines.join('\n')}`);
  }
  const others = given ? [] : platforms.filter((p) => !deploysTarget(p, target));
  if (others.length > 0) out.info(out.dim(`\nNot listed, for other targets than ${target}: ${others.map((p) => p.id).join(', ')}.`));
}

export async function runSecretPush(flags: Record<string, unknown>): Promise<void> {
  const platform = platformById(flags.platform);
  if ('refusal' in platform.push) throw new UserError(platform.push.refusal);
  const env = loadProjectEnv(String(flags.cwd ?? '.'));
  if (!deploysTarget(platform, env.project.target)) {
    const { why, instead } = mismatch(platform, env.project.target);
    throw new UserError(`${why}, so nothing was run; use --platform ${instead}.`);
  }
  const auth = requireAuth(env, 'its secrets are unknown');
  // Upstream values the user has not set locally may live on the platform already: left alone.
  const unsetUpstream = env.upstream.filter((v) => !env.values.get(v.name)).map((v) => v.name);
  const upstream = env.upstream.filter((v) => env.values.get(v.name)).map((v) => ({ name: v.name, value: env.values.get(v.name)! }));
  const secrets = [...shippableSecrets(env), ...upstream];
  if (unsetUpstream.length > 0) {
    out.warn(`${unsetUpstream.join(', ')} ${unsetUpstream.length > 1 ? 'are' : 'is'} not set in ${env.envFile}, so not pushed: set ${unsetUpstream.length > 1 ? 'them' : 'it'} with npx create-mcify secret set NAME, or on the platform.`);
  }
  if (secrets.length === 0) {
    out.info(`The ${auth.id} auth mode needs no secrets and no other variable has a value; there is nothing to push.`);
    return;
  }
  const context: PlatformContext = { name: resourceName(env), envFile: env.envFile, names: secrets.map((s) => s.name) };
  const steps = platform.push(context, secrets);
  out.info(`To set ${context.names.join(', ')} on ${platform.label}, this runs in ${env.project.root}:`);
  for (const step of steps) out.info(`  ${[step.command, ...step.args].join(' ')}   ${out.dim(`(stdin: ${step.stdin})`)}`);
  if (flags.dryRun) {
    out.info('Dry run: nothing was run.');
    return;
  }
  if (!flags.yes && !(await confirmRun())) {
    out.info('Nothing was run.');
    return;
  }
  const done: string[] = [];
  for (const step of steps) {
    await runStep(env.project.root, step, done);
    done.push(...step.names);
  }
  out.success(`Set ${context.names.join(', ')} on ${platform.label}.`);
  const previous = context.names.filter((n) => n.endsWith(PREVIOUS_SUFFIX));
  if (previous.length > 0) {
    out.info(
      `Once every client has the new value, finish the rotation: delete ${previous.join(', ')} from ${env.envFile} and run ` +
        previous.map((n) => platform.unset(n, context)).join('; '),
    );
  }
}

/** Asks before running a platform CLI: only at a terminal; without one, --yes is required. */
async function confirmRun(): Promise<boolean> {
  if (!interactiveTerminal()) {
    throw new UserError('secret push asks before it runs anything, and there is no terminal to ask in; pass --yes to run it, or --dry-run to only show it.');
  }
  const p = await import('@clack/prompts');
  const answer = await p.confirm({ message: 'Run it?', initialValue: false });
  if (p.isCancel(answer)) throw new CancelledError();
  return answer;
}

async function runStep(root: string, step: PushStep, done: readonly string[]): Promise<void> {
  const shown = [step.command, ...step.args].join(' ');
  const sofar = done.length > 0 ? ` ${done.join(', ')} ${done.length > 1 ? 'were' : 'was'} set before it.` : ' Nothing was set.';
  try {
    // The value goes in on stdin only; local node_modules/.bin (e.g. wrangler) wins over PATH.
    await execa(step.command, [...step.args], {
      cwd: root,
      input: step.input,
      stdout: 'inherit',
      stderr: 'inherit',
      preferLocal: true,
    });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    if (e.code === 'ENOENT') throw new UserError(`${step.command} is not installed or not on PATH; install it, log in, and run again.${sofar}`);
    throw new UserError(`${shown} failed (exit ${e.exitCode ?? '?'}, see above); fix the cause and run again.${sofar}`);
  }
}

/**
 * `secret set NAME`: a value the user brings (an upstream API key, a token of their own) into the
 * env file without a shell-history trace: a hidden prompt on a terminal, else stdin (one trailing
 * newline dropped). The env file stays 0600 and git-ignored; the example gets `NAME=` (no value).
 */
export async function runSecretSet(name: string, flags: Record<string, unknown>, readValue?: () => Promise<string>): Promise<void> {
  setMachineOutput(Boolean(flags.json));
  if (!ENV_NAME.test(name)) throw new UserError(`"${name}" is not a variable name; use letters, digits and _ (e.g. KHIPU_API_KEY).`);
  const env = loadProjectEnv(String(flags.cwd ?? '.'));
  const value = await (readValue ?? (() => readSecretValue(name)))();
  if (value === '') throw new UserError(`No value was given for ${name}; nothing was written.`);
  if (/[\r\n]/.test(value)) throw new UserError(`The value for ${name} spans several lines, which ${env.envFile} cannot hold; nothing was written.`);
  const root = env.project.root;
  const envPath = join(root, env.envFile);
  const examplePath = join(root, env.exampleFile);
  const secret = env.vars.find((v) => v.name === name && v.kind === 'secret');
  if (secret && value.length < minLengthOf(secret)) {
    throw new UserError(
      `${name} needs at least ${minLengthOf(secret)} characters (a shorter one can be guessed) and this value has ${value.length}; give a longer one, or let npx create-mcify secret generate --rotate ${name} make one. Nothing was written.`,
    );
  }
  const known = [...env.vars, ...env.upstream.map((v) => ({ name: v.name, description: `Read by ${v.in.join(', ')}; a value you bring.` }))].find((v) => v.name === name);
  const comment = known?.description ?? 'A value you bring (set with npx create-mcify secret set).';
  const before = read(envPath);
  const edited = upsertEnv(parseEnv(before), [{ name, value, comment }], { replace: true });
  const envText = printEnv(edited.lines);
  if (envText !== before || !existsSync(envPath) || (statSync(envPath).mode & 0o777) !== SECRET_FILE_MODE) writeFileAtomic(envPath, envText, SECRET_FILE_MODE);
  const example = read(examplePath);
  const exampleText = printEnv(upsertEnv(parseEnv(example), [{ name, value: '', comment }]).lines);
  if (exampleText !== example) writeFileAtomic(examplePath, exampleText, 0o644);
  const ignoreAdded = await ensureIgnored(root, env.envFile);
  if (flags.json) {
    out.json({ envFile: env.envFile, name, changed: edited.changed.includes(name), exampleUpdated: exampleText !== example, gitignoreUpdated: ignoreAdded });
    return;
  }
  out.success(edited.changed.includes(name) ? `Set ${name} in ${env.envFile} (mode 0600; the value is not shown).` : `${name} already has this value in ${env.envFile}; nothing changed.`);
  if (exampleText !== example) out.success(`Added ${name} to ${env.exampleFile} (the name only).`);
  if (ignoreAdded) out.success(`Added ${env.envFile} to .gitignore.`);
}

/** The value: typed at a hidden prompt on a terminal, else read from stdin. */
async function readSecretValue(name: string): Promise<string> {
  if (process.stdin.isTTY) {
    if (!interactiveTerminal()) throw new UserError(`Pipe the value of ${name} on stdin (printf '%s' "$VALUE" | ...), or run this at a terminal.`);
    const p = await import('@clack/prompts');
    const value = await p.password({ message: `Value of ${name} (not shown)` });
    if (p.isCancel(value)) throw new CancelledError();
    return value;
  }
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}
