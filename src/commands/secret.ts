// `mcify secret generate | instructions | push`. Which secrets a project needs comes from its
// auth module, where they live from its target module (see src/secrets/project.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/errors.js';
import { out, setMachineOutput } from '../lib/output.js';
import { ensureIgnored, writeFileAtomic } from '../secrets/files.js';
import { editSecrets, parseBytes, parseEncoding, selectSecrets, type SecretAction } from '../secrets/generate.js';
import { acceptsPrevious, loadProjectEnv, requireAuth, type ProjectEnv } from '../secrets/project.js';

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
  if (names.length === 0) requireAuth(env, 'name the secrets to generate (create-mcify secret generate MY_SECRET)');
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

  if (print) process.stdout.write(`${edit.values.get(selected[0]!.name)}\n`);
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
        '  2. in production set the new values too: create-mcify secret push --platform <platform>;',
        '  3. give your clients the new value;',
        `  4. delete ${rotated.join(', ')} from ${file} and from your platform: then only the new value works.`,
      ].join('\n'),
    );
  }
}

export async function runSecretInstructions(_flags: Record<string, unknown>): Promise<void> {
  throw new UserError('mcify secret instructions is not available yet in this version of create-mcify.');
}
export async function runSecretPush(_flags: Record<string, unknown>): Promise<void> {
  throw new UserError('mcify secret push is not available yet in this version of create-mcify.');
}
