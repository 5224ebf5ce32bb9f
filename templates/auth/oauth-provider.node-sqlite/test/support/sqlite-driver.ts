/** The raw SQLite driver of this target, for tests that build a database by hand. */
export { nodeSqliteDriver as sqliteDriver } from '../../src/auth/stores/node-sqlite.js';
