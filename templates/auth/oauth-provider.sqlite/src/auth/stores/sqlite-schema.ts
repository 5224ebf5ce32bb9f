/**
 * SQL shared by every SQLite-flavoured store (node:sqlite, bun:sqlite, Cloudflare D1).
 * Times are epoch milliseconds (INTEGER); lists are JSON text. Only SHA-256 hashes of
 * codes and tokens are stored, never the plaintext.
 */
export const SQLITE_SCHEMA: readonly string[] = [
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
    revoked_at INTEGER,
    chain_id TEXT,
    chain_expires_at INTEGER
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
    rotated_to TEXT,
    chain_id TEXT,
    chain_expires_at INTEGER
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_refresh_chain ON mcify_oauth_refresh_tokens (subject_key, client_id)`,
  // A chain is revoked by one insert here; token lookups join it (see ProjectStore).
  `CREATE TABLE IF NOT EXISTS mcify_oauth_revoked_chains (
    chain_id TEXT PRIMARY KEY,
    revoked_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
  // The tools' per-user data (ProjectStore.addNote), keyed by the subject's `sub`.
  `CREATE TABLE IF NOT EXISTS mcify_user_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_user_notes_subject ON mcify_user_notes (subject, id)`,
];
