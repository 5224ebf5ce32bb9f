import type { AuthMode, AuthModule } from '../types.js';
import { apiKey } from './api-key.js';
import { bearer } from './bearer.js';
import { none } from './none.js';
import { oauth } from './oauth.js';
import { oauthProvider } from './oauth-provider.js';

/** The auth modes that are implemented. A declared mode missing here is "not available yet". */
export const authModules: Partial<Record<AuthMode, AuthModule>> = {
  none,
  bearer,
  'api-key': apiKey,
  oauth,
  'oauth-provider': oauthProvider,
};
