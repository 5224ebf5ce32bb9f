import { targetModules } from '../targets/index.js';
import type { AuthModule, ModeOption } from '../types.js';
import { IDP_PRESETS, IDPS, isPlaceholder, type Idp } from './oauth-presets.js';
import { isLoopbackHost } from '../../lib/hosts.js';

const presetOf = (chosen: Readonly<Record<string, string>>) => IDP_PRESETS[(chosen.idp ?? 'oidc') as Idp];


/** An issuer is an https URL (http only on this machine); a `<...>` placeholder is kept as given. */
function checkIssuer(value: string): string | undefined {
  if (isPlaceholder(value)) return /^https?:\/\/\S+$/.test(value) ? undefined : 'must be an https:// URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an https:// URL, exactly the "iss" of your provider\'s tokens';
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return undefined;
  return 'must be an https:// URL (http:// only for localhost)';
}

const options: ModeOption[] = [
  {
    key: 'idp',
    flag: '--idp',
    valueName: 'provider',
    description: 'identity provider that signs the access tokens',
    message: 'Which identity provider signs your users in?',
    choices: IDPS.map((value) => ({ value, label: IDP_PRESETS[value].label, hint: IDP_PRESETS[value].hint })),
    default: () => 'oidc',
    required: true,
  },
  {
    key: 'issuer',
    flag: '--oauth-issuer',
    valueName: 'url',
    description: 'issuer URL, exactly the "iss" of the provider\'s tokens (a placeholder with --yes)',
    message: 'Issuer URL of the provider (exactly the "iss" of its tokens; leave the placeholder to fill in later)',
    default: (chosen) => presetOf(chosen).issuer,
    validate: checkIssuer,
    required: true,
  },
  {
    key: 'audience',
    flag: '--oauth-audience',
    valueName: 'aud',
    description: 'audience the tokens must carry, usually this server\'s MCP URL (a placeholder with --yes)',
    message: 'Audience of the access tokens (usually this server\'s public MCP URL; leave the placeholder to fill in later)',
    default: (chosen) => presetOf(chosen).audience,
    validate: (value) => (/^\S+$/.test(value) ? undefined : 'must be one value without spaces (commas separate several)'),
    required: true,
  },
];

export const oauth: AuthModule = {
  id: 'oauth',
  label: 'OAuth (external identity provider)',
  hint: 'users sign in with WorkOS, Auth0, Clerk, Okta, Keycloak, Entra ID or any OIDC issuer; JWTs checked against its JWKS',
  challengeScheme: 'Bearer',
  ctxAuthType: 'bearer',
  routes: 'the protected-resource metadata (RFC 9728) and the WWW-Authenticate challenge that let MCP clients find the identity provider',
  config: {
    // The framework's own oauth() helper rejects every request in 1.0.0-alpha.3: jwtAuth() is
    // bearer({ verify }) with a JWKS check (src/auth/jwt.ts in the project).
    imports: [{ from: './src/auth/jwt.js', names: ['jwtAuth'] }],
    expression: 'jwtAuth()',
  },
  options,
  contribute: (target, settings) => {
    const preset = presetOf(settings);
    const issuer = settings.issuer ?? preset.issuer;
    const audience = settings.audience ?? preset.audience;
    const placeholders = [
      ...(isPlaceholder(issuer) ? ['MCIFY_OAUTH_ISSUER'] : []),
      ...(isPlaceholder(audience) ? ['MCIFY_OAUTH_AUDIENCE'] : []),
    ];
    return {
      dependencies: ['jose'],
      env: [
        {
          name: 'MCIFY_OAUTH_ISSUER',
          kind: 'setting',
          description: `Issuer of the access tokens, exactly their "iss" claim. ${preset.label}: ${preset.issuerWhere}.`,
          localValue: issuer,
        },
        {
          name: 'MCIFY_OAUTH_AUDIENCE',
          kind: 'setting',
          description: `Audience the tokens must carry ("aud"; commas separate several). ${preset.label}: ${preset.audienceWhere}.`,
          localValue: audience,
        },
        {
          name: 'MCIFY_OAUTH_JWKS_URL',
          kind: 'setting',
          description: 'Optional: the JWKS URL, when the issuer publishes no OIDC or RFC 8414 metadata (found from the issuer otherwise).',
          optional: true,
        },
        {
          name: 'MCIFY_PUBLIC_URL',
          kind: 'setting',
          description: 'Optional: public origin of this server behind a proxy (e.g. https://mcp.example.com), for the resource metadata.',
          optional: true,
        },
      ],
      templates: ['auth/oauth'],
      context: { preset, placeholders: placeholders.length > 0, placeholderNames: placeholders.join(' and ') },
      notes:
        placeholders.length > 0
          ? [
              `Fill in ${placeholders.join(' and ')} in ${targetModules[target]?.envFile ?? '.env'}: create-mcify wrote placeholders, and the server refuses to start with them.`,
              `${preset.label}: issuer: ${preset.issuerWhere}; audience: ${preset.audienceWhere}. README.md (section Auth) has the setup steps.`,
            ]
          : [],
    };
  },
};
