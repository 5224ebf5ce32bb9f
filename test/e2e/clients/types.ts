import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Generated } from '../harness.js';

/**
 * How the e2e matrix acts as an authorised MCP client of one auth mode. A mode with a file
 * test/e2e/clients/<mode>.ts exporting `e2eAuth` uses it; the others use shared-secret.ts.
 */
export interface E2EAuth {
  /** Starts what the served process needs (e.g. a mock identity provider) and returns its env. */
  setup?(project: Generated): Promise<{ env: Record<string, string>; teardown(): Promise<void> }>;
  /** Connects the official MCP client as an authorised caller of the server at `url`. */
  connect(project: Generated, url: URL): Promise<Client>;
  /**
   * The request headers of an authorised caller, for the clients that take a header rather than
   * run the mode's flow (raw HTTP, a browser page, the Inspector CLI): `{}` in `none` mode.
   * Call after `connect` (oauth-provider hands out the token that connection obtained).
   */
  headers(project: Generated, url: URL): Promise<Record<string, string>>;
  /** True when a request without credentials must get HTTP 401. */
  rejectsAnonymous(project: Generated): boolean;
  /** Values that must never appear in the server's output (tokens, secrets). */
  secrets(project: Generated): string[];
}
