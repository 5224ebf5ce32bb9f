/** The raw SQLite driver of this target, for tests that build a database by hand. */
export { bunSqliteDriver as sqliteDriver } from '../../src/auth/stores/bun-sqlite.js';
