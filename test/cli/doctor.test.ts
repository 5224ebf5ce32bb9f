import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, scratch } from '../helpers/cli.js';

function project(): string {
  const cwd = scratch('doctor');
  expect(run(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--no-git', '--yes'], cwd).status).toBe(0);
  return join(cwd, 'srv');
}
/** Node.js as doctor sees it: this machine's may be older than the project's engines (its own check). */
const asNode = (version: string) => ({ NODE_OPTIONS: `--import=data:text/javascript,Object.defineProperty(process.versions,'node',{value:'${version}'})` });
const doctor = (root: string, ...args: string[]) => run(['doctor', ...args], root, 'mcify', { MCIFY_AUTH_TOKEN: '', ...asNode('24.0.0') });

describe('doctor', () => {
  it('passes on a fresh project (not installed: warnings only) and prints each finding', () => {
    const result = doctor(project());
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain('✔ MCIFY_AUTH_TOKEN is set in .env.');
    expect(result.stdout).toContain('✔ .env is readable by you only (mode 0600).');
    expect(result.stdout).toMatch(/No problems found \(2 warnings\)\./);
  });

  it('exits 1 with each problem and its fix; --json gives the same as data', () => {
    const root = project();
    chmodSync(join(root, '.env'), 0o644);
    const pkg = readFileSync(join(root, 'package.json'), 'utf8');
    writeFileSync(join(root, 'package.json'), pkg.replace('"@mcify/core": "1.0.0-alpha.3"', '"@mcify/core": "^0.0.1-alpha.0"'));
    const result = doctor(root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✖ .env is readable by other users of this machine (mode 0644).\n    fix: chmod 600 .env');
    expect(result.stdout).toMatch(/✖ @mcify\/core is "\^0\.0\.1-alpha\.0", a range no published version satisfies/);
    expect(result.stdout).toContain('2 problems found');
    const json = JSON.parse(doctor(root, '--json').stdout);
    expect(json).toMatchObject({ ok: false, problems: 2, auth: 'bearer', target: 'node' });
    expect(json.findings.filter((f: { status: string }) => f.status === 'problem').map((f: { check: string }) => f.check)).toEqual([
      'file-mode',
      'versions',
    ]);
  });

  it('a Node.js older than the engines of package.json is a problem, with the fix', () => {
    const result = run(['doctor'], project(), 'mcify', { MCIFY_AUTH_TOKEN: '', ...asNode('22.11.0') });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      '✖ The project needs Node.js 22.12 or newer (engines.node) and this is Node.js 22.11.0: its server refuses to start here.\n    fix: install Node.js 22 or newer (e.g. nvm install --lts)',
    );
  });

  it('outside a project is one clear error', () => {
    const result = doctor(scratch('doctor-empty'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^mcify: No package\.json in .*; run this inside an mcify project/);
  });
});
