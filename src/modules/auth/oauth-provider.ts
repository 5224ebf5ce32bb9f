import type { AuthModule, Contribution, ModeSettings, Target } from '../types.js';
import { LOGINS, LOGIN_CHOICES, checkOidcIssuer, loginContribution, type Login } from './oauth-provider-logins.js';

/** The store a project gets: Workers always use D1 (its SQLite); node and bun choose with --store. */
function storeOf(target: Target, settings: ModeSettings): 'sqlite' | 'postgres' | 'd1' {
  if (target === 'workers') return 'd1';
  return settings.store === 'postgres' ? 'postgres' : 'sqlite';
}

const STORE_LABELS = {
  sqlite: { node: 'SQLite file (node:sqlite)', bun: 'SQLite file (bun:sqlite)' },
  d1: 'Cloudflare D1',
  postgres: 'PostgreSQL',
} as const;

export const oauthProvider: AuthModule = {
  id: 'oauth-provider',
  label: 'OAuth 2.1 provider ("Connect Claude")',
  hint: 'the server is its own OAuth server: clients register, the owner approves once in the browser',
  challengeScheme: 'Bearer',
  ctxAuthType: 'oauth_provider',
  routes: 'the OAuth endpoints, the consent page where the owner approves a client, and their rate and body limits',
  config: {
    imports: [
      { from: '@mcify/core', names: ['oauthProvider'] },
      // The project's own store and consent step; MCIFY_ISSUER is applied by src/app.ts.
      { from: './src/auth/index.js', names: ['authorize', 'store'] },
    ],
    expression: 'oauthProvider({ store, authorize })',
  },
  options: [
    {
      key: 'store',
      flag: '--store',
      valueName: 'store',
      description: 'where OAuth clients and tokens are kept (sqlite: built into the runtime; postgres: DATABASE_URL)',
      message: 'Where should the server keep OAuth clients and tokens?',
      choices: [
        { value: 'sqlite', label: 'SQLite file', hint: 'built into the runtime (node:sqlite, Node >= 22.13; bun:sqlite); no database server' },
        { value: 'postgres', label: 'PostgreSQL', hint: 'DATABASE_URL; for several instances or machines' },
      ],
      default: () => 'sqlite',
      targets: ['node', 'bun'],
      required: false,
    },
    {
      key: 'login',
      flag: '--login',
      valueName: 'login',
      description: 'how people sign in on the consent page (password: one owner; github, google, oidc: a team, one user per account)',
      message: 'How do people sign in when an MCP client connects?',
      choices: LOGIN_CHOICES,
      default: () => 'password',
      required: false,
    },
    {
      key: 'oidcIssuer',
      flag: '--oidc-issuer',
      valueName: 'url',
      description: 'issuer URL of the OpenID provider people sign in with (empty: fill in MCIFY_OIDC_ISSUER later)',
      message: 'Issuer URL of your OpenID provider (e.g. https://id.example.com; leave empty to fill in MCIFY_OIDC_ISSUER later)',
      default: () => '',
      validate: checkOidcIssuer,
      when: { key: 'login', values: ['oidc'] },
      required: false,
    },
  ],
  contribute(target, settings): Contribution {
    const store = storeOf(target, settings);
    const login: Login = LOGINS.includes(settings.login as Login) ? (settings.login as Login) : 'password';
    const delegated = loginContribution(login, target, settings);
    const storeLayers =
      store === 'postgres'
        ? ['auth/oauth-provider.postgres']
        : ['auth/oauth-provider.sqlite', `auth/oauth-provider.${target}-${store}`];
    return {
      dependencies: [
        // ipaddr.js: which addresses a client metadata document may be fetched from (src/auth/client-metadata.ts).
        'ipaddr.js',
        ...(store === 'postgres' ? ['postgres'] : []),
        ...(delegated?.dependencies ?? []),
      ],
      env: [
        ...(delegated?.env ?? []),
        {
          name: 'MCIFY_OWNER_PASSWORD',
          kind: 'secret',
          description: delegated
            ? 'Password of the owner for POST /owner/revoke-grants (people sign in at the provider, not with it); a new value signs the owner out.'
            : 'Password the owner types on the consent page when an MCP client (e.g. Claude) connects, and sends to POST /owner/revoke-grants; a new value signs the owner out.',
          minLength: 16, // src/auth/settings.ts refuses a shorter one
          // With a delegated login the revoke route is the only use: without a password it is closed.
          ...(delegated ? { optional: true } : {}),
        },
        {
          name: 'MCIFY_SESSION_SECRET',
          kind: 'secret',
          description: 'Key that signs the consent page cookies (session, consent, CSRF); a new value signs the owner out.',
          minLength: 32, // src/auth/settings.ts refuses a shorter one
        },
        {
          name: 'MCIFY_ISSUER',
          kind: 'setting',
          optional: true,
          localValue: '',
          description:
            'Public https origin of the server, e.g. https://mcp.example.com. Empty: taken from each request, and only localhost is accepted.',
        },
        {
          name: 'MCIFY_TOOL_CALLS_PER_MINUTE',
          kind: 'setting',
          optional: true,
          localValue: '',
          description: 'Tool calls allowed per minute for each OAuth client and user. Empty: 60.',
        },
        {
          name: 'MCIFY_REFRESH_REUSE_SECONDS',
          kind: 'setting',
          optional: true,
          localValue: '',
          description:
            'Seconds in which a client that uses a refresh token again (a retry, a second tab) still gets new tokens; later the reuse revokes them all. Empty: 5.',
        },
        {
          name: 'MCIFY_REFRESH_CHAIN_DAYS',
          kind: 'setting',
          optional: true,
          localValue: '',
          description: 'Days after an approval when its tokens stop working, refreshes included, and the client asks again. Empty: 90.',
        },
        // Workers get the caller's address from Cloudflare (cf-connecting-ip). Elsewhere a proxy in
        // front hides it, unless the server knows how many proxies to look past in X-Forwarded-For.
        ...(target === 'workers'
          ? []
          : [
              {
                name: 'MCIFY_TRUSTED_PROXIES',
                kind: 'setting' as const,
                optional: true,
                localValue: '',
                description:
                  "How many proxies in front of the server append the caller's address to X-Forwarded-For (1 behind one load balancer). Empty: 0, X-Forwarded-For is ignored.",
              },
            ]),
        ...(store === 'postgres'
          ? [
              {
                name: 'DATABASE_URL',
                kind: 'setting' as const,
                localValue: '',
                description: 'postgres://user:password@host:5432/database: the PostgreSQL database of OAuth clients and tokens.',
              },
            ]
          : store === 'sqlite'
            ? [
                {
                  name: 'MCIFY_DB_PATH',
                  kind: 'setting' as const,
                  optional: true,
                  localValue: '',
                  description: 'SQLite file of OAuth clients and tokens. Empty: .data/oauth.sqlite (git-ignored).',
                },
              ]
            : []),
      ],
      templates: ['auth/oauth-provider', ...storeLayers, ...(delegated?.templates ?? [])],
      // node:sqlite loads without a flag from Node 22.13 on.
      ...(target === 'node' && store === 'sqlite' ? { node: '22.13' } : {}),
      context: {
        store,
        storeLabel: store === 'sqlite' ? STORE_LABELS.sqlite[target as 'node' | 'bun'] : STORE_LABELS[store],
        sqlite: store === 'sqlite',
        postgres: store === 'postgres',
        d1: store === 'd1',
        proxies: target !== 'workers',
        ...delegated?.context,
      },
      ...(delegated ? { notes: delegated.notes, tools: delegated.tools } : {}),
    };
  },
};
