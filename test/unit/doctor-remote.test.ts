import { describe, expect, it } from 'vitest';
import {
  asMetadataUrls,
  CHECKS,
  parseChallenge,
  prmUrls,
  rpcMessage,
  sameResource,
  sampleArguments,
  type CheckId,
  type CheckResult,
} from '../../src/remote/checks.js';
import { describeNetworkError, jwtAudiences, RemoteHttp } from '../../src/remote/http.js';
import { PROFILES, selectProfiles, verdictOf } from '../../src/remote/profiles.js';
import { formatReport, titled, type RemoteReport } from '../../src/remote/report.js';

const result = (id: CheckId, status: CheckResult['status'], fix?: string): CheckResult => ({ id, status, detail: `${id} seen`, ...(fix ? { fix } : {}) });

describe('the profile table', () => {
  it('names only checks that exist, each with a reason, under unique ids', () => {
    expect(new Set(PROFILES.map((p) => p.id)).size).toBe(PROFILES.length);
    for (const profile of PROFILES) {
      expect(Object.keys(profile.needs).length, profile.id).toBeGreaterThan(0);
      for (const [check, reason] of Object.entries(profile.needs)) {
        expect(Object.keys(CHECKS), `${profile.id} -> ${check}`).toContain(check);
        expect(reason!.length, `${profile.id} -> ${check}`).toBeGreaterThan(20);
      }
    }
  });

  it('has the clients of the issue, and each check counts for some profile', () => {
    expect(PROFILES.map((p) => p.id)).toEqual(['claude', 'chatgpt', 'claude-code', 'cursor', 'vscode', 'inspector', 'browser', 'sdk-2025', 'spec']);
    const used = new Set(PROFILES.flatMap((p) => Object.keys(p.needs)));
    expect(Object.keys(CHECKS).filter((c) => !used.has(c))).toEqual([]);
  });

  it('hosted clients need a public URL and discoverable auth; header-configured clients do not', () => {
    const needs = (id: string) => Object.keys(PROFILES.find((p) => p.id === id)!.needs);
    for (const hosted of ['claude', 'chatgpt']) expect(needs(hosted)).toEqual(expect.arrayContaining(['public-url', 'auth-discoverable', 'pkce-s256', 'client-registration']));
    for (const local of ['claude-code', 'cursor', 'vscode', 'inspector']) expect(needs(local)).not.toContain('auth-discoverable');
    // The 2025 SDKs' client/auth.js: resource checked (1.17), S256 and DCR required, no CIMD.
    expect(needs('sdk-2025')).toEqual(expect.arrayContaining(['init-2025-06-18', 'init-2025-03-26', 'prm-resource', 'pkce-s256', 'dcr-endpoint']));
    expect(needs('sdk-2025')).not.toContain('client-registration');
    expect(needs('browser')).toEqual(expect.arrayContaining(['cors-preflight', 'cors-headers', 'cors-oauth']));
  });
});

describe('verdicts', () => {
  const cursor = PROFILES.find((p) => p.id === 'cursor')!;
  it('a profile is its worst dependency; SKIP and checks it does not need count for nothing', () => {
    expect(verdictOf(cursor, [result('tools-list', 'pass'), result('tool-call', 'skip'), result('origin-foreign', 'fail')]).verdict).toBe('pass');
    expect(verdictOf(cursor, [result('tools-list', 'pass'), result('prm', 'warn')])).toMatchObject({
      verdict: 'warn',
      because: [{ check: 'prm', status: 'warn', reason: cursor.needs.prm }],
    });
    const failed = verdictOf(cursor, [result('prm', 'warn'), result('tools-list', 'fail')]);
    expect(failed.verdict).toBe('fail');
    expect(failed.because.map((b) => b.check)).toEqual(['tools-list', 'prm']); // failures first
  });

  it('--client takes ids, repeated or comma separated, and refuses unknown ones with the list', () => {
    expect(selectProfiles([]).length).toBe(PROFILES.length);
    expect(selectProfiles(['cursor,claude', ' vscode ']).map((p) => p.id)).toEqual(['claude', 'cursor', 'vscode']);
    expect(() => selectProfiles(['cursor', 'zed'])).toThrow(/^Unknown --client "zed"\. Valid values: claude, chatgpt, claude-code, cursor, vscode, inspector, browser, sdk-2025, spec\.$/);
  });
});

describe('the report', () => {
  const checks = [result('https', 'pass'), result('cors-preflight', 'fail', 'answer preflights'), result('tool-call', 'skip')];
  const profiles = [PROFILES.find((p) => p.id === 'browser')!, PROFILES.find((p) => p.id === 'cursor')!].map((p) => verdictOf(p, checks));
  const report: RemoteReport = {
    url: 'https://mcp.example.com/mcp',
    auth: 'bearer',
    authFrom: 'project',
    credential: 'MCIFY_AUTH_TOKEN from .env',
    origin: 'http://localhost:6274',
    ok: false,
    asked: null,
    checks: titled(checks),
    profiles,
  };

  it('prints a row per check with its fix, a verdict per profile with the reasons, and a summary', () => {
    expect(formatReport(report)).toBe(
      [
        'Checking https://mcp.example.com/mcp (bearer auth, from the project; credential MCIFY_AUTH_TOKEN from .env)',
        '',
        'Checks',
        '  PASS  https           https seen',
        '  FAIL  cors-preflight  cors-preflight seen',
        '                        fix: answer preflights',
        '  SKIP  tool-call       tool-call seen',
        '',
        'Clients',
        '  FAIL  A web app calling from the browser (--origin; also the Inspector in Direct mode) [browser]',
        `          cors-preflight (fail): ${PROFILES.find((p) => p.id === 'browser')!.needs['cors-preflight']}`,
        '  PASS  Cursor [cursor]',
        '',
        '1 of 2 client profiles fails (browser): apply the fixes above and run doctor --remote again.',
        '',
      ].join('\n'),
    );
  });

  it('counts only the profiles --client asked about', () => {
    expect(formatReport({ ...report, asked: ['cursor'], profiles: profiles.filter((p) => p.id === 'cursor') })).toMatch(/\nNo client profile fails\.\n$/);
  });

  it('gives every check its title in the JSON document', () => {
    expect(report.checks[1]).toEqual({ id: 'cors-preflight', status: 'fail', detail: 'cors-preflight seen', fix: 'answer preflights', title: CHECKS['cors-preflight'] });
  });
});

