import { createHttpApp } from '@mcify/runtime';
import { Hono } from 'hono';
import config from '../mcify.config.js';
import { sharedSecretChallenge } from './http/challenge.js';
import { mountMcp } from './http/mcp-endpoint.js';

/**
 * The HTTP app that every entry point serves: the MCP endpoint at /mcp (./http/mcp-endpoint.ts:
 * Origin check, CORS, body limit, version negotiation, auth challenge, then mcify) and mcify's
 * health check at GET /. Add routes here (it is a Hono app) when your server needs more than MCP.
 */
export function createApp(): Hono {
  const mcify = createHttpApp(config);
  const app = new Hono();
  mountMcp(app, { mcify, credential: sharedSecretChallenge(config.auth, config.name) });
  app.all('*', (c) => mcify.fetch(c.req.raw, c.env));
  return app;
}
