import { SERVER_TARGETS, linesOf, stdinOf } from './shell.js';
import type { Platform } from './types.js';

export const fly: Platform = {
  id: 'fly',
  label: 'Fly.io',
  targets: SERVER_TARGETS,
  instructions: ({ envFile, names }) => [
    '# fly secrets import reads NAME=value lines from stdin',
    `${linesOf(names, envFile)} | fly secrets import`,
  ],
  unset: (name) => `fly secrets unset ${name}`,
  push: ({ envFile }, secrets) => [
    {
      command: 'fly',
      args: ['secrets', 'import'],
      input: secrets.map((s) => `${s.name}=${s.value}\n`).join(''),
      names: secrets.map((s) => s.name),
      stdin: `NAME=value lines of ${stdinOf(secrets.map((s) => s.name), envFile)}`,
    },
  ],
};
