import type { UpstreamUser } from './logins/provider.js';

/**
 * Who may sign in: nobody unless a list names them. An account passes with a verified e-mail in
 * MCIFY_ALLOWED_EMAILS, a verified e-mail (Google: a Workspace `hd`) in MCIFY_ALLOWED_DOMAINS, or,
 * on GitHub, a membership of MCIFY_GITHUB_ORG. Every list empty means no one: there is no "any
 * account at the provider" default.
 */
export interface AllowList {
  readonly emails: readonly string[];
  readonly domains: readonly string[];
  /** The GitHub organisation, when the login is GitHub and one is set. */
  readonly githubOrg: string | null;
  /** Google: domains are matched against the account's Workspace `hd`, not its address. */
  readonly domainsAreHostedDomains: boolean;
  /** The settings that fill the list, for the messages. */
  readonly settings: readonly string[];
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

export function loadAllowList(env: Record<string, string | undefined>, options: { google?: boolean; github?: boolean } = {}): AllowList {
  return {
    emails: list(env['MCIFY_ALLOWED_EMAILS']),
    domains: list(env['MCIFY_ALLOWED_DOMAINS']).map((d) => d.replace(/^@/, '')),
    githubOrg: options.github ? env['MCIFY_GITHUB_ORG']?.trim() || null : null,
    domainsAreHostedDomains: Boolean(options.google),
    settings: ['MCIFY_ALLOWED_EMAILS', 'MCIFY_ALLOWED_DOMAINS', ...(options.github ? ['MCIFY_GITHUB_ORG'] : [])],
  };
}

/** Null when `user` may sign in, else the reason, naming the setting to change. */
export function refusal(user: UpstreamUser, allow: AllowList): string | null {
  if (allow.emails.length === 0 && allow.domains.length === 0 && !allow.githubOrg) {
    return `No one may sign in yet: the server's allow-list is empty. Its operator sets ${allow.settings.join(' or ')}.`;
  }
  if (user.email && allow.emails.includes(user.email)) return null;
  const domain = allow.domainsAreHostedDomains ? user.hostedDomain : (user.email?.split('@')[1] ?? null);
  if (domain && allow.domains.includes(domain.toLowerCase())) return null;
  if (allow.githubOrg && user.orgMember) return null;
  const who = user.email ?? user.subject['login'] ?? user.subject.sub;
  return `${who} is not allowed on this server: its operator adds the account to ${allow.settings.join(' or ')}.`;
}
