// The --login choices of the oauth-provider mode: who signs in on the consent page. `password` is
// the single owner of MCIFY_OWNER_PASSWORD; the others delegate the sign-in to an identity provider
// (OAuth 2.0 authorization code + PKCE at GitHub, OpenID Connect at Google or any OIDC issuer) and
// let in the people of an allow-list, each as their own subject.
import { isLoopbackHost } from '../../lib/hosts.js';
import type { EnvVar, ModeSettings, Target } from '../types.js';
import { targetModules } from '../targets/index.js';

export const LOGINS = ['password', 'github', 'google', 'oidc'] as const;
export type Login = (typeof LOGINS)[number];
type Delegated = Exclude<Login, 'password'>;

export const LOGIN_CHOICES = [
  { value: 'password', label: 'Owner password', hint: 'one person: whoever knows MCIFY_OWNER_PASSWORD (the default)' },
  { value: 'github', label: 'GitHub', hint: 'a team: GitHub accounts on an allow-list (e-mails, domains, an organisation)' },
  { value: 'google', label: 'Google', hint: 'a team: Google accounts on an allow-list (e-mails, Workspace domains)' },
  { value: 'oidc', label: 'OpenID Connect', hint: 'a team: accounts of any OIDC provider (Okta, Entra ID, Keycloak, Auth0...) on an allow-list' },
];

/** An OIDC issuer is an https URL (http only on this machine), without query or fragment. */
export function checkOidcIssuer(value: string): string | undefined {
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an https:// URL, exactly the "issuer" of the provider\'s /.well-known/openid-configuration';
  }
  if (url.search || url.hash) return 'must be the issuer URL alone, without ? or #';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return undefined;
  return 'must be an https:// URL (http:// only for localhost)';
}

interface Provider {
  readonly label: string;
  readonly prefix: string;
  /** Where the provider's console makes the client id and secret. */
  readonly console: string;
  /** What to create there. */
  readonly what: string;
  /** The template file of its login, under src/auth/logins/. */
  readonly module: string;
}

const PROVIDERS: Record<Delegated, Provider> = {
  github: {
    label: 'GitHub',
    prefix: 'MCIFY_GITHUB',
    console: 'https://github.com/settings/applications/new',
    what: 'a GitHub OAuth app (for an organisation: its Settings, Developer settings, OAuth apps)',
    module: 'github',
  },
  google: {
    label: 'Google',
    prefix: 'MCIFY_GOOGLE',
    console: 'https://console.cloud.google.com/apis/credentials',
    what: 'an OAuth client ID of type "Web application" (Create credentials, after the OAuth consent screen)',
    module: 'google',
  },
  oidc: {
    label: 'your OpenID provider',
    prefix: 'MCIFY_OIDC',
    console: "your provider's admin console",
    what: 'a confidential web application client (authorization code flow, scopes openid email profile)',
    module: 'oidc',
  },
};

/** The path of the route that takes the provider's answer (src/auth/upstream-login.ts). */
export const LOGIN_CALLBACK_PATH = '/login/callback';

export interface LoginContribution {
  readonly env: readonly EnvVar[];
  readonly templates: readonly string[];
  readonly dependencies: readonly string[];
  readonly context: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
  readonly tools: readonly { readonly name: string; readonly from: string }[];
}

