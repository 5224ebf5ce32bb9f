import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SQLITE_MIGRATIONS } from '../../src/auth/stores/sqlite-schema.js';
import { LEGACY_CLIENT_ID, REDIRECT_URI, type TestStore } from './oauth.js';
import { PERSIST_TO, wranglerBin } from './server.js';

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** D1 exists only inside the Worker: `wrangler dev --local` keeps a local database for the tests. */
export const testStore: TestStore = {
  name: 'D1 (local)',
  env: () => ({}),
  inProcess: false,
  /** A local state folder of its own (`wrangler dev --persist-to`), so a D1 database of its own. */
  own: async () => ({ [PERSIST_TO]: mkdtempSync(join(tmpdir(), 'oauth-d1-')) }),
  /** Builds the old schema in that local D1 with `wrangler d1 execute`, as a user would run SQL on it. */
  async legacy(env, version) {
    const file = join(env[PERSIST_TO]!, 'legacy.sql');
    const client = `INSERT INTO mcify_oauth_clients (client_id, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope, created_at)
      VALUES (${sqlText(LEGACY_CLIENT_ID)}, 'Legacy app', ${sqlText(JSON.stringify([REDIRECT_URI]))}, '["authorization_code","refresh_token"]', 'none', NULL, ${Date.now()})`;
    writeFileSync(file, [...SQLITE_MIGRATIONS.filter((m) => m.version <= version).flatMap((m) => m.statements), client].map((s) => `${s};\n`).join(''));
    await promisify(execFile)(process.execPath, [wranglerBin(), 'd1', 'execute', 'OAUTH_DB', '--local', '--persist-to', env[PERSIST_TO]!, '--file', file], {
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      timeout: 60_000,
    });
  },
};
