import { bunSqliteStore } from './stores/bun-sqlite.js';
import type { ProjectStore } from './stores/project-store.js';

/**
 * The OAuth store of this server: a SQLite file through bun:sqlite, at MCIFY_DB_PATH or
 * .data/oauth.sqlite. Tables are created on first use. Keep the file on a persistent disk (a
 * volume in Docker), or every client has to connect again after a deploy.
 */
export function openStore(env: Record<string, string | undefined>): ProjectStore {
  return bunSqliteStore(env.MCIFY_DB_PATH || '.data/oauth.sqlite');
}
