// MCP authorization discovery (RFC 9728 protected-resource metadata + RFC 6750 challenge).
// Pure functions: the routes are mounted in src/app.ts.
import { formatChallenge } from '../http/challenge.js';

export interface ResourceMetadataInput {
  /** This server's MCP endpoint URL, e.g. https://mcp.example.com/mcp */
  readonly resource: string;
  /** The identity provider's issuer (its authorization server). */
  readonly issuer: string;
  readonly scopes: readonly string[];
  readonly resourceName?: string;
}

export function protectedResourceMetadata(input: ResourceMetadataInput) {
  return {
    resource: input.resource,
    authorization_servers: [input.issuer],
    scopes_supported: [...input.scopes],
    bearer_methods_supported: ['header'],
    ...(input.resourceName ? { resource_name: input.resourceName } : {}),
  };
}

/** RFC 9728 §3.1: the well-known segment goes between the origin and the resource's path. */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The WWW-Authenticate value of a 401 (RFC 6750 section 3, RFC 9728 section 5.1). */
export function bearerChallenge(opts: {
  readonly metadataUrl: string;
  readonly tokenSent: boolean;
  readonly scopes?: readonly string[];
}): string {
  const params: Record<string, string> = { resource_metadata: opts.metadataUrl };
  if (opts.scopes && opts.scopes.length > 0) params.scope = opts.scopes.join(' ');
  return formatChallenge('Bearer', params, opts.tokenSent);
}
