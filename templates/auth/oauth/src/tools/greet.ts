import { defineTool } from '@mcify/core';
import { z } from 'zod';
import { requireScope } from '../auth/claims.js';

const GREETINGS = { en: 'Hello', es: 'Hola', fr: 'Bonjour' } as const;

/**
 * An example tool with a per-tool permission: only callers whose access token carries the OAuth
 * scope "tools:greet" may call it (src/auth/scopes.ts lists the scopes; create them at your
 * provider). Others get a tool error naming the missing scope. The input schema is the contract
 * with the agent: mcify rejects arguments that do not match it before the handler runs.
 */
export const greet = defineTool({
  name: 'greet',
  description: 'Greet someone by name, in English, Spanish or French. Requires the OAuth scope "tools:greet".',
  input: z.object({
    name: z.string().trim().min(1).max(100).describe('Who to greet, 1 to 100 characters'),
    language: z.enum(['en', 'es', 'fr']).default('en').describe('Language of the greeting'),
  }),
  output: z.object({ message: z.string() }),
  middlewares: [requireScope('tools:greet')],
  handler: ({ name, language }) => ({ message: `${GREETINGS[language]}, ${name}!` }),
});
