import type {
  NewAccessToken,
  NewAuthCode,
  NewClient,
  NewRefreshToken,
  StoredAccessToken,
  StoredAuthCode,
  StoredClient,
  StoredRefreshToken,
} from '@mcify/core';
import type { ChainLink, ProjectStore, RefreshGrant, RevokeGrants, RevokedGrants } from './project-store.js';
import { SQLITE_MIGRATIONS, SQLITE_VERSION_TABLE } from './sqlite-schema.js';

/** A value SQLite can bind: the store only ever binds text, integers and null. */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

/**
 * The four operations the store needs from a SQLite-flavoured database. One small driver per
 * target (node:sqlite, bun:sqlite, Cloudflare D1): the SQL and the store logic are shared.
 */
export interface SqliteDriver {
  /** Opens the database (once) and runs `statements` (CREATE ... IF NOT EXISTS). */
  migrate(statements: readonly string[]): Promise<void>;
  /** First row or null. */
  get(sql: string, params: readonly SqlValue[]): Promise<SqlRow | null>;
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Returns the number of changed rows. */
  run(sql: string, params: readonly SqlValue[]): Promise<number>;
  close(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const dateOrNull = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(Number(v));

const toClient = (r: SqlRow): StoredClient => ({
  clientId: str(r['client_id']),
  clientName: strOrNull(r['client_name']),
  redirectUris: JSON.parse(str(r['redirect_uris'])) as string[],
  grantTypes: JSON.parse(str(r['grant_types'])) as string[],
  tokenEndpointAuthMethod: str(r['token_endpoint_auth_method']),
  scope: strOrNull(r['scope']),
  createdAt: new Date(Number(r['created_at'])),
});

const toRefresh = (r: SqlRow): StoredRefreshToken => ({
  id: str(r['id']),
  clientId: str(r['client_id']),
  subjectKey: str(r['subject_key']),
  scope: strOrNull(r['scope']),
  expiresAt: new Date(Number(r['expires_at'])),
  consumedAt: dateOrNull(r['consumed_at']),
});

const toChain = (r: SqlRow): ChainLink | null =>
  r['chain_id'] === null || r['chain_id'] === undefined
    ? null
    : { chainId: str(r['chain_id']), chainExpiresAt: new Date(Number(r['chain_expires_at'])) };

/** Each token row with `chain_revoked_at`: when its chain was revoked, else null. */
const withChain = (table: string) =>
  `SELECT t.*, c.revoked_at AS chain_revoked_at FROM ${table} t
     LEFT JOIN mcify_oauth_revoked_chains c ON c.chain_id = t.chain_id`;

/**
 * Persistent {@link OAuthStore} over SQLite (node:sqlite, bun:sqlite or D1 through a driver).
 * Tables are created on first use. The two `consume*` methods are single conditional UPDATEs
 * (`... WHERE consumed_at IS NULL RETURNING ...`): SQLite runs each statement atomically, so
 * exactly one concurrent caller wins, also across processes sharing the file.
 */
export class SqliteOAuthStore implements ProjectStore {
  private ready_: Promise<void> | null = null;
  private lastPurge = 0;

  constructor(
    private readonly db: SqliteDriver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates or upgrades the tables (once). Call at startup to fail fast; every method also awaits it. */
  ready(): Promise<void> {
    return this.init();
  }

  private init(): Promise<void> {
    this.ready_ ??= this.upgrade().catch((e: unknown) => {
      this.ready_ = null; // retry on the next call
      throw e;
    });
    return this.ready_;
  }

  /** Applies the migrations this database has not had yet (see sqlite-schema.ts). */
  private async upgrade(): Promise<void> {
    await this.db.migrate([SQLITE_VERSION_TABLE]);
    const row = await this.db.get(`SELECT MAX(version) AS version FROM mcify_oauth_schema`, []);
    const current = Number(row?.['version'] ?? 0);
    for (const migration of SQLITE_MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements) {
        try {
          await this.db.run(statement, []);
        } catch (e) {
          // SQLite has no ADD COLUMN IF NOT EXISTS: a column that is there already (a database made
          // before the version table, or another server upgrading it at the same moment) is fine.
          if (!/duplicate column name/i.test(String(e))) throw e;
        }
      }
      await this.db.run(`INSERT OR IGNORE INTO mcify_oauth_schema (version, applied_at) VALUES (?, ?)`, [migration.version, this.now()]);
    }
  }

  async close(): Promise<void> {
    this.ready_ = null;
    await this.db.close();
  }

  async insertClient(client: NewClient): Promise<StoredClient> {
    await this.init();
    const createdAt = this.now();
    await this.db.run(
      `INSERT INTO mcify_oauth_clients
        (client_id, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        client.clientId,
        client.clientName,
        JSON.stringify(client.redirectUris),
        JSON.stringify(client.grantTypes),
        client.tokenEndpointAuthMethod,
        client.scope,
        createdAt,
      ],
    );
    return { ...client, createdAt: new Date(createdAt) };
  }

  async getClientById(clientId: string): Promise<StoredClient | null> {
    await this.init();
    const row = await this.db.get(`SELECT * FROM mcify_oauth_clients WHERE client_id = ?`, [clientId]);
    return row ? toClient(row) : null;
  }

  async findClientsByName(clientName: string | null): Promise<StoredClient[]> {
    await this.init();
    // `IS` compares NULL with NULL as equal (plain `=` would never match a null name).
    const rows = await this.db.all(
      `SELECT * FROM mcify_oauth_clients WHERE client_name IS ? ORDER BY created_at LIMIT 50`,
      [clientName],
    );
    return rows.map(toClient);
  }

  async insertAuthorizationCode(code: NewAuthCode): Promise<void> {
    await this.init();
    await this.db.run(
      `INSERT INTO mcify_oauth_codes
        (code_hash, client_id, subject_key, redirect_uri, code_challenge, code_challenge_method, scope, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        code.codeHash,
        code.clientId,
        code.subjectKey,
        code.redirectUri,
        code.codeChallenge,
        code.codeChallengeMethod,
        code.scope,
        code.expiresAt.getTime(),
      ],
    );
  }

  async consumeAuthorizationCode(codeHash: string): Promise<StoredAuthCode | null> {
    await this.init();
    const row = await this.db.get(
      `UPDATE mcify_oauth_codes SET consumed_at = ?
        WHERE code_hash = ? AND consumed_at IS NULL
        RETURNING client_id, subject_key, redirect_uri, code_challenge, code_challenge_method, scope, expires_at`,
      [this.now(), codeHash],
    );
    if (!row) return null;
    return {
      clientId: str(row['client_id']),
      subjectKey: str(row['subject_key']),
      redirectUri: str(row['redirect_uri']),
      codeChallenge: str(row['code_challenge']),
      codeChallengeMethod: str(row['code_challenge_method']),
      scope: strOrNull(row['scope']),
      expiresAt: new Date(Number(row['expires_at'])),
    };
  }

  async insertAccessToken(token: NewAccessToken & Partial<ChainLink>): Promise<void> {
    await this.init();
    await this.db.run(
      `INSERT INTO mcify_oauth_access_tokens (token_hash, client_id, subject_key, scope, expires_at, chain_id, chain_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [token.tokenHash, token.clientId, token.subjectKey, token.scope, token.expiresAt.getTime(), token.chainId ?? null, token.chainExpiresAt?.getTime() ?? null],
    );
    await this.purgeExpired();
  }

  async getAccessTokenByHash(tokenHash: string): Promise<StoredAccessToken | null> {
    await this.init();
    const r = await this.db.get(`${withChain('mcify_oauth_access_tokens')} WHERE t.token_hash = ?`, [tokenHash]);
    if (!r) return null;
    return {
      clientId: str(r['client_id']),
      subjectKey: str(r['subject_key']),
      scope: strOrNull(r['scope']),
      expiresAt: new Date(Number(r['expires_at'])),
      revokedAt: dateOrNull(r['revoked_at'] ?? r['chain_revoked_at']),
    };
  }

  async insertRefreshToken(token: NewRefreshToken & Partial<ChainLink>): Promise<StoredRefreshToken> {
    await this.init();
    const id = crypto.randomUUID();
    await this.db.run(
      `INSERT INTO mcify_oauth_refresh_tokens (id, token_hash, client_id, subject_key, scope, expires_at, chain_id, chain_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, token.tokenHash, token.clientId, token.subjectKey, token.scope, token.expiresAt.getTime(), token.chainId ?? null, token.chainExpiresAt?.getTime() ?? null],
    );
    return {
      id,
      clientId: token.clientId,
      subjectKey: token.subjectKey,
      scope: token.scope,
      expiresAt: token.expiresAt,
      consumedAt: null,
    };
  }

  async getRefreshTokenByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    await this.init();
    const r = await this.db.get(`SELECT * FROM mcify_oauth_refresh_tokens WHERE token_hash = ?`, [tokenHash]);
    return r ? toRefresh(r) : null;
  }

  async getRefreshGrant(tokenHash: string): Promise<RefreshGrant | null> {
    await this.init();
    const r = await this.db.get(`${withChain('mcify_oauth_refresh_tokens')} WHERE t.token_hash = ?`, [tokenHash]);
    return r ? { ...toRefresh(r), chain: toChain(r), chainRevoked: r['chain_revoked_at'] !== null && r['chain_revoked_at'] !== undefined } : null;
  }

  async findCodeClient(codeHash: string): Promise<string | null> {
    await this.init();
    const r = await this.db.get(`SELECT client_id FROM mcify_oauth_codes WHERE code_hash = ?`, [codeHash]);
    return r ? str(r['client_id']) : null;
  }

  async findTokenChain(tokenHash: string): Promise<{ clientId: string; chain: ChainLink | null } | null> {
    await this.init();
    const r =
      (await this.db.get(`SELECT client_id, chain_id, chain_expires_at FROM mcify_oauth_access_tokens WHERE token_hash = ?`, [tokenHash])) ??
      (await this.db.get(`SELECT client_id, chain_id, chain_expires_at FROM mcify_oauth_refresh_tokens WHERE token_hash = ?`, [tokenHash]));
    return r ? { clientId: str(r['client_id']), chain: toChain(r) } : null;
  }

  async revokeChainById(chainId: string, until: Date): Promise<void> {
    await this.init();
    await this.db.run(
      `INSERT INTO mcify_oauth_revoked_chains (chain_id, revoked_at, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (chain_id) DO NOTHING`,
      [chainId, this.now(), until.getTime()],
    );
  }

  async consumeRefreshToken(id: string): Promise<boolean> {
    await this.init();
    const changed = await this.db.run(
      `UPDATE mcify_oauth_refresh_tokens SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL`,
      [this.now(), id],
    );
    return changed === 1;
  }

  async setRefreshRotatedTo(id: string, rotatedToId: string): Promise<void> {
    await this.init();
    await this.db.run(`UPDATE mcify_oauth_refresh_tokens SET rotated_to = ? WHERE id = ?`, [rotatedToId, id]);
  }

  async revokeChain(subjectKey: string, clientId: string): Promise<void> {
    await this.init();
    const at = this.now();
    await this.db.run(
      `UPDATE mcify_oauth_access_tokens SET revoked_at = ?
        WHERE subject_key = ? AND client_id = ? AND revoked_at IS NULL`,
      [at, subjectKey, clientId],
    );
    await this.db.run(
      `UPDATE mcify_oauth_refresh_tokens SET consumed_at = ?
        WHERE subject_key = ? AND client_id = ? AND consumed_at IS NULL`,
      [at, subjectKey, clientId],
    );
  }

  async revokeGrants({ clientId, until, deleteClients }: RevokeGrants): Promise<RevokedGrants> {
    await this.init();
    const now = this.now();
    // `? IS NULL OR client_id = ?`: one client, or every client when clientId is null.
    const of = (table: string) => `FROM ${table} WHERE (? IS NULL OR client_id = ?) AND expires_at > ?`;
    const who = [clientId, clientId, now];
    // First the chains: from this insert on, no token of them works, also one issued a moment later
    // from a code or refresh token being redeemed right now. A refresh token from before chains
    // starts a chain named after itself (token-endpoint.ts), so its id is revoked too.
    const grants = await this.db.run(
      `INSERT OR IGNORE INTO mcify_oauth_revoked_chains (chain_id, revoked_at, expires_at)
         SELECT code_hash, ?, ? ${of('mcify_oauth_codes')}
         UNION SELECT chain_id, ?, ? ${of('mcify_oauth_access_tokens')} AND chain_id IS NOT NULL
         UNION SELECT COALESCE(chain_id, id), ?, ? ${of('mcify_oauth_refresh_tokens')}`,
      [now, until.getTime(), ...who, now, until.getTime(), ...who, now, until.getTime(), ...who],
    );
    // Then what a chain does not cover: codes not redeemed yet, access tokens from before chains.
    await this.db.run(`UPDATE mcify_oauth_codes SET consumed_at = ? WHERE (? IS NULL OR client_id = ?) AND consumed_at IS NULL`, [now, clientId, clientId]);
    await this.db.run(`UPDATE mcify_oauth_access_tokens SET revoked_at = ? WHERE (? IS NULL OR client_id = ?) AND revoked_at IS NULL AND chain_id IS NULL`, [now, clientId, clientId]);
    await this.db.run(`UPDATE mcify_oauth_refresh_tokens SET consumed_at = ? WHERE (? IS NULL OR client_id = ?) AND consumed_at IS NULL AND chain_id IS NULL`, [now, clientId, clientId]);
    const clients = deleteClients ? await this.db.run(`DELETE FROM mcify_oauth_clients WHERE (? IS NULL OR client_id = ?)`, [clientId, clientId]) : 0;
    return { grants, clients };
  }

  async addNote(subject: string, text: string): Promise<void> {
    await this.init();
    await this.db.run(`INSERT INTO mcify_user_notes (subject, text, created_at) VALUES (?, ?, ?)`, [subject, text, this.now()]);
  }

  async listNotes(subject: string): Promise<string[]> {
    await this.init();
    const rows = await this.db.all(`SELECT text FROM mcify_user_notes WHERE subject = ? ORDER BY id`, [subject]);
    return rows.map((r) => str(r['text']));
  }

  /** Deletes rows that expired more than a day ago; runs at most once an hour. */
  async purgeExpired(): Promise<void> {
    const now = this.now();
    if (now - this.lastPurge < HOUR) return;
    this.lastPurge = now;
    const cutoff = now - 24 * HOUR;
    await this.db.run(`DELETE FROM mcify_oauth_codes WHERE expires_at < ?`, [cutoff]);
    await this.db.run(`DELETE FROM mcify_oauth_access_tokens WHERE expires_at < ?`, [cutoff]);
    await this.db.run(`DELETE FROM mcify_oauth_refresh_tokens WHERE expires_at < ?`, [cutoff]);
    await this.db.run(`DELETE FROM mcify_oauth_revoked_chains WHERE expires_at < ?`, [cutoff]);
  }
}
