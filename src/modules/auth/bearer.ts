import type { AuthModule } from '../types.js';

export const bearer: AuthModule = {
  id: 'bearer',
  label: 'Bearer token',
  hint: 'one shared secret sent as "Authorization: Bearer ..."',
  challengeScheme: 'Bearer',
  ctxAuthType: 'bearer',
  config: {
    imports: [
      { from: '@mcify/core', names: ['bearer'] },
      // Accepts MCIFY_AUTH_TOKEN and, during a rotation, MCIFY_AUTH_TOKEN_PREVIOUS.
      { from: './src/auth/shared-secret.js', names: ['acceptsSecret'] },
    ],
    expression: "bearer({ env: 'MCIFY_AUTH_TOKEN', verify: acceptsSecret('MCIFY_AUTH_TOKEN') })",
  },
  credential: { header: 'Authorization', value: 'Bearer ${MCIFY_AUTH_TOKEN}', env: 'MCIFY_AUTH_TOKEN' },
  contribute: () => ({
    env: [
      {
        name: 'MCIFY_AUTH_TOKEN',
        kind: 'secret',
        description: 'Bearer token that MCP clients send as "Authorization: Bearer <token>".',
      },
    ],
    templates: ['auth/shared-secret'],
  }),
};
