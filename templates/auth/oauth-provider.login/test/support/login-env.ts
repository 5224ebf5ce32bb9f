import { provider } from './provider.js';

/** The settings of the sign-in for a test server: the mock identity provider's (./provider.ts). */
export const loginEnv = (): Record<string, string> => provider.env();
