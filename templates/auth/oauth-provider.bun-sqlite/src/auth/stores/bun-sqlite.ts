import { Database } from 'bun:sqlite';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteOAuthStore, type SqliteDriver, type SqlRow } from './sqlite-store.js';

/** Creates the database file readable by its owner only (0600, its folder 0700) before SQLite opens it. */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

/** bun:sqlite driver. Like node:sqlite it is synchronous: each statement runs without interleaving. */
export function bunSqliteDriver(path: string): SqliteDriver {
  let db: Database | undefined;
  const conn = () => {
    if (!db) throw new Error('bun:sqlite store used before migrate()');
    return db;
  };
  return {
    async migrate(statements) {
      if (!db) {
        if (path !== ':memory:') createPrivately(path);
        db = new Database(path, { create: true });
      }
      db.exec('PRAGMA busy_timeout = 5000'); // wait instead of SQLITE_BUSY when another process writes
      db.exec('PRAGMA journal_mode = WAL');
      for (const statement of statements) db.exec(statement);
    },
    async get(sql, params) {
      return (conn().query(sql).get(...params) as SqlRow | null) ?? null;
    },
    async all(sql, params) {
      return conn().query(sql).all(...params) as SqlRow[];
    },
    async run(sql, params) {
      return conn().query(sql).run(...params).changes;
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}

export const bunSqliteStore = (path: string) => new SqliteOAuthStore(bunSqliteDriver(path));
