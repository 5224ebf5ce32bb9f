import postgres from 'postgres';
import { POSTGRES_MIGRATIONS } from '../../src/auth/stores/postgres.js';
import { LEGACY_CLIENT_ID, REDIRECT_URI, type TestStore } from './oauth.js';

// The tests create their tables (mcify_oauth_*) in this database: use one made for tests.
const url = process.env.MCIFY_TEST_DATABASE_URL || process.env.DATABASE_URL;

/** Runs `work` on a short-lived connection to `databaseUrl`. */
async function withSql(databaseUrl: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export const testStore: TestStore = {
  name: 'PostgreSQL',
  env: () => ({ DATABASE_URL: url ?? '' }),
  skip: url ? undefined : 'no PostgreSQL to test against: set MCIFY_TEST_DATABASE_URL (see README.md, "Auth")',
  inProcess: true,
  /** A schema of its own in the test database, chosen with the URL's search_path (a connection parameter). */
  async own() {
    const schema = `mcify_test_${crypto.randomUUID().replace(/-/g, '')}`;
    await withSql(url!, (sql) => sql.unsafe(`CREATE SCHEMA ${schema}`));
    const own = new URL(url!);
    own.searchParams.set('search_path', schema);
    return { DATABASE_URL: own.toString() };
  },
  async legacy(env, version) {
    await withSql(env.DATABASE_URL!, async (sql) => {
      for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version <= version)) {
        for (const statement of migration.statements) await sql.unsafe(statement);
      }
      await sql`
        INSERT INTO mcify_oauth_clients (client_id, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope)
        VALUES (${LEGACY_CLIENT_ID}, 'Legacy app', ${sql.json([REDIRECT_URI])}, ${sql.json(['authorization_code', 'refresh_token'])}, 'none', NULL)`;
    });
  },
};
