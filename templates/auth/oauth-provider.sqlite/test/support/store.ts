import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestStore } from './oauth.js';

/** Each call gets a fresh SQLite file in a temporary folder; the same env opens the same file. */
export const testStore: TestStore = {
  name: 'SQLite file',
  env: () => ({ MCIFY_DB_PATH: join(mkdtempSync(join(tmpdir(), 'oauth-store-')), 'oauth.sqlite') }),
  inProcess: true,
};
