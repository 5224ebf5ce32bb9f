import { PostgresOAuthStore } from './stores/postgres.js';
import type { ProjectStore } from './stores/project-store.js';

/**
 * The OAuth store of this server: PostgreSQL at DATABASE_URL, through the pure-JS `postgres`
 * package (no native build). Tables are created on first use; several instances can share it.
 */
export function openStore(env: Record<string, string | undefined>): ProjectStore {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the postgres:// URL of the database of OAuth clients and tokens.');
  return new PostgresOAuthStore(url);
}
