import { valueOf, stdinOf } from './shell.js';
import type { Platform } from './types.js';

export const cloudflare: Platform = {
  id: 'cloudflare',
  label: 'Cloudflare Workers',
  targets: ['workers'],
  instructions: ({ envFile, names }) => [
    '# one at a time: wrangler secret put reads the value from stdin',
    ...names.map((name) => `${valueOf(name, envFile)} | npx wrangler secret put ${name}`),
    '# or all at once: wrangler secret bulk reads a JSON object from stdin',
    `node --env-file=${envFile} -e 'process.stdout.write(JSON.stringify({ ${names.map((n) => `${n}: process.env.${n}`).join(', ')} }))' | npx wrangler secret bulk`,
  ],
  unset: (name) => `npx wrangler secret delete ${name}`,
  push: ({ envFile }, secrets) => [
    {
      command: 'wrangler',
      args: ['secret', 'bulk'],
      input: JSON.stringify(Object.fromEntries(secrets.map((s) => [s.name, s.value]))),
      names: secrets.map((s) => s.name),
      stdin: `a JSON object of ${stdinOf(secrets.map((s) => s.name), envFile)}`,
    },
  ],
};
