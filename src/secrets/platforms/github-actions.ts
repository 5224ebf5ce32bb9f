import { stepPerSecret, valueOf } from './shell.js';
import type { Platform } from './types.js';

export const githubActions: Platform = {
  id: 'github-actions',
  label: 'GitHub Actions',
  instructions: ({ envFile, names }) => [
    '# repository secrets for your deploy workflow; gh secret set reads the value from stdin',
    ...names.map((name) => `${valueOf(name, envFile)} | gh secret set ${name}`),
    '# in the workflow: env: { NAME: ${{ secrets.NAME }} }',
  ],
  unset: (name) => `gh secret delete ${name}`,
  push: stepPerSecret('gh', (name) => ['secret', 'set', name]),
};
