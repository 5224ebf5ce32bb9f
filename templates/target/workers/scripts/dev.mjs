// Start `wrangler dev` on $HOST:$PORT (defaults 127.0.0.1:8888) without inline
// `VAR=value` in package.json, so `npm run dev` works in every shell (Windows too).
// Extra arguments pass through: `npm run dev -- --log-level debug`.
// A start that cannot work (a busy port, a placeholder left in .dev.vars, an empty required
// variable) is one line with the fix and an exit, before wrangler starts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '8888';

function fail(message) {
  console.error(message);
  process.exit(1);
}

// `<...>` marks a value create-mcify wrote as a placeholder (e.g. the OAuth issuer).
const local = new Map();
if (existsSync('.dev.vars')) {
  for (const line of readFileSync('.dev.vars', 'utf8').split(/\r?\n/)) {
    const [, name, value] = /^\s*([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(line) ?? [];
    if (!name) continue;
    local.set(name, value.replace(/^(["'])(.*)\1$/, '$2'));
    if (/<[^>]*>/.test(value)) {
      fail(`${name} in .dev.vars is still the placeholder ${value}: replace it with the real value (README.md, section Auth), then run this again.`);
    }
  }
}

// The variables the Worker cannot run without (REQUIRED_ENV in src/env.ts): an empty one is one
// line here, not the Worker's error at the first request.
const declared = /REQUIRED_ENV[^=]*=\s*\[([^\]]*)\]/.exec(existsSync('src/env.ts') ? readFileSync('src/env.ts', 'utf8') : '');
const required = declared ? [...declared[1].matchAll(/'([A-Za-z_]\w*)'/g)].map((m) => m[1]) : [];
const missing = required.filter((name) => !local.get(name) && !process.env[name]);
if (missing.length > 0) {
  fail(`Missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in .dev.vars (README.md, section Secrets and settings), then run this again.`);
}

// Asking for the port first gives one clear line, before wrangler and workerd start.
await new Promise((resolve) => {
  const probe = createServer()
    .once('error', (error) =>
      fail(
        error.code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is already in use (another server, or this one still running): stop that process, or start this one on another port with PORT=${Number(port) + 1}.`
          : `Cannot listen on ${host}:${port}: ${error.message}`,
      ),
    )
    .listen(Number(port), host, () => probe.close(resolve));
});

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('wrangler/package.json');
const { bin } = JSON.parse(readFileSync(pkgJson, 'utf8'));
const wrangler = join(dirname(pkgJson), typeof bin === 'string' ? bin : bin.wrangler);

const child = spawn(
  process.execPath,
  [wrangler, 'dev', '--ip', host, '--port', port, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
