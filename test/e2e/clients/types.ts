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
  /** True when a request without credentials must get HTTP 401. */
  rejectsAnonymous(project: Generated): boolean;
  /** Values that must never appear in the server's output (tokens, secrets). */
  secrets(project: Generated): string[];
}