/** What a delegated login adds to the oauth-provider mode; undefined for the owner password. */
export function loginContribution(login: Login, target: Target, settings: ModeSettings): LoginContribution | undefined {
  if (login === 'password') return undefined;
  const p = PROVIDERS[login];
  const envFile = targetModules[target]?.envFile ?? '.env';
  const local = `http://localhost:8888${LOGIN_CALLBACK_PATH}`;
  const production = `https://<your-host>${LOGIN_CALLBACK_PATH}`;
  const env: EnvVar[] = [
    ...(login === 'oidc'
      ? [
          {
            name: 'MCIFY_OIDC_ISSUER',
            kind: 'setting' as const,
            localValue: settings.oidcIssuer ?? '',
            description: 'Issuer URL of the OpenID provider people sign in with, exactly the "issuer" of its /.well-known/openid-configuration.',
          },
        ]
      : []),
    {
      name: `${p.prefix}_CLIENT_ID`,
      kind: 'setting',
      localValue: '',
      description: `Client id of this server at ${p.label} (${p.console}).`,
    },
    {
      name: `${p.prefix}_CLIENT_SECRET`,
      kind: 'upstream',
      description: `Client secret of this server at ${p.label}, from the same page as the client id. A secret: never commit it.`,
    },
    {
      name: 'MCIFY_ALLOWED_EMAILS',
      kind: 'setting',
      optional: true,
      localValue: '',
      description: 'Comma-separated e-mail addresses (verified at the provider) that may sign in. Empty, with the other allow-lists empty too: no one may.',
    },
    {
      name: 'MCIFY_ALLOWED_DOMAINS',
      kind: 'setting',
      optional: true,
      localValue: '',
      description:
        login === 'google'
          ? 'Comma-separated Google Workspace domains (the ID token\'s "hd") whose accounts may sign in, e.g. example.com.'
          : 'Comma-separated e-mail domains whose verified addresses may sign in, e.g. example.com.',
    },
    ...(login === 'github'
      ? [
          {
            name: 'MCIFY_GITHUB_ORG',
            kind: 'setting' as const,
            optional: true,
            localValue: '',
            description: 'A GitHub organisation whose members may sign in (the login, e.g. my-company); the app then asks for read:org.',
          },
          {
            name: 'MCIFY_GITHUB_URL',
            kind: 'setting' as const,
            optional: true,
            localValue: '',
            description: 'Only for GitHub Enterprise Server or tests: the web origin of GitHub. Empty: https://github.com.',
          },
          {
            name: 'MCIFY_GITHUB_API_URL',
            kind: 'setting' as const,
            optional: true,
            localValue: '',
            description: 'Only for GitHub Enterprise Server or tests: the REST API origin. Empty: https://api.github.com.',
          },
        ]
      : []),
    ...(login === 'google'
      ? [
          {
            name: 'MCIFY_GOOGLE_ISSUER',
            kind: 'setting' as const,
            optional: true,
            localValue: '',
            description: 'Only for tests: another OpenID issuer in place of Google. Empty: https://accounts.google.com.',
          },
        ]
      : []),
  ];
  return {
    env,
    // Shared sign-in code, the OpenID Connect client (Google and generic OIDC), the provider's own file.
    templates: ['auth/oauth-provider.login', ...(login === 'github' ? [] : ['auth/oauth-provider.login-openid']), `auth/oauth-provider.login-${login}`],
    dependencies: login === 'github' ? [] : ['jose'],
    context: {
      login,
      delegated: true,
      loginLabel: p.label,
      loginModule: p.module,
      github: login === 'github',
      google: login === 'google',
      oidc: login === 'oidc',
      loginConsole: p.console,
      loginWhat: p.what,
      loginPrefix: p.prefix,
      callbackLocal: local,
      callbackProduction: production,
    },
    // The per-user example tool (src/tools/notes.ts).
    tools: [{ name: 'notes', from: './src/tools/notes.js' }],
    notes: [
      login === 'github'
        ? `Sign-in with GitHub: create ${p.what} at ${p.console}. A GitHub OAuth app has one callback URL, so make one app for each:`
        : `Sign-in with ${p.label}: create ${p.what} at ${p.console}, with these callback (redirect) URLs:`,
      `  ${local}   (local development)`,
      `  ${production}   (production; MCIFY_ISSUER=https://<your-host>)`,
      `Then set ${login === 'oidc' && !settings.oidcIssuer ? 'MCIFY_OIDC_ISSUER, ' : ''}${p.prefix}_CLIENT_ID and ${p.prefix}_CLIENT_SECRET in ${envFile}, and who may sign in: MCIFY_ALLOWED_EMAILS, MCIFY_ALLOWED_DOMAINS${login === 'github' ? ' or MCIFY_GITHUB_ORG' : ''} (empty: no one). The server does not start without the client id and secret.`,
    ],
  };
}
