import { SqliteOAuthStore, type SqliteDriver, type SqlRow } from './sqlite-store.js';

/** The part of Cloudflare's D1Database this driver uses. */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown[]>;
}
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  first<T = unknown>(): Promise<T | null>;
  all<T = unknown>(): Promise<{ results: T[] }>;
  run(): Promise<{ meta: { changes: number } }>;
}

/**
 * D1 driver. Each D1 statement runs atomically on the database's primary, so the conditional
 * `UPDATE ... WHERE consumed_at IS NULL RETURNING` is a race-free consume across isolates too.
 * (With D1 read replication, keep these queries on the primary: no replica session.)
 */
export function d1Driver(database: () => Promise<D1Like>): SqliteDriver {
  return {
    async migrate(statements) {
      const db = await database();
      await db.batch(statements.map((statement) => db.prepare(statement)));
    },
    async get(sql, params) {
      return (await (await database()).prepare(sql).bind(...params).first<SqlRow>()) ?? null;
    },
    async all(sql, params) {
      return (await (await database()).prepare(sql).bind(...params).all<SqlRow>()).results;
    },
    async run(sql, params) {
      return (await (await database()).prepare(sql).bind(...params).run()).meta.changes;
    },
    async close() {
      // The binding belongs to the Worker; there is nothing to close.
    },
  };
}

export const d1Store = (database: () => Promise<D1Like>) => new SqliteOAuthStore(d1Driver(database));
