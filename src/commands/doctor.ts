// `mcify doctor`: env files, secrets, git hygiene, pinned versions and URLs of a project. Prints
// each finding with its fix; exits 1 when anything is wrong.
import { UserError } from '../lib/errors.js';
import { out, setMachineOutput } from '../lib/output.js';
import { diagnose, type Finding } from '../secrets/doctor.js';
import { loadProjectEnv } from '../secrets/project.js';

const SYMBOL: Record<Finding['status'], string> = { ok: '✔', problem: '✖', warning: '!', skipped: '-' };

/** Flags that only mean something with --remote (src/program.ts sends --remote runs to src/remote/run.ts). */
const REMOTE_ONLY = ['auth', 'tokenEnv', 'client', 'origin', 'call', 'register', 'timeout'];
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export async function runDoctor(flags: Record<string, unknown>): Promise<void> {
  const stray = REMOTE_ONLY.filter((key) => flags[key] !== undefined).map(flagName);
  if (stray.length > 0) throw new UserError(`${stray.join(', ')} ${stray.length > 1 ? 'work' : 'works'} only with --remote <url>; add it or leave ${stray.length > 1 ? 'them' : 'it'} out.`);
  setMachineOutput(Boolean(flags.json));
  const env = loadProjectEnv(String(flags.cwd ?? '.'));
  const findings = await diagnose(env);
  const problems = findings.filter((f) => f.status === 'problem').length;
  if (problems > 0) process.exitCode = 1;
  const { root, auth, target } = env.project;
  if (flags.json) {
    out.json({ root, auth: auth ?? null, target, ok: problems === 0, problems, findings });
    return;
  }
  out.info(`Checking ${root} (${auth ?? 'unknown'} auth on ${target})`);
  for (const f of findings) {
    out.info(`${SYMBOL[f.status]} ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
  }
  const warnings = findings.filter((f) => f.status === 'warning').length;
  const tail = warnings > 0 ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : '';
  out.info(problems === 0 ? `No problems found${tail}.` : `${problems} problem${problems > 1 ? 's' : ''} found${tail}; fix ${problems > 1 ? 'them' : 'it'} and run doctor again.`);
}
