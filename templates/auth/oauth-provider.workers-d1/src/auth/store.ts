import { d1Store, type D1Like } from './stores/d1.js';
import type { ProjectStore } from './stores/project-store.js';

/** The Worker's bindings; `OAUTH_DB` is the D1 database declared in wrangler.jsonc. */
let bindings: Promise<{ OAUTH_DB?: D1Like }> | undefined;
const loadBindings = () => (bindings ??= import('cloudflare:workers' as string).then((m) => (m as { env: { OAUTH_DB?: D1Like } }).env));

/**
 * The OAuth store of this Worker: the D1 database bound as OAUTH_DB (wrangler.jsonc), SQLite at
 * Cloudflare, shared by every isolate. Tables are created on first use. `wrangler deploy` creates
 * the database on the first deploy (automatic provisioning).
 */
export function openStore(_env: Record<string, string | undefined>): ProjectStore {
  return d1Store(async () => {
    const db = (await loadBindings()).OAUTH_DB;
    if (!db) throw new Error('The D1 binding OAUTH_DB is missing: declare it under d1_databases in wrangler.jsonc.');
    return db;
  });
}