describe('what the checks read', () => {
  it('parses WWW-Authenticate challenges, quoted or not', () => {
    expect(parseChallenge('Bearer resource_metadata="https://x/.well-known/oauth-protected-resource/mcp", scope="a b", error=invalid_token')).toEqual({
      scheme: 'Bearer',
      params: { resource_metadata: 'https://x/.well-known/oauth-protected-resource/mcp', scope: 'a b', error: 'invalid_token' },
    });
    expect(parseChallenge('ApiKey realm="srv \\"1\\"", header="x-api-key"')).toEqual({ scheme: 'ApiKey', params: { realm: 'srv "1"', header: 'x-api-key' } });
    expect(parseChallenge(null)).toBeUndefined();
  });

  it('reads a JSON-RPC answer sent as JSON or as an event stream', () => {
    const probe = (type: string, text: string) => ({ status: 200, headers: new Headers({ 'content-type': type }), text, ms: 1 });
    expect(rpcMessage(probe('application/json', '{"jsonrpc":"2.0","id":1,"result":{}}'))).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(rpcMessage(probe('text/event-stream', 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"x":1}}\n\n'))).toMatchObject({ result: { x: 1 } });
    expect(rpcMessage(probe('text/html', '<html>'))).toBeUndefined();
  });

  it('builds the discovery URLs in the order clients try them (RFC 9728 3.1, MCP 2025-11-25)', () => {
    expect(prmUrls(new URL('https://x.example.com/mcp'))).toEqual([
      'https://x.example.com/.well-known/oauth-protected-resource/mcp',
      'https://x.example.com/.well-known/oauth-protected-resource',
    ]);
    expect(asMetadataUrls('https://id.example.com')).toEqual([
      'https://id.example.com/.well-known/oauth-authorization-server',
      'https://id.example.com/.well-known/openid-configuration',
    ]);
    expect(asMetadataUrls('https://id.example.com/tenant/1/')).toEqual([
      'https://id.example.com/.well-known/oauth-authorization-server/tenant/1',
      'https://id.example.com/.well-known/openid-configuration/tenant/1',
      'https://id.example.com/tenant/1/.well-known/openid-configuration',
    ]);
  });

  it('compares resources up to a trailing slash, nothing else', () => {
    const url = new URL('https://x.example.com/mcp');
    expect(sameResource('https://x.example.com/mcp/', url)).toBe(true);
    expect(sameResource('https://X.example.com/mcp', url)).toBe(true);
    expect(sameResource('http://x.example.com/mcp', url)).toBe(false);
    expect(sameResource('https://x.example.com/', url)).toBe(false);
    expect(sameResource('not a url', url)).toBe(false);
  });

  it('fills a tool\'s required arguments with harmless values', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, n: { type: 'integer' }, on: { type: 'boolean' }, kind: { enum: ['a', 'b'] }, opt: { type: 'string' } },
      required: ['name', 'n', 'on', 'kind'],
    };
    expect(sampleArguments(schema)).toEqual({ name: 'doctor', n: 0, on: false, kind: 'a' });
    expect(sampleArguments(undefined)).toEqual({});
  });

  it('reads the aud of a JWT access token, a string or a list, and nothing from other credentials', () => {
    const jwt = (claims: unknown) => ['{"alg":"RS256"}', JSON.stringify(claims), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.');
    expect(jwtAudiences(jwt({ aud: 'https://mcp.example.com/mcp' }))).toEqual(['https://mcp.example.com/mcp']);
    expect(jwtAudiences(jwt({ aud: ['a', 'b'] }))).toEqual(['a', 'b']);
    for (const other of [jwt({ sub: 'x' }), jwt({ aud: [] }), jwt({ aud: [1] }), jwt(null), 'an-opaque-token', 'a.b.c', 'a.b']) expect(jwtAudiences(other), other).toBeUndefined();
    const url = new URL('https://mcp.example.com/mcp');
    expect(new RemoteHttp(url, { name: 'Authorization', value: `Bearer ${jwt({ aud: 'x' })}` }, 1000, 1000).tokenAudiences()).toEqual(['x']);
    expect(new RemoteHttp(url, undefined, 1000, 1000).tokenAudiences()).toBeUndefined();
  });

  it('turns network errors into one line naming the cause', () => {
    const cause = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code }) });
    expect(describeNetworkError(cause('ENOTFOUND'))).toBe('the host name does not resolve (ENOTFOUND)');
    expect(describeNetworkError(cause('CERT_HAS_EXPIRED'))).toBe('TLS: the certificate has expired (CERT_HAS_EXPIRED)');
    expect(describeNetworkError(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe('no answer before the timeout (--timeout)');
    expect(describeNetworkError(cause('EWEIRD'))).toBe('x (EWEIRD)');
    const epipe = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) });
    expect(describeNetworkError(epipe)).toBe('write EPIPE');
  });
});
