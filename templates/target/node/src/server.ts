import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { REQUIRED_ENV } from './env.js';

// Local secrets live in .env; variables already set in the environment win over it. Loaded before
// the app (below), so code that reads process.env as it loads, mcify.config.ts too, sees them.
if (existsSync('.env')) process.loadEnvFile('.env');

const missing = REQUIRED_ENV.filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in .env or the environment (see DEPLOY.md).`);
  process.exit(1);
}

// `npm run dev` listens on 127.0.0.1 only; `npm start` passes --host 0.0.0.0 for containers.
// HOST and PORT in the environment override both.
const { values } = parseArgs({ options: { host: { type: 'string' } } });
const hostname = process.env.HOST ?? values.host ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8888);

const { createApp } = await import('./app.js');
const server = serve({ fetch: createApp().fetch, hostname, port }, (info) => {
  console.log(`MCP server listening on http://${hostname}:${info.port}/mcp`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
