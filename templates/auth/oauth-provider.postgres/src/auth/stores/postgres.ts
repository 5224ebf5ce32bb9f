import postgres from 'postgres';
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

/**
 * The schema as numbered migrations; `mcify_oauth_schema` records the ones a database has had, so
 * a database made by an earlier version of this project is upgraded when the store opens it. Each
 * step is idempotent (IF NOT EXISTS), so a database from before the version table comes out the
 * same. Add a change as a new migration at the end; never edit one that has shipped.
 */
const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS mcify_oauth_schema (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The first schema, as the first generated projects created it. */
const V1 = [
  `CREATE TABLE IF NOT EXISTS mcify_oauth_clients (
    client_id text PRIMARY KEY,
    client_name text,
    redirect_uris jsonb NOT NULL,
    grant_types jsonb NOT NULL,
    token_endpoint_auth_method text NOT NULL,
    scope text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_clients_name ON mcify_oauth_clients (client_name)`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_codes (
    code_hash text PRIMARY KEY,
    client_id text NOT NULL,
    subject_key text NOT NULL,
    redirect_uri text NOT NULL,
    code_challenge text NOT NULL,
    code_challenge_method text NOT NULL,
    scope text,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
  )`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_access_tokens (
    token_hash text PRIMARY KEY,
    client_id text NOT NULL,
    subject_key text NOT NULL,
    scope text,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_access_chain ON mcify_oauth_access_tokens (subject_key, client_id)`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_refresh_tokens (
    id uuid PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    client_id text NOT NULL,
    subject_key text NOT NULL,
    scope text,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz,
    rotated_to uuid
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_oauth_refresh_chain ON mcify_oauth_refresh_tokens (subject_key, client_id)`,
];

/** Token chains (see ProjectStore): each token names its chain; a chain is revoked by one insert. */
const V2 = [
  `ALTER TABLE mcify_oauth_access_tokens ADD COLUMN IF NOT EXISTS chain_id text, ADD COLUMN IF NOT EXISTS chain_expires_at timestamptz`,
  `ALTER TABLE mcify_oauth_refresh_tokens ADD COLUMN IF NOT EXISTS chain_id text, ADD COLUMN IF NOT EXISTS chain_expires_at timestamptz`,
  `CREATE TABLE IF NOT EXISTS mcify_oauth_revoked_chains (
    chain_id text PRIMARY KEY,
    revoked_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
];

/** The tools' per-user data (ProjectStore.addNote), keyed by the subject's `sub`. */
const V3 = [
  `CREATE TABLE IF NOT EXISTS mcify_user_notes (
    id bigserial PRIMARY KEY,
    subject text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS mcify_user_notes_subject ON mcify_user_notes (subject, id)`,
];

export const POSTGRES_MIGRATIONS = [
  { version: 1, statements: V1 },
  { version: 2, statements: V2 },
  { version: 3, statements: V3 },
] as const;

type Row = Record<string, unknown>;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const toClient = (r: Row): StoredClient => ({
  clientId: String(r['client_id']),
  clientName: strOrNull(r['client_name']),
  redirectUris: r['redirect_uris'] as string[],
  grantTypes: r['grant_types'] as string[],
  tokenEndpointAuthMethod: String(r['token_endpoint_auth_method']),
  scope: strOrNull(r['scope']),
  createdAt: r['created_at'] as Date,
});
const toRefresh = (r: Row): StoredRefreshToken => ({
  id: String(r['id']),
  clientId: String(r['client_id']),
  subjectKey: String(r['subject_key']),
  scope: strOrNull(r['scope']),
  expiresAt: r['expires_at'] as Date,
  consumedAt: (r['consumed_at'] as Date | null) ?? null,
});
const toChain = (r: Row): ChainLink | null =>
  r['chain_id'] === null ? null : { chainId: String(r['chain_id']), chainExpiresAt: r['chain_expires_at'] as Date };

/**
 * {@link OAuthStore} on Postgres through `postgres` (pure JS, no native build; Node and Bun).
 * Tables are created on first use. `consume*` are single conditional UPDATEs, which Postgres
 * serialises on the row lock: exactly one concurrent caller gets the row back.
 */
export class PostgresOAuthStore implements ProjectStore {
  readonly sql: postgres.Sql;
  private ready_: Promise<void> | null = null;

  constructor(url: string, options: postgres.Options<Record<string, never>> = {}) {
    this.sql = postgres(url, { max: 10, onnotice: () => {}, ...options });
  }

  /** Connects and creates or upgrades the tables (once). Call at startup to fail fast. */
  ready(): Promise<void> {
    return this.init();
  }

  private init(): Promise<void> {
    this.ready_ ??= (async () => {
      // Serialise concurrent first-time migrations from several instances.
      await this.sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(727274)`;
        await tx.unsafe(VERSION_TABLE);
        const [row] = await tx`SELECT COALESCE(MAX(version), 0) AS version FROM mcify_oauth_schema`;
        for (const migration of POSTGRES_MIGRATIONS) {
          if (migration.version <= Number(row?.['version'] ?? 0)) continue;
          for (const statement of migration.statements) await tx.unsafe(statement);
          await tx`INSERT INTO mcify_oauth_schema (version) VALUES (${migration.version}) ON CONFLICT DO NOTHING`;
        }
      });
    })().catch((e: unknown) => {
      this.ready_ = null;
      throw e;
    });
    return this.ready_;
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }

  async insertClient(c: NewClient): Promise<StoredClient> {
    await this.init();
    const [row] = await this.sql`
      INSERT INTO mcify_oauth_clients
        (client_id, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope)
      VALUES (${c.clientId}, ${c.clientName}, ${this.sql.json([...c.redirectUris])},
              ${this.sql.json([...c.grantTypes])}, ${c.tokenEndpointAuthMethod}, ${c.scope})
      RETURNING *`;
    return toClient(row as Row);
  }

  async getClientById(clientId: string): Promise<StoredClient | null> {
    await this.init();
    const [row] = await this.sql`SELECT * FROM mcify_oauth_clients WHERE client_id = ${clientId}`;
    return row ? toClient(row) : null;
  }

  async findClientsByName(clientName: string | null): Promise<StoredClient[]> {
    await this.init();
    const rows = await this.sql`
      SELECT * FROM mcify_oauth_clients WHERE client_name IS NOT DISTINCT FROM ${clientName}
      ORDER BY created_at LIMIT 50`;
    return rows.map(toClient);
  }

  async insertAuthorizationCode(c: NewAuthCode): Promise<void> {
    await this.init();
    await this.sql`
      INSERT INTO mcify_oauth_codes
        (code_hash, client_id, subject_key, redirect_uri, code_challenge, code_challenge_method, scope, expires_at)
      VALUES (${c.codeHash}, ${c.clientId}, ${c.subjectKey}, ${c.redirectUri}, ${c.codeChallenge},
              ${c.codeChallengeMethod}, ${c.scope}, ${c.expiresAt})`;
  }

  async consumeAuthorizationCode(codeHash: string): Promise<StoredAuthCode | null> {
    await this.init();
    const [r] = await this.sql`
      UPDATE mcify_oauth_codes SET consumed_at = now()
       WHERE code_hash = ${codeHash} AND consumed_at IS NULL
       RETURNING *`;
    if (!r) return null;
    return {
      clientId: String(r['client_id']),
      subjectKey: String(r['subject_key']),
      redirectUri: String(r['redirect_uri']),
      codeChallenge: String(r['code_challenge']),
      codeChallengeMethod: String(r['code_challenge_method']),
      scope: strOrNull(r['scope']),
      expiresAt: r['expires_at'] as Date,
    };
  }

  async insertAccessToken(t: NewAccessToken & Partial<ChainLink>): Promise<void> {
    await this.init();
    await this.sql`
      INSERT INTO mcify_oauth_access_tokens (token_hash, client_id, subject_key, scope, expires_at, chain_id, chain_expires_at)
      VALUES (${t.tokenHash}, ${t.clientId}, ${t.subjectKey}, ${t.scope}, ${t.expiresAt}, ${t.chainId ?? null}, ${t.chainExpiresAt ?? null})`;
  }

  async getAccessTokenByHash(tokenHash: string): Promise<StoredAccessToken | null> {
    await this.init();
    const r = await this.withChain('mcify_oauth_access_tokens', tokenHash);
    if (!r) return null;
    return {
      clientId: String(r['client_id']),
      subjectKey: String(r['subject_key']),
      scope: strOrNull(r['scope']),
      expiresAt: r['expires_at'] as Date,
      revokedAt: ((r['revoked_at'] ?? r['chain_revoked_at']) as Date | null) ?? null,
    };
  }

  async insertRefreshToken(t: NewRefreshToken & Partial<ChainLink>): Promise<StoredRefreshToken> {
    await this.init();
    const [row] = await this.sql`
      INSERT INTO mcify_oauth_refresh_tokens (id, token_hash, client_id, subject_key, scope, expires_at, chain_id, chain_expires_at)
      VALUES (${crypto.randomUUID()}, ${t.tokenHash}, ${t.clientId}, ${t.subjectKey}, ${t.scope}, ${t.expiresAt},
              ${t.chainId ?? null}, ${t.chainExpiresAt ?? null})
      RETURNING *`;
    return toRefresh(row as Row);
  }

  async getRefreshGrant(tokenHash: string): Promise<RefreshGrant | null> {
    await this.init();
    const r = await this.withChain('mcify_oauth_refresh_tokens', tokenHash);
    return r ? { ...toRefresh(r), chain: toChain(r), chainRevoked: r['chain_revoked_at'] !== null } : null;
  }

  /** The token's row with `chain_revoked_at`: when its chain was revoked, else null. */
  private async withChain(table: 'mcify_oauth_access_tokens' | 'mcify_oauth_refresh_tokens', tokenHash: string): Promise<Row | undefined> {
    const [r] = await this.sql`
      SELECT t.*, c.revoked_at AS chain_revoked_at FROM ${this.sql(table)} t
        LEFT JOIN mcify_oauth_revoked_chains c ON c.chain_id = t.chain_id
       WHERE t.token_hash = ${tokenHash}`;
    return r;
  }

  async findCodeClient(codeHash: string): Promise<string | null> {
    await this.init();
    const [r] = await this.sql`SELECT client_id FROM mcify_oauth_codes WHERE code_hash = ${codeHash}`;
    return r ? String(r['client_id']) : null;
  }

  async findTokenChain(tokenHash: string): Promise<{ clientId: string; chain: ChainLink | null } | null> {
    await this.init();
    const [r] = await this.sql`
      SELECT client_id, chain_id, chain_expires_at FROM mcify_oauth_access_tokens WHERE token_hash = ${tokenHash}
      UNION ALL
      SELECT client_id, chain_id, chain_expires_at FROM mcify_oauth_refresh_tokens WHERE token_hash = ${tokenHash}
      LIMIT 1`;
    return r ? { clientId: String(r['client_id']), chain: toChain(r) } : null;
  }

  async revokeChainById(chainId: string, until: Date): Promise<void> {
    await this.init();
    await this.sql`
      INSERT INTO mcify_oauth_revoked_chains (chain_id, expires_at) VALUES (${chainId}, ${until})
      ON CONFLICT (chain_id) DO NOTHING`;
  }

  async getRefreshTokenByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    await this.init();
    const [r] = await this.sql`SELECT * FROM mcify_oauth_refresh_tokens WHERE token_hash = ${tokenHash}`;
    return r ? toRefresh(r) : null;
  }

  async consumeRefreshToken(id: string): Promise<boolean> {
    await this.init();
    const res = await this.sql`
      UPDATE mcify_oauth_refresh_tokens SET consumed_at = now() WHERE id = ${id} AND consumed_at IS NULL`;
    return res.count === 1;
  }

  async setRefreshRotatedTo(id: string, rotatedToId: string): Promise<void> {
    await this.init();
    await this.sql`UPDATE mcify_oauth_refresh_tokens SET rotated_to = ${rotatedToId} WHERE id = ${id}`;
  }

  async revokeChain(subjectKey: string, clientId: string): Promise<void> {
    await this.init();
    await this.sql.begin(async (tx) => {
      await tx`UPDATE mcify_oauth_access_tokens SET revoked_at = now()
                WHERE subject_key = ${subjectKey} AND client_id = ${clientId} AND revoked_at IS NULL`;
      await tx`UPDATE mcify_oauth_refresh_tokens SET consumed_at = now()
                WHERE subject_key = ${subjectKey} AND client_id = ${clientId} AND consumed_at IS NULL`;
    });
  }

  async revokeGrants({ clientId, until, deleteClients }: RevokeGrants): Promise<RevokedGrants> {
    await this.init();
    // One client, or every client when clientId is null.
    const of = (table: string) => this.sql`FROM ${this.sql(table)} WHERE (${clientId}::text IS NULL OR client_id = ${clientId}) AND expires_at > now()`;
    return this.sql.begin(async (tx) => {
      // The chains: from this insert on, no token of them works, also one issued at that moment from
      // a code or refresh token being redeemed. A refresh token from before chains starts a chain
      // named after itself (token-endpoint.ts), so its id is revoked too.
      const grants = await tx`
        INSERT INTO mcify_oauth_revoked_chains (chain_id, expires_at)
          SELECT code_hash, ${until}::timestamptz ${of('mcify_oauth_codes')}
          UNION SELECT chain_id, ${until}::timestamptz ${of('mcify_oauth_access_tokens')} AND chain_id IS NOT NULL
          UNION SELECT COALESCE(chain_id, id::text), ${until}::timestamptz ${of('mcify_oauth_refresh_tokens')}
        ON CONFLICT (chain_id) DO NOTHING`;
      // What a chain does not cover: codes not redeemed yet, tokens from before chains.
      const mine = () => tx`(${clientId}::text IS NULL OR client_id = ${clientId})`;
      await tx`UPDATE mcify_oauth_codes SET consumed_at = now() WHERE ${mine()} AND consumed_at IS NULL`;
      await tx`UPDATE mcify_oauth_access_tokens SET revoked_at = now() WHERE ${mine()} AND revoked_at IS NULL AND chain_id IS NULL`;
      await tx`UPDATE mcify_oauth_refresh_tokens SET consumed_at = now() WHERE ${mine()} AND consumed_at IS NULL AND chain_id IS NULL`;
      const clients = deleteClients ? (await tx`DELETE FROM mcify_oauth_clients WHERE ${mine()}`).count : 0;
      return { grants: grants.count, clients };
    });
  }

  async addNote(subject: string, text: string): Promise<void> {
    await this.init();
    await this.sql`INSERT INTO mcify_user_notes (subject, text) VALUES (${subject}, ${text})`;
  }

  async listNotes(subject: string): Promise<string[]> {
    await this.init();
    const rows = await this.sql`SELECT text FROM mcify_user_notes WHERE subject = ${subject} ORDER BY id`;
    return rows.map((r) => String(r['text']));
  }

  /** Deletes rows that expired more than a day ago (call from a cron / on start). */
  async purgeExpired(): Promise<void> {
    await this.init();
    await this.sql`DELETE FROM mcify_oauth_codes WHERE expires_at < now() - interval '1 day'`;
    await this.sql`DELETE FROM mcify_oauth_access_tokens WHERE expires_at < now() - interval '1 day'`;
    await this.sql`DELETE FROM mcify_oauth_refresh_tokens WHERE expires_at < now() - interval '1 day'`;
    await this.sql`DELETE FROM mcify_oauth_revoked_chains WHERE expires_at < now() - interval '1 day'`;
  }
}
