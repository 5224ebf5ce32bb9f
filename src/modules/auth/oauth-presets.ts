// The identity providers `--auth oauth` knows, as data: the placeholders of the prompts and of
// `--yes`, the env-file comments and the setup steps of the generated README. Sources and the
// measured behaviour of each provider: the oauth prototype notes. Re-check the dashboard paths
// when a provider redesigns its console.

export const IDPS = ['workos', 'auth0', 'clerk', 'okta', 'keycloak', 'entra', 'oidc'] as const;
export type Idp = (typeof IDPS)[number];

export interface IdpPreset {
  readonly label: string;
  /** One line for the provider prompt. */
  readonly hint: string;
  /** Placeholder issuer: `<...>` marks what to replace (the server refuses to start with it). */
  readonly issuer: string;
  readonly audience: string;
  /** Where the issuer is shown in the provider's dashboard (one line, for the env files). */
  readonly issuerWhere: string;
  /** Where the audience is set (one line, for the env files). */
  readonly audienceWhere: string;
  /** Setup steps for the README, in markdown, in order. */
  readonly steps: readonly string[];
  /** How MCP clients get a client id at this provider. */
  readonly registration: string;
  readonly docs: string;
}

/** The MCP endpoint as audience: what MCP clients ask for (RFC 8707 `resource`). */
const MCP_URL_AUDIENCE = 'https://<your-host>/mcp';

