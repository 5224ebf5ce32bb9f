import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { REQUIRED_ENV } from './env.js';
import { fail, orFail, requireRuntime, startError } from './startup.js';

await requireRuntime('bun', Bun.version, 'upgrade it with bun upgrade');

// Bun has already loaded .env from the current folder; variables set in the environment win.
const missing = REQUIRED_ENV.filter((name) => !process.env[name]);
if (missing.length > 0) {
  await fail(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in .env (start from the project folder) or the environment (see DEPLOY.md).`);
}

// `bun run dev` listens on 127.0.0.1 only; `bun run start` passes --host 0.0.0.0 for containers.
// HOST and PORT in the environment override both.
const { values } = parseArgs({ options: { host: { type: 'string' } } });
const hostname = process.env.HOST || values.host || '127.0.0.1';
const port = Number(process.env.PORT || 8888);

// A setting that cannot work (e.g. a placeholder left in .env) stops the server here.
const app = await orFail(createApp);
// Hono's `env` carries the caller's address (for per-address rate limits), not Bun's server object.
// It holds no string on purpose: @mcify/runtime would take string values for the server's variables.
const server = await orFail(
  () =>
    Bun.serve({
      hostname,
      port,
      fetch: (request, bun) => app.fetch(request, { client: { address: bun.requestIP(request)?.address } }),
    }),
  (error) => startError(error, hostname, port),
);
console.log(`MCP server listening on http://${hostname}:${server.port}/mcp`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.stop().then(() => process.exit(0)));
}
