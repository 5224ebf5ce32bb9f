import { createHttpApp } from '@mcify/runtime';
import { Hono } from 'hono';
import config from '../mcify.config.js';
import { originGuard } from './origin.js';

const MCP_PATH = '/mcp';

/**
 * The HTTP app that every entry point serves: the MCP endpoint at POST /mcp, behind the Origin
 * check of ./origin.ts, and a health check at GET /. Add routes here (it is a Hono app) when your
 * server needs more than MCP.
 */
export function createApp(): Hono {
  const app = new Hono();
  app.use(MCP_PATH, originGuard());
  app.route('/', createHttpApp(config, { path: MCP_PATH }));
  return app;
}
