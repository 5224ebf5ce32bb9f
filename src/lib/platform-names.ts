// Names written for a platform (wrangler.jsonc, DEPLOY.md and README commands) from the package
// name. Each platform has its own rules, and an npm name such as `my.server` or `a_b` breaks
// several of them; one function per rule set turns any package name into a name that platform
// accepts, and `suffix` (e.g. "-data") is kept whole within the length limit.
import { FALLBACK_NAME } from './names.js';

interface Rules {
  /** Characters allowed anywhere; each run of others becomes `separator`. */
  readonly allowed: RegExp;
  readonly separator: string;
  /** Characters a name must start and end with. */
  readonly edge: RegExp;
  readonly max: number;
  /** The shortest name accepted (with the suffix); shorter ones take the fallback. */
  readonly min?: number;
  readonly lowercase: boolean;
}

function conform(name: string, suffix: string, rules: Rules): string {
  const bare = name.replace(/^@[^/]+\//, ''); // the scope is npm's, not the platform's
  const cased = rules.lowercase ? bare.toLowerCase() : bare;
  const trim = (text: string) => {
    let start = 0;
    let end = text.length;
    while (start < end && !rules.edge.test(text[start]!)) start += 1;
    while (end > start && !rules.edge.test(text[end - 1]!)) end -= 1;
    return text.slice(start, end);
  };
  const clean = (text: string) =>
    [...text].map((c) => (rules.allowed.test(c) ? c : '\0')).join('').replace(/\0+/g, rules.separator);
  const base = trim(trim(clean(cased)).slice(0, rules.max - suffix.length));
  return base === '' || base.length + suffix.length < (rules.min ?? 1) ? `${FALLBACK_NAME}${suffix}` : `${base}${suffix}`;
}

const DNS_LABEL: Rules = { allowed: /[a-z0-9-]/, separator: '-', edge: /[a-z0-9]/, max: 63, lowercase: true };

/**
 * A Cloudflare Worker name (wrangler.jsonc `name`, also its D1 database names): lowercase
 * letters, digits and "-", not starting or ending with "-", at most 63 characters (the label of
 * `<name>.<subdomain>.workers.dev`; wrangler and create-cloudflare refuse anything else).
 */
export function workerName(name: string, suffix = ''): string {
  return conform(name, suffix, DNS_LABEL);
}

/**
 * A Kubernetes object name of the strictest kind, an RFC 1123 DNS label (containers; also valid
 * where a DNS subdomain is asked, as for Secrets): [a-z0-9-], alphanumeric at both ends, at most
 * 63 characters.
 */
export function kubernetesName(name: string, suffix = ''): string {
  return conform(name, suffix, DNS_LABEL);
}

/**
 * A Docker image repository name (`docker build -t`): lowercase alphanumeric components joined by
 * ".", "_", "__" or dashes, so it starts and ends alphanumeric; no two separators of different
 * kinds side by side; 255 characters at most for the whole reference, 128 kept here.
 */
export function dockerImageName(name: string, suffix = ''): string {
  const loose = conform(name, suffix, { allowed: /[a-z0-9._-]/, separator: '-', edge: /[a-z0-9]/, max: 128, lowercase: true });
  // "a._b", "a..b" and "a___b" are not separators Docker accepts: such runs become one "-".
  return loose.replace(/[._-]{2,}/g, (run) => (/^-+$/.test(run) || run === '__' ? run : '-'));
}

/** A Docker volume name (`docker run -v <name>:/path`): [a-zA-Z0-9][a-zA-Z0-9_.-]+, so two characters at least. */
export function dockerVolumeName(name: string, suffix = ''): string {
  return conform(name, suffix, { allowed: /[a-zA-Z0-9_.-]/, separator: '-', edge: /[a-zA-Z0-9]/, max: 255, min: 2, lowercase: false });
}

/**
 * An MCP server name for `claude mcp add`: Claude Code accepts letters, digits, "-" and "_" only
 * ("Invalid name ..."); 64 at most, as the tool names it becomes part of.
 */
export function claudeServerName(name: string): string {
  return conform(name, '', { allowed: /[a-zA-Z0-9_-]/, separator: '-', edge: /[a-zA-Z0-9]/, max: 64, lowercase: false });
}
