import { defineTool } from '@mcify/core';
import { z } from 'zod';
import { oauth } from '../auth/index.js';

const MAX_NOTES = 100;

/**
 * Per-user data, the pattern every tool of a multi-user server follows: the key is the signed-in
 * person, `ctx.auth.subject.sub` (set by the sign-in, bound to the token), never a value from the
 * tool's input. A tool that took `user` or `email` as an argument would let any caller read or
 * write anyone's data. The notes live in the same store as the OAuth state (src/auth/store.ts).
 */
export const notes = defineTool({
  name: 'notes',
  description: 'Your own notes on this server: add one (optional), and list yours. Other users never see them.',
  input: z.object({ add: z.string().min(1).max(500).optional() }),
  output: z.object({ notes: z.array(z.string()) }),
  handler: async (input, ctx) => {
    if (ctx.auth.type !== 'oauth_provider' || typeof ctx.auth.subject['sub'] !== 'string') throw new Error('Sign in to use your notes.');
    const subject = ctx.auth.subject['sub'];
    const { store } = oauth();
    if (input.add !== undefined) {
      if ((await store.listNotes(subject)).length >= MAX_NOTES) throw new Error(`You have ${MAX_NOTES} notes, the most this example keeps.`);
      await store.addNote(subject, input.add);
    }
    return { notes: await store.listNotes(subject) };
  },
});
