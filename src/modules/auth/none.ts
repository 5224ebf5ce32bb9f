import type { AuthModule } from '../types.js';

export const none: AuthModule = {
  id: 'none',
  label: 'None',
  hint: 'no credential: only for local use or behind your own gateway',
  ctxAuthType: 'none',
  config: { imports: [{ from: '@mcify/core', names: ['auth'] }], expression: 'auth.none()' },
  contribute: () => ({ templates: ['auth/none'] }),
};
