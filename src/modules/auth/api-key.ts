import type { AuthModule } from '../types.js';

export const apiKey: AuthModule = {
  id: 'api-key',
  label: 'API key header',
  hint: 'one shared secret sent in an "x-api-key" header',
  challengeScheme: 'ApiKey',
  ctxAuthType: 'api_key',
  config: {
    imports: [
      { from: '@mcify/core', names: ['apiKey'] },
      // Accepts MCIFY_API_KEY and, during a rotation, MCIFY_API_KEY_PREVIOUS.
      { from: './src/auth/shared-secret.js', names: ['acceptsSecret'] },
    ],
    expression: "apiKey({ headerName: 'x-api-key', env: 'MCIFY_API_KEY', verify: acceptsSecret('MCIFY_API_KEY') })",
  },
  credential: { header: 'x-api-key', value: '${MCIFY_API_KEY}', env: 'MCIFY_API_KEY' },
  contribute: () => ({
    env: [
      {
        name: 'MCIFY_API_KEY',
        kind: 'secret',
        description: 'API key that MCP clients send in the "x-api-key" header.',
      },
    ],
    templates: ['auth/shared-secret'],
  }),
};
