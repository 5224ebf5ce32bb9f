import type { TestStore } from './oauth.js';

// The tests create their tables (mcify_oauth_*) in this database: use one made for tests.
const url = process.env.MCIFY_TEST_DATABASE_URL || process.env.DATABASE_URL;

export const testStore: TestStore = {
  name: 'PostgreSQL',
  env: () => ({ DATABASE_URL: url ?? '' }),
  skip: url ? undefined : 'no PostgreSQL to test against: set MCIFY_TEST_DATABASE_URL (see README.md, "Auth")',
  inProcess: true,
};
