/**
 * The OAuthStore contract: what every store must do, as a list of named async cases that use
 * node:assert only, so the same cases run under vitest and bun:test, against every store.
 */
import assert from 'node:assert/strict';
import { OAuthServer, deriveS256Challenge, type OAuthStore } from '@mcify/core';
import type { ProjectStore } from '../../src/auth/stores/project-store.js';

export interface StoreUnderTest {
  store: OAuthStore;
  /** A second, independent connection to the same database (cross-connection races). */
  second?: OAuthStore;
  /** A fresh instance over the same data (persistence). */
  reopen?: () => Promise<OAuthStore>;
}

const rid = () => crypto.randomUUID();
const later = (ms = 60_000) => new Date(Date.now() + ms);

export function storeContract(s: () => StoreUnderTest): Array<[string, () => Promise<void>]> {
  const pick = (i: number) => {
    const t = s();
    return i % 2 === 1 && t.second ? t.second : t.store;
  };
  /** Opens every pooled connection first, so the race below is not decided by connect latency. */
  const warmUp = async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => pick(i).getClientById(`warm-${i}`)));
  };
  return [
    [
      'stores and finds clients (also by a null name)',
      async () => {
        const { store } = s();
        const name = `app-${rid()}`;
        const id = `mcp-${rid()}`;
        const created = await store.insertClient({
          clientId: id,
          clientName: name,
          redirectUris: ['https://a.example/cb', 'http://127.0.0.1/cb'],
          grantTypes: ['authorization_code', 'refresh_token'],
          tokenEndpointAuthMethod: 'none',
          scope: null,
        });
        assert.ok(created.createdAt instanceof Date);
        const got = await store.getClientById(id);
        assert.deepEqual(got?.redirectUris, ['https://a.example/cb', 'http://127.0.0.1/cb']);
        assert.deepEqual(got?.grantTypes, ['authorization_code', 'refresh_token']);
        assert.equal(got?.clientName, name);
        assert.equal(got?.scope, null);
        assert.ok(got?.createdAt instanceof Date);
        assert.equal(await store.getClientById(`mcp-${rid()}`), null);
        assert.deepEqual((await store.findClientsByName(name)).map((c) => c.clientId), [id]);
        const nullId = `mcp-${rid()}`;
        await store.insertClient({ clientId: nullId, clientName: null, redirectUris: ['https://b.example/cb'], grantTypes: ['authorization_code'], tokenEndpointAuthMethod: 'none', scope: null });
        assert.ok((await store.findClientsByName(null)).some((c) => c.clientId === nullId));
      },
    ],
    [
      'consumes an authorization code exactly once',
      async () => {
        const { store } = s();
        const codeHash = rid();
        const expiresAt = later();
        await store.insertAuthorizationCode({ codeHash, clientId: 'c1', subjectKey: '{"sub":"a"}', redirectUri: 'https://a.example/cb', codeChallenge: 'ch', codeChallengeMethod: 'S256', scope: 'x y', expiresAt });
        const row = await store.consumeAuthorizationCode(codeHash);
        assert.ok(row);
        const { clientId, subjectKey, redirectUri, codeChallenge, codeChallengeMethod, scope } = row;
        assert.deepEqual({ clientId, subjectKey, redirectUri, codeChallenge, codeChallengeMethod, scope, expiresAt: row.expiresAt }, { clientId: 'c1', subjectKey: '{"sub":"a"}', redirectUri: 'https://a.example/cb', codeChallenge: 'ch', codeChallengeMethod: 'S256', scope: 'x y', expiresAt });
        assert.equal(await store.consumeAuthorizationCode(codeHash), null);
        assert.equal(await store.consumeAuthorizationCode(rid()), null);
      },
    ],
    [
      '20 concurrent consumes of one code: exactly one wins',
      async () => {
        const codeHash = rid();
        await warmUp();
        await s().store.insertAuthorizationCode({ codeHash, clientId: 'c1', subjectKey: '{}', redirectUri: 'https://a.example/cb', codeChallenge: 'ch', codeChallengeMethod: 'S256', scope: null, expiresAt: later() });
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pick(i).consumeAuthorizationCode(codeHash)));
        assert.equal(results.filter((r) => r !== null).length, 1);
      },
    ],
    [
      'access tokens: insert, look up, unknown is null',
      async () => {
        const { store } = s();
        const tokenHash = rid();
        const expiresAt = later();
        await store.insertAccessToken({ tokenHash, clientId: 'c1', subjectKey: '{"sub":"a"}', scope: null, expiresAt });
        assert.deepEqual(await store.getAccessTokenByHash(tokenHash), { clientId: 'c1', subjectKey: '{"sub":"a"}', scope: null, expiresAt, revokedAt: null });
        assert.equal(await store.getAccessTokenByHash(rid()), null);
      },
    ],
    [
      'refresh tokens: single use; 20 concurrent consumes, exactly one wins',
      async () => {
        const { store } = s();
        const tokenHash = rid();
        const row = await store.insertRefreshToken({ tokenHash, clientId: 'c1', subjectKey: '{"sub":"a"}', scope: 's', expiresAt: later() });
        assert.ok(row.id);
        assert.equal(row.consumedAt, null);
        const got = await store.getRefreshTokenByHash(tokenHash);
        assert.equal(got?.id, row.id);
        assert.equal(got?.scope, 's');
        assert.ok(got?.expiresAt instanceof Date);
        assert.equal(await store.getRefreshTokenByHash(rid()), null);
        await warmUp();
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pick(i).consumeRefreshToken(row.id)));
        assert.equal(results.filter(Boolean).length, 1);
        assert.ok((await store.getRefreshTokenByHash(tokenHash))?.consumedAt instanceof Date);
        const succ = await store.insertRefreshToken({ tokenHash: rid(), clientId: 'c1', subjectKey: '{"sub":"a"}', scope: 's', expiresAt: later() });
        await store.setRefreshRotatedTo(row.id, succ.id);
      },
    ],
    [
      'revokeChain revokes only that subject + client',
      async () => {
        const { store } = s();
        const sub = `{"sub":"${rid()}"}`;
        const [a, b, other] = [rid(), rid(), rid()];
        await store.insertAccessToken({ tokenHash: a, clientId: 'c1', subjectKey: sub, scope: null, expiresAt: later() });
        await store.insertAccessToken({ tokenHash: other, clientId: 'c2', subjectKey: sub, scope: null, expiresAt: later() });
        const r = await store.insertRefreshToken({ tokenHash: b, clientId: 'c1', subjectKey: sub, scope: null, expiresAt: later() });
        await store.revokeChain(sub, 'c1');
        assert.ok((await store.getAccessTokenByHash(a))?.revokedAt instanceof Date);
        assert.equal((await store.getAccessTokenByHash(other))?.revokedAt, null);
        assert.equal(await store.consumeRefreshToken(r.id), false);
      },
    ],
    [
      'data survives a new instance (persistence)',
      async () => {
        const t = s();
        if (!t.reopen) return;
        const tokenHash = rid();
        await t.store.insertAccessToken({ tokenHash, clientId: 'c1', subjectKey: '{}', scope: null, expiresAt: later() });
        const again = await t.reopen();
        assert.equal((await again.getAccessTokenByHash(tokenHash))?.clientId, 'c1');
      },
    ],
    [
      'drives the real OAuthServer: code, tokens, refresh; a replay revokes the chain',
      async () => {
        const { store } = s();
        const as = new OAuthServer({ store, resource: 'http://127.0.0.1/mcp' });
        const reg = await as.registerClient({ redirectUris: ['http://127.0.0.1:1234/cb'], clientName: `flow-${rid()}` });
        const again = await as.registerClient({ redirectUris: ['http://127.0.0.1:1234/cb'], clientName: reg.client_name ?? '' });
        assert.equal(again.client_id, reg.client_id, 'DCR is idempotent');
        const verifier = `${rid()}${rid()}`;
        const challenge = await deriveS256Challenge(verifier);
        const code = await as.issueAuthorizationCode({ clientId: reg.client_id, subject: { sub: 'u1' }, redirectUri: 'http://127.0.0.1:1234/cb', codeChallenge: challenge, codeChallengeMethod: 'S256', scope: null });
        const t1 = await as.exchangeAuthorizationCode({ code, clientId: reg.client_id, redirectUri: 'http://127.0.0.1:1234/cb', codeVerifier: verifier });
        assert.deepEqual((await as.verifyAccessToken(t1.access_token))?.subject, { sub: 'u1' });
        const t2 = await as.refreshAccessToken({ refreshToken: t1.refresh_token, clientId: reg.client_id });
        await assert.rejects(as.refreshAccessToken({ refreshToken: t1.refresh_token, clientId: reg.client_id }), /already used/);
        assert.equal(await as.verifyAccessToken(t2.access_token), null);
      },
    ],
  ];
}

