import { connect, credentialHeaders } from '../harness.js';
import type { E2EAuth } from './types.js';

/** none, bearer and api-key: the header (if any) with the secret from the project's env file. */
export const e2eAuth: E2EAuth = {
  connect: (project, url) => connect(url, credentialHeaders(project)),
  headers: async (project) => credentialHeaders(project),
  rejectsAnonymous: (project) => project.auth !== 'none',
  secrets: (project) => Object.values(credentialHeaders(project)),
};
