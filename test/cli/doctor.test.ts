import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, scratch } from '../helpers/cli.js';

function project(): string {
  const cwd = scratch('doctor');
  expect(run(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--no-git', '--yes'], cwd).status).toBe(0);
  return join(cwd, 'srv');
}
const doctor = (root: string, ...args: string[]) => run(['doctor', ...args], root, 'mcify', { MCIFY_AUTH_TOKEN: '' });

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

  it('outside a project is one clear error', () => {
    const result = doctor(scratch('doctor-empty'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^mcify: No package\.json in .*; run this inside an mcify project/);
  });
});
