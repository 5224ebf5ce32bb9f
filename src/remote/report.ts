// What `doctor --remote` prints: a table of checks, then one verdict per client profile; or, with
// --json, one document of the shape documented in README.md (section "doctor --remote").
import { CHECKS, type CheckResult } from './checks.js';
import type { ProfileVerdict } from './profiles.js';

export interface RemoteReport {
  readonly url: string;
  /** The auth mode checked, and where it came from. */
  readonly auth: string;
  readonly authFrom: 'flag' | 'project' | 'detected';
  /** Where the credential came from ("MCIFY_AUTH_TOKEN from .env"), never its value; null without one. */
  readonly credential: string | null;
  /** The web origin the CORS checks used as an allowed one. */
  readonly origin: string;
  /** True when no profile that counts (those of --client, else all) fails. */
  readonly ok: boolean;
  /** The profiles --client asked about; null when it was not given (then all count). */
  readonly asked: readonly string[] | null;
  readonly checks: readonly (CheckResult & { readonly title: string })[];
  readonly profiles: readonly ProfileVerdict[];
}

const LABEL = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const;

/** The report as text for a terminal: one row per check (fix on the next line), then the verdicts. */
export function formatReport(report: RemoteReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const pad = ' '.repeat(width + 10);
  const lines = [
    `Checking ${report.url} (${report.auth} auth, ${report.authFrom === 'detected' ? 'inferred from its 401' : `from the ${report.authFrom === 'flag' ? '--auth flag' : 'project'}`}; ${report.credential ? `credential ${report.credential}` : 'no credential'})`,
    '',
    'Checks',
    ...report.checks.flatMap((c) => [
      `  ${LABEL[c.status]}  ${c.id.padEnd(width)}  ${c.detail}`,
      ...(c.fix ? [`${pad}fix: ${c.fix}`] : []),
    ]),
    '',
    'Clients',
    ...report.profiles.flatMap((p) => [
      `  ${LABEL[p.verdict]}  ${p.name} [${p.id}]`,
      ...p.because.map((b) => `          ${b.check} (${b.status}): ${b.reason}`),
    ]),
    '',
  ];
  const counted = report.profiles.filter((p) => !report.asked || report.asked.includes(p.id));
  const failing = counted.filter((p) => p.verdict === 'fail');
  lines.push(
    failing.length === 0
      ? `No client profile fails${counted.some((p) => p.verdict === 'warn') ? ' (read the warnings above)' : ''}.`
      : `${failing.length} of ${counted.length} client profile${counted.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} (${failing.map((p) => p.id).join(', ')}): apply the fixes above and run doctor --remote again.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The check results with their titles, for the JSON document. */
export const titled = (results: readonly CheckResult[]) => results.map((r) => ({ ...r, title: CHECKS[r.id] }));
