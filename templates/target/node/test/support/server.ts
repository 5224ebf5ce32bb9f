import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.js';

export interface RunningServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:49152/mcp */
  readonly url: URL;
  close(): Promise<void>;
}

/** Starts the real app over HTTP on a free 127.0.0.1 port, with `env` as its environment. */
export function startServer(env: Record<string, string>): Promise<RunningServer> {
  Object.assign(process.env, env);
  return new Promise((resolve) => {
    const server = serve({ fetch: createApp().fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      resolve({
        url: new URL(`http://127.0.0.1:${info.port}/mcp`),
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
