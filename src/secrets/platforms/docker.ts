import { SERVER_TARGETS } from './shell.js';
import type { Platform } from './types.js';

export const docker: Platform = {
  id: 'docker',
  label: 'Docker',
  targets: SERVER_TARGETS,
  instructions: ({ envFile, name, names }) => [
    `# Docker keeps no secrets: the container reads ${names.join(', ')} from the env file it is started with`,
    `docker run --rm --env-file ${envFile} -p 8888:8888 ${name}`,
    `# with Compose: env_file: [${envFile}] in the service`,
  ],
  unset: (name, { envFile }) => `delete ${name} from ${envFile} and restart the container`,
  push: {
    refusal:
      'Docker has no secret store to push to; pass the env file when the container starts (docker run --env-file), see npx create-mcify secret instructions --platform docker.',
  },
};
