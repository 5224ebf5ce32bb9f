import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteOAuthStore, type SqliteDriver, type SqlRow, type SqlValue } from './sqlite-store.js';

/** The part of node:sqlite this driver uses. */
interface Database {
  exec(sql: string): void;
  prepare(sql: string): {
    get(...params: SqlValue[]): unknown;
    all(...params: SqlValue[]): unknown[];
    run(...params: SqlValue[]): { changes: number | bigint };
  };
  close(): void;
}

/**
 * node:sqlite loads without a flag from Node 22.13 on. It is imported on first use, so the error
 * below names the fix. Node 22 still calls it experimental and would print that on every start:
 * this one warning is dropped while it loads; every other warning is printed as usual.
 */
async function open(path: string): Promise<Database> {
  let sqlite: { DatabaseSync: new (path: string) => Database };
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const message = typeof warning === 'string' ? warning : warning.message;
    if (message.startsWith('SQLite is an experimental feature')) return;
    Reflect.apply(emitWarning, this, [warning, ...rest]);
  } as typeof process.emitWarning;
  try {
    sqlite = (await import('node:sqlite' as string)) as typeof sqlite;
  } catch {
    throw new Error(`The SQLite store needs Node.js >= 22.13 (node:sqlite); this is Node.js ${process.versions.node}.`);
  } finally {
    process.emitWarning = emitWarning;
  }
  if (path !== ':memory:') createPrivately(path);
  return new sqlite.DatabaseSync(path);
}

/** Creates the database file readable by its owner only (0600, its folder 0700) before SQLite opens it. */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

/** node:sqlite driver. DatabaseSync is synchronous, so each statement runs without interleaving. */
export function nodeSqliteDriver(path: string): SqliteDriver {
  let db: Database | undefined;
  const conn = () => {
    if (!db) throw new Error('node:sqlite store used before migrate()');
    return db;
  };
  return {
    async migrate(statements) {
      db ??= await open(path);
      db.exec('PRAGMA busy_timeout = 5000'); // wait instead of SQLITE_BUSY when another process writes
      db.exec('PRAGMA journal_mode = WAL');
      for (const statement of statements) db.exec(statement);
    },
    async get(sql, params) {
      return (conn().prepare(sql).get(...params) as SqlRow | undefined) ?? null;
    },
    async all(sql, params) {
      return conn().prepare(sql).all(...params) as SqlRow[];
    },
    async run(sql, params) {
      return Number(conn().prepare(sql).run(...params).changes);
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}

export const nodeSqliteStore = (path: string) => new SqliteOAuthStore(nodeSqliteDriver(path));