/**
 * What this project's stores add for src/auth/token-endpoint.ts: chains of tokens, revoked by one
 * idempotent insert that every lookup joins, so that revocation is atomic.
 */
export function projectStoreContract(s: () => { store: ProjectStore; second?: ProjectStore }): Array<[string, () => Promise<void>]> {
  const pick = (i: number) => {
    const t = s();
    return i % 2 === 1 && t.second ? t.second : t.store;
  };
  const chainOf = () => ({ chainId: rid(), chainExpiresAt: later(90_000) });
  return [
    [
      'tokens are read with their chain; a code is found consumed or not',
      async () => {
        const { store } = s();
        const chain = chainOf();
        const tokenHash = rid();
        await store.insertRefreshToken({ tokenHash, clientId: 'c1', subjectKey: '{}', scope: null, expiresAt: later(), ...chain });
        const grant = await store.getRefreshGrant(tokenHash);
        assert.deepEqual(grant?.chain, chain);
        assert.equal(grant?.chainRevoked, false);
        assert.equal(await store.getRefreshGrant(rid()), null);
        const codeHash = rid();
        await store.insertAuthorizationCode({ codeHash, clientId: 'c9', subjectKey: '{}', redirectUri: 'https://a.example/cb', codeChallenge: 'ch', codeChallengeMethod: 'S256', scope: null, expiresAt: later() });
        assert.equal(await store.findCodeClient(codeHash), 'c9');
        await store.consumeAuthorizationCode(codeHash);
        assert.equal(await store.findCodeClient(codeHash), 'c9');
        assert.equal(await store.findCodeClient(rid()), null);
        const accessHash = rid();
        await store.insertAccessToken({ tokenHash: accessHash, clientId: 'c2', subjectKey: '{}', scope: null, expiresAt: later(), ...chain });
        assert.deepEqual(await store.findTokenChain(accessHash), { clientId: 'c2', chain });
        assert.deepEqual(await store.findTokenChain(tokenHash), { clientId: 'c1', chain });
        assert.equal(await store.findTokenChain(rid()), null);
      },
    ],
    [
      'a revoked chain ends its tokens, also the ones inserted after the revocation; other chains live on',
      async () => {
        const { store } = s();
        const [chain, other] = [chainOf(), chainOf()];
        const token = (c: typeof chain) => ({ tokenHash: rid(), clientId: 'c1', subjectKey: '{"sub":"a"}', scope: null, expiresAt: later(), ...c });
        const [before, after, elsewhere] = [token(chain), token(chain), token(other)];
        const refreshBefore = token(chain);
        await store.insertAccessToken(before);
        await store.insertAccessToken(elsewhere);
        await store.insertRefreshToken(refreshBefore);
        await store.revokeChainById(chain.chainId, chain.chainExpiresAt);
        await store.revokeChainById(chain.chainId, chain.chainExpiresAt); // idempotent
        await store.insertAccessToken(after); // a concurrent winner still issuing
        const refreshAfter = token(chain);
        await store.insertRefreshToken(refreshAfter);
        assert.ok((await store.getAccessTokenByHash(before.tokenHash))?.revokedAt instanceof Date);
        assert.ok((await store.getAccessTokenByHash(after.tokenHash))?.revokedAt instanceof Date);
        assert.equal((await store.getAccessTokenByHash(elsewhere.tokenHash))?.revokedAt, null);
        assert.equal((await store.getRefreshGrant(refreshBefore.tokenHash))?.chainRevoked, true);
        assert.equal((await store.getRefreshGrant(refreshAfter.tokenHash))?.chainRevoked, true);
      },
    ],
    [
      '20 concurrent revocations and inserts of one chain, over two connections: every token reads revoked',
      async () => {
        const chain = chainOf();
        const tokens = Array.from({ length: 10 }, () => ({ tokenHash: rid(), clientId: 'c1', subjectKey: '{}', scope: null, expiresAt: later(), ...chain }));
        await Promise.all([
          ...tokens.map((t, i) => pick(i).insertAccessToken(t)),
          ...tokens.map((_, i) => pick(i + 1).revokeChainById(chain.chainId, chain.chainExpiresAt)),
        ]);
        for (const t of tokens) assert.ok((await s().store.getAccessTokenByHash(t.tokenHash))?.revokedAt instanceof Date);
      },
    ],
    [
      "revokeGrants ends one client's chains, codes and tokens from before chains, also tokens issued in them afterwards; other clients live on",
      async () => {
        const { store } = s();
        const [mine, other] = [`mcp-${rid()}`, `mcp-${rid()}`];
        for (const clientId of [mine, other]) {
          await store.insertClient({ clientId, clientName: null, redirectUris: ['https://a.example/cb'], grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethod: 'none', scope: null });
        }
        const token = (clientId: string, chain?: ReturnType<typeof chainOf>) => ({ tokenHash: rid(), clientId, subjectKey: '{}', scope: null, expiresAt: later(), ...chain });
        const code = (clientId: string) => ({ codeHash: rid(), clientId, subjectKey: '{}', redirectUri: 'https://a.example/cb', codeChallenge: 'ch', codeChallengeMethod: 'S256', scope: null, expiresAt: later() });
        const [chain, otherChain] = [chainOf(), chainOf()];
        const [access, refresh, oldAccess, oldRefresh, othersAccess] = [token(mine, chain), token(mine, chain), token(mine), token(mine), token(other, otherChain)];
        for (const t of [access, oldAccess, othersAccess]) await store.insertAccessToken(t);
        await store.insertRefreshToken(refresh);
        const oldRefreshRow = await store.insertRefreshToken(oldRefresh);
        const [pending, redeeming, othersCode] = [code(mine), code(mine), code(other)];
        for (const c of [pending, redeeming, othersCode]) await store.insertAuthorizationCode(c);
        assert.ok(await store.consumeAuthorizationCode(redeeming.codeHash)); // its tokens are not issued yet

        const until = later(90_000);
        // Four grants: the chain, the refresh token from before chains, the two codes.
        assert.deepEqual(await store.revokeGrants({ clientId: mine, until, deleteClients: false }), { grants: 4, clients: 0 });
        assert.ok((await store.getAccessTokenByHash(access.tokenHash))?.revokedAt instanceof Date);
        assert.ok((await store.getAccessTokenByHash(oldAccess.tokenHash))?.revokedAt instanceof Date);
        assert.equal((await store.getRefreshGrant(refresh.tokenHash))?.chainRevoked, true);
        assert.equal(await store.consumeRefreshToken(oldRefreshRow.id), false);
        assert.equal(await store.consumeAuthorizationCode(pending.codeHash), null);
        // The token endpoint finishing the redemption it started: the tokens are born revoked.
        const late = token(mine, { chainId: redeeming.codeHash, chainExpiresAt: until });
        await store.insertAccessToken(late);
        assert.ok((await store.getAccessTokenByHash(late.tokenHash))?.revokedAt instanceof Date);
        // The other client keeps its tokens, its code and its registration.
        assert.equal((await store.getAccessTokenByHash(othersAccess.tokenHash))?.revokedAt, null);
        assert.ok(await store.consumeAuthorizationCode(othersCode.codeHash));
        assert.ok(await store.getClientById(mine));

        assert.deepEqual(await store.revokeGrants({ clientId: mine, until, deleteClients: false }), { grants: 0, clients: 0 }, 'idempotent');
        assert.deepEqual(await store.revokeGrants({ clientId: mine, until, deleteClients: true }), { grants: 0, clients: 1 });
        assert.equal(await store.getClientById(mine), null);
        assert.ok(await store.getClientById(other));
      },
    ],
  ];
}
