/**
 * SQL shared by every SQLite-flavoured store (node:sqlite, bun:sqlite, Cloudflare D1).
 * Times are epoch milliseconds (INTEGER); lists are JSON text. Only SHA-256 hashes of
 * codes and tokens are stored, never the plaintext.
 *
 * The schema is a list of numbered migrations; `mcify_oauth_schema` records the ones a database
 * has had, so a database made by an earlier version of this project is upgraded when the store
 * opens it. Each step is idempotent (IF NOT EXISTS; a column that exists already is skipped), so
 * a database from before the version table, or two servers opening it at once, come out the same.
 * Add a change as a new migration at the end; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly statements: readonly string[];
}

/** Created before anything else: the versions applied so far. */
export const SQLITE_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS mcify_oauth_schema (
  version INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
)`;

/** The first schema, as the first generated projects created it. */
const V1: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS mcify_oauth_clients (
    client_id TEXT PRIMARY KEY,
    client_name TEXT,
    redirect_uris TEXT NOT NULL,
    grant_types TEXT NOT NULL,
    token_endpoint_auth_method TEXT NOT NULL,
    scope TEXT,
    created_at INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_clients_name ON mcify_oauth_clients (client_name)`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_codes (
    code_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    code_challenge_method TEXT NOT NULL,
    scope TEXT,
    expires_at INTEGER NOT NULL,
    consumed_at INTEGER
  )`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_access_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    scope TEXT,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_access_chain ON mcify_oauth_access_tokens (subject_key, client_id)`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_refresh_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    scope TEXT,
    expires_at INTEGER NOT NULL,
    consumed_at INTEGER,
    rotated_to TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_refresh_chain ON mcify_oauth_refresh_tokens (subject_key, client_id)`,
];

/** Token chains (see ProjectStore): each token names its chain; a chain is revoked by one insert. */
const V2: readonly string[] = [
  `ALTER TABLE mcify_oauth_access_tokens ADD COLUMN chain_id TEXT`,
  `ALTER TABLE mcify_oauth_access_tokens ADD COLUMN chain_expires_at INTEGER`,
  `ALTER TABLE mcify_oauth_refresh_tokens ADD COLUMN chain_id TEXT`,
  `ALTER TABLE mcify_oauth_refresh_tokens ADD COLUMN chain_expires_at INTEGER`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_revoked_chains (
    chain_id TEXT PRIMARY KEY,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
];

/** The tools' per-user data (ProjectStore.addNote), keyed by the subject's `sub`. */
const V3: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS mcify_user_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_user_notes_subject ON mcify_user_notes (subject, id)`,
];

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  { version: 1, statements: V1 },
  { version: 2, statements: V2 },
  { version: 3, statements: V3 },
];
