// How the benchmark calls a generated project as an authorised client of each auth mode: the
// environment its server needs and the headers of a tool call. `prepare()` returns
// { env, variants: [{ label, headers: () => object, lookupCost? }], node?, ready(url)?, info()?, teardown()? },
// or throws when the mode cannot be measured here (the error is reported in the table). `node`
// is the Node binary that runs the server (default: the bench's own); `ready(url)` runs once the
// server answers, before any load (e.g. to obtain a token from the server itself).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureTools, node22Dir } from '../scripts/test-tools.mjs';
import { connect } from './oauth-flow.mjs';

/** Far above what a 5 s load run sends, so the tool-call limit never refuses a measured call. */
const BENCH_TOOL_CALLS_PER_MINUTE = 10_000_000;

function envFile(dir) {
  const values = new Map();
  for (const line of readFileSync(join(dir, '.env'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return values;
}

function secret(dir, name) {
  const value = envFile(dir).get(name);
  if (!value) throw new Error(`${name} missing from ${dir}/.env`);
  return value;
}

/** An import of a package installed in the generated project (the bench itself has no such dependency). */
async function importFrom(dir, name) {
  const path = createRequire(join(dir, 'package.json')).resolve(name);
  return import(pathToFileURL(path).href);
}

/** A JWT issuer on 127.0.0.1: OIDC metadata and a JWKS, keys made with jose (RS256, as most IdPs). */
async function mockIdp(dir, audience) {
  const jose = await importFrom(dir, 'jose');
  // Every scope the project's tools require (src/auth/scopes.ts), as a signed-in user granted them.
  const scopesFile = join(dir, 'src', 'auth', 'scopes.ts');
  const declared = existsSync(scopesFile) ? /SCOPES\s*=\s*\[([^\]]*)\]/.exec(readFileSync(scopesFile, 'utf8'))?.[1] ?? '' : '';
  const scopes = [...declared.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  let jwksFetches = 0;
  const server = createServer((req, res) => {
    const json = (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') return json({ issuer, jwks_uri: `${issuer}/jwks` });
    if (req.url === '/jwks') {
      jwksFetches += 1;
      return json({ keys: [jwk] });
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const sign = (sub) =>
    new jose.SignJWT({ scope: ['openid', ...scopes].join(' ') })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
  return { issuer, sign, jwksFetches: () => jwksFetches, close: () => new Promise((r) => server.close(r)) };
}

/** A Node >= 22.13 (node:sqlite, the oauth-provider node store): this one, else Node 22 in .tools/. */
function node22() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return process.execPath;
  if (!node22Dir()) ensureTools(); // as the e2e setup does: Node 22 from npm into .tools/
  const dir = node22Dir();
  if (!dir) throw new Error('Node >= 22.13 is needed (node:sqlite) and .tools/ has none');
  return join(dir, 'node');
}

// More distinct tokens than the project's verified-claims cache holds (1000 in src/auth/claims.ts),
// used round-robin, so every request verifies a signature against the cached JWKS.
const DISTINCT_TOKENS = 1500;

export const adapters = {
  none: async () => ({ env: {}, variants: [{ label: 'none', headers: () => ({}) }] }),
  bearer: async (dir) => {
    const header = { authorization: `Bearer ${secret(dir, 'MCIFY_AUTH_TOKEN')}` };
    return { env: {}, variants: [{ label: 'bearer', headers: () => header }] };
  },
  'api-key': async (dir) => {
    const header = { 'x-api-key': secret(dir, 'MCIFY_API_KEY') };
    return { env: {}, variants: [{ label: 'api-key', headers: () => header }] };
  },
  oauth: async (dir) => {
    const audience = 'https://bench.invalid/mcp';
    const idp = await mockIdp(dir, audience);
    const one = { authorization: `Bearer ${await idp.sign('user_0')}` };
    const many = [];
    for (let i = 0; i < DISTINCT_TOKENS; i += 1) many.push({ authorization: `Bearer ${await idp.sign(`user_${i}`)}` });
    let next = 0;
    return {
      env: { MCIFY_OAUTH_ISSUER: idp.issuer, MCIFY_OAUTH_AUDIENCE: audience },
      variants: [
        { label: 'oauth JWT (one token: claims cache)', headers: () => one },
        // A token the server has not seen on every call: not how clients behave (they reuse a token
        // until it expires), so reported next to the cost of the RS256 check itself, not as a target.
        { label: `oauth JWT (${DISTINCT_TOKENS} tokens: RS256 verify, JWKS cached)`, headers: () => many[next++ % many.length], perCall: true },
      ],
      info: () => ({ jwksFetches: idp.jwksFetches() }),
      teardown: () => idp.close(),
    };
  },
  // The built-in authorization server: a token obtained as Claude would (registration, PKCE,
  // the consent page with the owner's password), then looked up in the SQLite store on every
  // call. Not a target of issue 8: reported as the token lookup cost. The project limits tool
  // calls per client + subject (60 a minute by default); the bench raises the limit with
  // MCIFY_TOOL_CALLS_PER_MINUTE so that the calls it measures succeed. Any call still refused is
  // counted apart from the successful ones.
  'oauth-provider': async (dir) => {
    const password = secret(dir, 'MCIFY_OWNER_PASSWORD');
    const nodeBin = node22();
    let header;
    let clientId;
    let expiresIn;
    return {
      env: { PATH: `${join(nodeBin, '..')}:${process.env.PATH}`, MCIFY_ISSUER: '', MCIFY_TOOL_CALLS_PER_MINUTE: String(BENCH_TOOL_CALLS_PER_MINUTE) },
      node: nodeBin,
      async ready(url) {
        const token = await connect(url, password);
        header = { authorization: `Bearer ${token.accessToken}` };
        ({ clientId, expiresIn } = token);
      },
      variants: [{ label: 'oauth-provider (one token, SQLite lookup)', headers: () => header, lookupCost: true }],
      info: () => ({ clientId, expiresIn, node: nodeBin, toolCallsPerMinute: BENCH_TOOL_CALLS_PER_MINUTE }),
    };
  },
};
