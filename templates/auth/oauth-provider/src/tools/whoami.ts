import { defineTool } from '@mcify/core';
import { z } from 'zod';

/**
 * Reports who the caller acts for: the subject the consent step approved (`{ sub: 'owner' }`
 * with the built-in login, your user id once you swap in your own in src/auth/login.ts) and the
 * OAuth client that calls. Tools that act for a user read `ctx.auth.subject` the same way.
 */
export const whoami = defineTool({
  name: 'whoami',
  description: 'Describe who this MCP client acts for: the approved subject and the OAuth client.',
  input: z.object({}),
  output: z.object({
    authType: z.string(),
    authenticated: z.boolean(),
    subject: z.record(z.string()).nullable(),
    clientId: z.string().nullable(),
  }),
  handler: (_input, ctx) =>
    ctx.auth.type === 'oauth_provider'
      ? { authType: ctx.auth.type, authenticated: true, subject: ctx.auth.subject, clientId: ctx.auth.clientId }
      : { authType: ctx.auth.type, authenticated: ctx.auth.type !== 'none', subject: null, clientId: null },
});
