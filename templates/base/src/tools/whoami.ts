import { defineTool } from '@mcify/core';
import { z } from 'zod';

/**
 * Reports how the server authenticated the caller, from `ctx.auth`. Tools that act for a caller
 * read `ctx.auth` the same way. It never echoes a credential back.
 */
export const whoami = defineTool({
  name: 'whoami',
  description: 'Describe how this server authenticated the caller.',
  input: z.object({}),
  output: z.object({ authType: z.string(), authenticated: z.boolean() }),
  handler: (_input, ctx) => ({ authType: ctx.auth.type, authenticated: ctx.auth.type !== 'none' }),
});
