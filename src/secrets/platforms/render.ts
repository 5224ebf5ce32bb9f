import { SERVER_TARGETS } from './shell.js';
import type { Platform } from './types.js';

export const render: Platform = {
  id: 'render',
  label: 'Render',
  targets: SERVER_TARGETS,
  instructions: ({ envFile, names }) => [
    `# Render has no CLI command for environment variables: in the dashboard, open the service's`,
    `# Environment page, choose "Add from .env" and upload ${envFile} (or paste the lines of ${names.join(', ')}).`,
  ],
  unset: (name) => `delete ${name} on the service's Environment page`,
  push: {
    refusal:
      "Render has no CLI command that sets environment variables; upload the env file on the service's Environment page (npx create-mcify secret instructions --platform render shows how).",
  },
};
