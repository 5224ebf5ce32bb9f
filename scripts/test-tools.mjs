// Installs the runtimes the e2e matrix needs besides the system Node, from the npm registry, into
// .tools/ (git-ignored): Bun for the bun target; Node 22, the oldest Node line generated projects
// support, and Node 26, the newest LTS line (installed as the alias `node26`).
// Idempotent and quick when they are already there. Prints nothing unless it installs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TOOLS = { bun: '1.4.5', node: '22', node26: '26' };
const root = resolve(import.meta.dirname, '..', '.tools');

/**
 * The Bun binary. bun's postinstall moves the platform package's binary to bun/bin/bun.exe; where
 * install scripts did not run, that file is a stub and the platform package still has the binary.
 */
export function bunBinary() {
  const platform = `bun-${process.platform}-${process.arch}`;
  const candidates = [
    join(root, 'node_modules', 'bun', 'bin', 'bun.exe'),
    join(root, 'node_modules', '@oven', platform, 'bin', 'bun'),
    join(root, 'node_modules', '@oven', `${platform}-baseline`, 'bin', 'bun'),
  ];
  return candidates.find((path) => existsSync(path) && works(path, ['--version']));
}

/** The folder holding Node 22's `node`, to put first on PATH where Node 22 is needed. */
export function node22Dir() {
  return nodeDir('node');
}

/** The folder holding Node 26's `node` (the newest LTS line), to put first on PATH. */
export function node26Dir() {
  return nodeDir('node26');
}

function nodeDir(pkg) {
  const dir = join(root, 'node_modules', pkg, 'bin');
  return existsSync(join(dir, 'node')) ? dir : undefined;
}

function works(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not installed yet, or a stub: install below
  }
}

/** .tools/bin holds `bun` under its plain name, to put on PATH for generated projects' scripts. */
export const binDir = join(root, 'bin');

function linkBun() {
  mkdirSync(binDir, { recursive: true });
  rmSync(join(binDir, 'bun'), { force: true });
  symlinkSync(bunBinary(), join(binDir, 'bun'));
}

export function ensureTools() {
  const bun = bunBinary();
  const missing = [];
  if (!bun) missing.push(`bun@${TOOLS.bun}`);
  const node = node22Dir();
  if (!node || !works(join(node, 'node'), ['--version'])) missing.push(`node@${TOOLS.node}`);
  const node26 = node26Dir();
  if (!node26 || !works(join(node26, 'node'), ['--version'])) missing.push(`node26@npm:node@${TOOLS.node26}`);
  if (missing.length === 0) {
    if (!works(join(binDir, 'bun'), ['--version'])) linkBun();
    return;
  }
  mkdirSync(root, { recursive: true });
  if (!existsSync(join(root, 'package.json'))) writeFileSync(join(root, 'package.json'), '{ "private": true }\n');
  process.stderr.write(`test tools: installing ${missing.join(', ')} into .tools/\n`);
  // Every tool, not only the missing ones: `npm install --no-save` removes the packages it is not
  // given (package.json lists none), so installing one would take the others away.
  const all = [`bun@${TOOLS.bun}`, `node@${TOOLS.node}`, `node26@npm:node@${TOOLS.node26}`];
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', root, ...all], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!bunBinary()) throw new Error('bun was installed but its platform binary is missing');
  if (!node22Dir()) throw new Error('node@22 was installed but its binary is missing');
  if (!node26Dir()) throw new Error('node@26 was installed but its binary is missing');
  linkBun();
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTools();