export const IDP_PRESETS: Readonly<Record<Idp, IdpPreset>> = {
  workos: {
    label: 'WorkOS AuthKit',
    hint: 'AuthKit domain as issuer; MCP clients register themselves',
    issuer: 'https://<your-subdomain>.authkit.app',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'WorkOS dashboard, Connect > Configuration: the AuthKit domain (or your custom domain)',
    audienceWhere: 'the resource indicator MCP clients send: this server\'s public MCP URL',
    steps: [
      'In the WorkOS dashboard, **Connect > Configuration**, copy the AuthKit domain into `MCIFY_OAUTH_ISSUER` (no trailing slash).',
      'On the same page, enable MCP authentication: **Dynamic Client Registration** and/or **Client ID Metadata Documents**.',
      'Set `MCIFY_OAUTH_AUDIENCE` to the public URL of this server\'s MCP endpoint (`https://<your-host>/mcp`): AuthKit puts the resource the client asked for in `aud`.',
      'Access tokens carry no `email` unless you add it with a JWT template; `whoami` treats it as optional.',
    ],
    registration: 'Dynamic Client Registration or Client ID Metadata Documents, once enabled: nothing to pre-register.',
    docs: 'https://workos.com/docs/user-management/mcp',
  },
  auth0: {
    label: 'Auth0',
    hint: 'tenant domain as issuer (with the trailing slash); an API as audience',
    issuer: 'https://<tenant>.<region>.auth0.com/',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'Auth0 dashboard, Settings > Domain, as https://<domain>/ WITH the trailing slash',
    audienceWhere: 'Auth0 dashboard, Applications > APIs: the API Identifier (best: this server\'s MCP URL)',
    steps: [
      'Set `MCIFY_OAUTH_ISSUER` to `https://<your-tenant-domain>/` **with the trailing slash**, exactly as the `iss` of Auth0 tokens (or your custom domain).',
      '**Applications > APIs > Create API** with the identifier `https://<your-host>/mcp` (this server\'s MCP URL), and put the same value in `MCIFY_OAUTH_AUDIENCE`. Under **Permissions**, add `tools:greet` (and the scopes of your own tools).',
      '**Settings > Advanced**: turn on **Resource Parameter Compatibility Profile**, so the `resource` MCP clients send becomes the token\'s `aud`; without it tokens are opaque or lack the API audience.',
      'For MCP clients that register themselves, turn on **Dynamic Client Registration** (Settings > Advanced), promote the login connections to domain level, and set the API\'s default permissions for third-party applications.',
      'With RBAC, Auth0 puts permissions in a `permissions` claim, not in `scope`: read it from `claims.payload` or add it to the check in `src/auth/claims.ts`.',
    ],
    registration: 'Dynamic Client Registration (off by default, per tenant) or Client ID Metadata Documents.',
    docs: 'https://auth0.com/ai/docs/mcp',
  },
  clerk: {
    label: 'Clerk',
    hint: 'Frontend API URL as issuer; JWT access tokens for the MCP URL',
    issuer: 'https://<your-app>.clerk.accounts.dev',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'Clerk dashboard, Configure > API keys: the Frontend API URL (production: https://clerk.<your-domain>)',
    audienceWhere: 'the MCP server URL registered under Agents > MCP servers (tokens without aud are refused)',
    steps: [
      'Copy the **Frontend API URL** (Configure > API keys) into `MCIFY_OAUTH_ISSUER`: `https://<your-app>.clerk.accounts.dev` in development, `https://clerk.<your-domain>` in production.',
      'Under **Configure > OAuth applications**, choose **JWT** access tokens (opaque tokens cannot be verified here) and enable **Dynamic client registration**.',
      'Register this server (**Agents > MCP servers**, or your OAuth application\'s resource) with its public MCP URL and set `MCIFY_OAUTH_AUDIENCE` to it. Tokens without an `aud` are refused: the MCP specification requires tokens issued for this server.',
      'Session tokens share the issuer: to accept only access tokens, use `jwtAuth({ typ: \'at+jwt\' })` in `mcify.config.ts`.',
    ],
    registration: 'Dynamic client registration (a toggle in the dashboard).',
    docs: 'https://clerk.com/docs',
  },
  okta: {
    label: 'Okta',
    hint: 'a custom authorization server as issuer (…/oauth2/default)',
    issuer: 'https://<your-org>.okta.com/oauth2/default',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'Okta admin, Security > API > Authorization Servers: the Issuer URI (not the org URL)',
    audienceWhere: 'Okta admin, Security > API > Authorization Servers: the Audience (default api://default)',
    steps: [
      'In **Security > API > Authorization Servers**, copy the **Issuer URI** of your custom authorization server (e.g. `https://<your-org>.okta.com/oauth2/default`) into `MCIFY_OAUTH_ISSUER`. The org server (`https://<your-org>.okta.com`) does not issue tokens for your APIs.',
      'Set the server\'s **Audience** (default `api://default`; best: this server\'s MCP URL) and put the same value in `MCIFY_OAUTH_AUDIENCE`.',
      'In its **Scopes** tab, add `tools:greet` (and your tools\' scopes); Okta sends them in the `scp` array, which `src/auth/claims.ts` reads.',
      'Okta\'s registration endpoint needs an admin token, so MCP clients cannot register themselves: create an OIDC application (authorization code + PKCE) and give its client id to the MCP client.',
    ],
    registration: 'Pre-registered applications (client id given to the MCP client); no anonymous registration.',
    docs: 'https://developer.okta.com/docs/concepts/auth-servers/',
  },
  keycloak: {
    label: 'Keycloak',
    hint: 'a realm as issuer; an Audience mapper for the MCP URL',
    issuer: 'https://<your-host>/realms/<realm>',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'Keycloak admin, Realm settings > General > Endpoints (issuer); /auth/realms/<realm> before Keycloak 17',
    audienceWhere: 'Keycloak admin, Client scopes > (your scope) > Mappers > Audience: the included custom audience',
    steps: [
      'Set `MCIFY_OAUTH_ISSUER` to `https://<your-host>/realms/<realm>` (before Keycloak 17: `https://<your-host>/auth/realms/<realm>`), exactly as in the realm\'s OpenID endpoint configuration.',
      'Create a client scope `tools:greet` (Realm > **Client scopes**), add a mapper **By configuration > Audience** with **Included Custom Audience** = this server\'s MCP URL, and put the same value in `MCIFY_OAUTH_AUDIENCE`. Without the mapper tokens carry no usable `aud` and are refused.',
      'Add the scope to the clients MCP users sign in with (as a default or optional client scope) and require PKCE on them.',
      'Anonymous Dynamic Client Registration works at `/realms/<realm>/clients-registrations/openid-connect` once the **Client Registration Policies** (Trusted Hosts) allow the MCP clients\' redirect hosts.',
    ],
    registration: 'Anonymous Dynamic Client Registration, limited by the realm\'s Client Registration Policies.',
    docs: 'https://www.keycloak.org/docs/latest/server_admin/',
  },
  entra: {
    label: 'Microsoft Entra ID',
    hint: 'tenant v2.0 endpoint as issuer; your API\'s application id as audience',
    issuer: 'https://login.microsoftonline.com/<tenant-id>/v2.0',
    audience: '<application-client-id>',
    issuerWhere: 'Entra admin center, App registrations > your API > Overview: https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0',
    audienceWhere: 'Entra admin center, App registrations > your API > Overview: the Application (client) ID (v2 tokens)',
    steps: [
      'Register an application for this server (**App registrations > New registration**). From its **Overview**, put `https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0` in `MCIFY_OAUTH_ISSUER` and the **Application (client) ID** in `MCIFY_OAUTH_AUDIENCE`.',
      'In its **Manifest**, set `"requestedAccessTokenVersion": 2`, so tokens carry the v2 issuer above (v1 tokens say `https://sts.windows.net/<tenant-id>/`).',
      'Under **Expose an API**, set the Application ID URI and add a scope named `tools.greet`, then rename the scope in `src/auth/scopes.ts` and the tool to match: Entra puts the bare scope name in `scp`.',
      'Entra has no dynamic registration and ignores the `resource` parameter: register each MCP client as an application, grant it the scope, and have it ask for `api://<application-id>/.default`. Tokens for Microsoft Graph cannot be verified here, only tokens for your own API.',
    ],
    registration: 'Pre-registered applications only; clients ask for api://<application-id>/.default.',
    docs: 'https://learn.microsoft.com/entra/identity-platform/access-tokens',
  },
  oidc: {
    label: 'Any OpenID Connect / OAuth 2.1 provider',
    hint: 'any issuer with OIDC discovery or RFC 8414 metadata',
    issuer: 'https://<your-issuer>',
    audience: MCP_URL_AUDIENCE,
    issuerWhere: 'the "issuer" of https://<your-issuer>/.well-known/openid-configuration, exactly',
    audienceWhere: 'the "aud" your provider puts in access tokens for this server (ideally its MCP URL)',
    steps: [
      'Set `MCIFY_OAUTH_ISSUER` to the `issuer` of the provider\'s `/.well-known/openid-configuration` (or RFC 8414 `/.well-known/oauth-authorization-server`), character for character.',
      'Set `MCIFY_OAUTH_AUDIENCE` to the `aud` of the access tokens it issues for this server; ideally this server\'s MCP URL, which MCP clients send as the RFC 8707 `resource`.',
      'If the provider publishes no metadata document, set `MCIFY_OAUTH_JWKS_URL` to its JWKS.',
      'Check its metadata for `registration_endpoint` (Dynamic Client Registration) or `client_id_metadata_document_supported`; otherwise pre-register the MCP clients.',
    ],
    registration: 'Whatever the provider supports: Dynamic Client Registration, Client ID Metadata Documents or pre-registration.',
    docs: 'https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization',
  },
};

/** A value still holding a `<...>` part of a preset placeholder. */
export const isPlaceholder = (value: string): boolean => /<[^>]*>/.test(value);
