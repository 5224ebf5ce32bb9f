import { defineTool } from '@mcify/core';
import { z } from 'zod';

const GREETINGS = { en: 'Hello', es: 'Hola', fr: 'Bonjour' } as const;

/**
 * An example tool. The input schema is the contract with the agent: mcify rejects a call whose
 * arguments do not match it before the handler runs, and the agent sees why.
 */
export const greet = defineTool({
  name: 'greet',
  description: 'Greet someone by name, in English, Spanish or French.',
  input: z.object({
    name: z.string().trim().min(1).max(100).describe('Who to greet, 1 to 100 characters'),
    language: z.enum(['en', 'es', 'fr']).default('en').describe('Language of the greeting'),
  }),
  output: z.object({ message: z.string() }),
  handler: ({ name, language }) => ({ message: `${GREETINGS[language]}, ${name}!` }),
});
