// The OAuth scopes this server's tools require. They are advertised in
// /.well-known/oauth-protected-resource (scopes_supported) and in the 401 challenge, so MCP
// clients ask for them at sign-in. Create the same scopes (or "permissions") at your provider.
export const SCOPES = ['tools:greet'] as const;
export type Scope = (typeof SCOPES)[number];
