import type { NewAccessToken, NewRefreshToken, OAuthStore, StoredAccessToken, StoredRefreshToken } from '@mcify/core';

/**
 * Where a token belongs: the chain of tokens issued from one authorization code (its id is that
 * code's hash), and the moment the chain ends whatever its refresh tokens say (the chain's
 * absolute lifetime, MCIFY_REFRESH_CHAIN_DAYS).
 */
export interface ChainLink {
  readonly chainId: string;
  readonly chainExpiresAt: Date;
}

/** A refresh token as the token endpoint reads it: its row, its chain, and whether that chain was revoked. */
export interface RefreshGrant extends StoredRefreshToken {
  /** Null for a token issued by mcify's own /token (before this project's token endpoint). */
  readonly chain: ChainLink | null;
  readonly chainRevoked: boolean;
}

/** What `revokeGrants` ends. */
export interface RevokeGrants {
  /** One client's grants, or every client's when null. */
  readonly clientId: string | null;
  /** When the revocation records may be purged: now + the chain lifetime (no chain outlives it). */
  readonly until: Date;
  /** Also delete the client registration(s): such a client must register again (DCR) to come back. */
  readonly deleteClients: boolean;
}

/** What `revokeGrants` ended: grants (token chains) that were live, and registrations deleted. */
export interface RevokedGrants {
  readonly grants: number;
  readonly clients: number;
}

/**
 * An OAuthStore this project can open and close, with the chains its token endpoint needs
 * (src/auth/token-endpoint.ts). Tables are created by `ready()` or on first use.
 *
 * Revoking a chain is one idempotent insert of the chain's id, and every lookup of a token joins
 * it: a token of a revoked chain reads as revoked whenever it was issued, before the revocation or
 * after it (the winner of a race with a replay). That is what makes revocation atomic.
 */
export interface ProjectStore extends OAuthStore {
  /** Connects and creates the tables (once); the server calls it at start to fail fast. */
  ready(): Promise<void>;
  close(): Promise<void>;
  insertAccessToken(token: NewAccessToken & Partial<ChainLink>): Promise<void>;
  insertRefreshToken(token: NewRefreshToken & Partial<ChainLink>): Promise<StoredRefreshToken>;
  /** `revokedAt` is also set when the token's chain was revoked. */
  getAccessTokenByHash(tokenHash: string): Promise<StoredAccessToken | null>;
  getRefreshGrant(tokenHash: string): Promise<RefreshGrant | null>;
  /** The client an authorization code was issued to, consumed or not; null when it never existed (or was purged). */
  findCodeClient(codeHash: string): Promise<string | null>;
  /** The client and chain of an access or refresh token (for revocation, RFC 7009); null when unknown. */
  findTokenChain(tokenHash: string): Promise<{ clientId: string; chain: ChainLink | null } | null>;
  /** Ends the chain: no token of it works afterwards. Idempotent; `until` is when the record may be purged. */
  revokeChainById(chainId: string, until: Date): Promise<void>;
  /**
   * Ends every grant of one client, or of all clients (the owner's revocation, src/auth/owner.ts):
   * their chains are revoked (so a token being issued in one at that moment is revoked too), codes
   * not redeemed yet are used up, tokens from before chains are revoked. Idempotent.
   */
  revokeGrants(request: RevokeGrants): Promise<RevokedGrants>;
  /** Per-user data of the tools (the `notes` example): `subject` is `ctx.auth.subject.sub`, never a value the client sends. */
  addNote(subject: string, text: string): Promise<void>;
  /** The notes of `subject` only, oldest first. */
  listNotes(subject: string): Promise<string[]>;
}
