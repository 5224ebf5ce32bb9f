// Start `wrangler dev` on $HOST:$PORT (defaults 127.0.0.1:8888) without inline
// `VAR=value` in package.json, so `npm run dev` works in every shell (Windows too).
// Extra arguments pass through: `npm run dev -- --log-level debug`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgJson = require.resolve('wrangler/package.json');
const { bin } = JSON.parse(readFileSync(pkgJson, 'utf8'));
const wrangler = join(dirname(pkgJson), typeof bin === 'string' ? bin : bin.wrangler);

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '8888';

const child = spawn(
  process.execPath,
  [wrangler, 'dev', '--ip', host, '--port', port, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
