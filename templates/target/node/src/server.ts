import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { REQUIRED_ENV } from './env.js';
import { fail, orFail, requireRuntime, startError } from './startup.js';

await requireRuntime('node', process.versions.node, 'install a current Node.js (e.g. nvm install --lts)');

// Local secrets live in .env; variables already set in the environment win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

const missing = REQUIRED_ENV.filter((name) => !process.env[name]);
if (missing.length > 0) {
  await fail(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in .env or the environment (see DEPLOY.md).`);
}

// `npm run dev` listens on 127.0.0.1 only; `npm start` passes --host 0.0.0.0 for containers.
// HOST and PORT in the environment override both. --dev: see ./startup.ts.
const { values } = parseArgs({ options: { host: { type: 'string' }, dev: { type: 'boolean' } } });
const hostname = process.env.HOST || values.host || '127.0.0.1';
const port = Number(process.env.PORT || 8888);

// A setting that cannot work (e.g. a placeholder left in .env) stops the server here.
const app = await orFail(createApp);

const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
  console.log(`MCP server listening on http://${hostname}:${info.port}/mcp`);
});
server.on('error', (error) => void fail(startError(error, hostname, port)));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
