// The runtime a generated project needs, as create-mcify says it before writing: a Node.js that is
// too old, a Bun that is missing or too old.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, scratch } from '../helpers/cli.js';

const outside: string[] = [];
afterAll(() => outside.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A PATH holding only a `bun` that prints `version` (or no bun at all). */
function pathWithBun(version?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-bun-'));
  outside.push(dir);
  if (version) {
    writeFileSync(join(dir, 'bun'), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(dir, 'bun'), 0o755);
  }
  return dir;
}

const createBun = (path: string) =>
  run(['srv', '--auth', 'none', '--target', 'bun', '--pm', 'npm', '--no-install', '--no-git', '--yes'], scratch('runtime'), 'create-mcify', { PATH: path });

describe('--target bun and the bun on this machine', () => {
  it('without bun installed, warns in one line how to get it, and still writes the project', () => {
    const result = createBun(pathWithBun());
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^! This project runs on Bun 1\.3 or newer and bun is not installed here; install it \(https:\/\/bun\.sh, or npm install --global bun\) before running it\.$/m);
    expect(result.stdout).toMatch(/Wrote \d+ files/);
    expect(result.stdout).not.toMatch(/ready/);
    expect(result.stdout).toContain('Your MCP server srv is written (none auth on bun), but it runs on Bun 1.3 or newer: install that (see above), then:');
  });

  it('with a bun older than the project needs, says to upgrade it', () => {
    const result = createBun(pathWithBun('1.2.9'));
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/needs Bun 1\.3 or newer and this is Bun 1\.2\.9; run bun upgrade/);
  });

  it('with a current bun, says nothing about it', () => {
    const result = createBun(pathWithBun('1.4.5'));
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/Bun/);
    expect(result.stdout).toContain('Your MCP server srv is ready (none auth on bun).');
  });
});

/** NODE_OPTIONS that make the CLI see `version` as its Node.js (there is no other Node on PATH to run it with). */
const asNode = (version: string) => ({ NODE_OPTIONS: `--import=data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})` });
const createNode = (version: string) =>
  run(['srv', '--auth', 'bearer', '--target', 'node', '--pm', 'npm', '--no-install', '--no-git', '--yes'], scratch('runtime'), 'create-mcify', asNode(version));

describe('--target node and the Node.js running create-mcify', () => {
  it('on a Node.js older than the project needs (Node 20, end of life): warns, writes it, and never says ready', () => {
    const result = createNode('20.20.2');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^! This project needs Node\.js 22\.12 or newer and this is Node\.js 20\.20\.2; install Node\.js 22 \(e\.g\. nvm install 22\) before running it\.$/m);
    expect(result.stdout).not.toMatch(/ready/);
    expect(result.stdout).toContain('Your MCP server srv is written (bearer auth on node), but it runs on Node.js 22.12 or newer: install that (see above), then:');
  });

  it('on a current Node.js, says ready and nothing about the version', () => {
    const result = createNode('24.11.0');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Node\.js/);
    expect(result.stdout).toContain('Your MCP server srv is ready (bearer auth on node).');
  });
});
