import type { TestStore } from './oauth.js';

/** D1 exists only inside the Worker: `wrangler dev --local` keeps a local database for the tests. */
export const testStore: TestStore = { name: 'D1 (local)', env: () => ({}), inProcess: false };
