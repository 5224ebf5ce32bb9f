import { createApp } from '../../src/app.js';

export interface RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:49152/mcp */
  readonly url: URL;
  close(): Promise<void>;
}

/** Starts the real app over HTTP on a free 127.0.0.1 port, with `env` as its environment. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  // Bun loaded .env into process.env before the tests ran; the test's own values replace it.
  Object.assign(process.env, env);
  const app = createApp();
  // The caller's address as src/server.ts passes it.
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request, bun) => app.fetch(request, { client: { address: bun.requestIP(request)?.address } }),
  });
  return {
    url: new URL(`http://127.0.0.1:${server.port}/mcp`),
    close: () => server.stop(true),
  };
}
