import { defineTool } from '@mcify/core';
import { z } from 'zod';
import { claimsOf } from '../auth/claims.js';

/**
 * Who is calling, from the verified access token: `claimsOf(ctx)` gives the subject, scopes, email
 * and client of the caller. Tools that act for a user read them the same way. It never echoes the
 * token back.
 */
export const whoami = defineTool({
  name: 'whoami',
  description: 'Describe the caller: subject, email, scopes and client of the verified access token.',
  input: z.object({}),
  output: z.object({
    authType: z.string(),
    sub: z.string(),
    email: z.string().optional(),
    scopes: z.array(z.string()),
    clientId: z.string().optional(),
    expiresAt: z.string(),
  }),
  handler: (_input, ctx) => {
    const claims = claimsOf(ctx);
    return {
      authType: ctx.auth.type,
      sub: claims.sub,
      ...(claims.email ? { email: claims.email } : {}),
      scopes: [...claims.scopes],
      ...(claims.clientId ? { clientId: claims.clientId } : {}),
      expiresAt: new Date(claims.expiresAt * 1000).toISOString(),
    };
  },
});
