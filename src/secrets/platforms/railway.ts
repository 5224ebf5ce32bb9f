import { SERVER_TARGETS, stepPerSecret, valueOf } from './shell.js';
import type { Platform } from './types.js';

export const railway: Platform = {
  id: 'railway',
  label: 'Railway',
  targets: SERVER_TARGETS,
  instructions: ({ envFile, names }) => [
    '# in the linked service (railway link); --set-from-stdin reads the value from stdin',
    ...names.map((name) => `${valueOf(name, envFile)} | railway variables --set-from-stdin ${name}`),
  ],
  unset: (name) => `delete ${name} in the service's Variables tab`,
  push: stepPerSecret('railway', (name) => ['variables', '--set-from-stdin', name]),
};
