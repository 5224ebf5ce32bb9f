import type { Authorised } from './http.js';
import { startServer } from './server.js';

/** Nothing keeps these tests from running in this mode. */
export const skip = undefined;

/** Starts the server with `env`; the `none` mode needs no credential. */
export async function startAuthorised(env: Record<string, string>): Promise<Authorised> {
  const server = await startServer(env);
  return { url: server.url, headers: {}, close: () => server.close() };
}
