import { createHttpApp } from '@mcify/runtime';
import type { Hono } from 'hono';
import config from '../mcify.config.js';

/**
 * The HTTP app that every entry point serves: the MCP endpoint at POST /mcp and a health check
 * at GET /. Add routes here (it is a Hono app) when your server needs more than MCP.
 */
export function createApp(): Hono {
  return createHttpApp(config);
}
