import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_MIGRATIONS } from '../../src/auth/stores/sqlite-schema.js';
import { LEGACY_CLIENT_ID, REDIRECT_URI, type TestStore } from './oauth.js';
import { sqliteDriver } from './sqlite-driver.js';

const freshFile = () => ({ MCIFY_DB_PATH: join(mkdtempSync(join(tmpdir(), 'oauth-store-')), 'oauth.sqlite') });

/** Each call gets a fresh SQLite file in a temporary folder; the same env opens the same file. */
export const testStore: TestStore = {
  name: 'SQLite file',
  env: freshFile,
  inProcess: true,
  own: async () => freshFile(),
  async legacy(env, version) {
    const db = sqliteDriver(env.MCIFY_DB_PATH!);
    await db.migrate(SQLITE_MIGRATIONS.filter((m) => m.version <= version).flatMap((m) => m.statements));
    await db.run(
      `INSERT INTO mcify_oauth_clients (client_id, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope, created_at)
       VALUES (?, 'Legacy app', ?, '["authorization_code","refresh_token"]', 'none', NULL, ?)`,
      [LEGACY_CLIENT_ID, JSON.stringify([REDIRECT_URI]), Date.now()],
    );
    await db.close();
  },
};
