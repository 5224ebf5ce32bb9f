import { SERVER_TARGETS, linesOf, stdinOf } from './shell.js';
import type { Platform } from './types.js';

const secretName = (name: string) => `${name}-secrets`;

export const kubernetes: Platform = {
  id: 'kubernetes',
  label: 'Kubernetes',
  targets: SERVER_TARGETS,
  instructions: ({ envFile, names, name }) => [
    '# creates or updates the Secret from NAME=value lines on stdin',
    `${linesOf(names, envFile)} | kubectl create secret generic ${secretName(name)} --from-env-file=/dev/stdin --dry-run=client -o yaml | kubectl apply -f -`,
    `# then in the container spec: envFrom: [{ secretRef: { name: ${secretName(name)} } }]`,
  ],
  unset: (variable, { name }) =>
    `kubectl patch secret ${secretName(name)} --type=json -p '[{"op":"remove","path":"/data/${variable}"}]'`,
  push: ({ envFile, name }, secrets) => [
    {
      command: 'kubectl',
      args: ['apply', '-f', '-'],
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: secretName(name) },
        data: Object.fromEntries(secrets.map((s) => [s.name, Buffer.from(s.value).toString('base64')])),
      }),
      names: secrets.map((s) => s.name),
      stdin: `a Secret manifest (${secretName(name)}) with ${stdinOf(secrets.map((s) => s.name), envFile)}`,
    },
  ],
};
