// `mcify` is also the bin of the framework's own CLI (@mcify/cli). Ours runs add, secret and
// doctor itself and hands init, dev, build, deploy and generate to the project's @mcify/cli.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bins, run } from '../helpers/cli.js';

// Outside this repository: the search for node_modules/@mcify/cli goes up to the root.
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcify-handoff-'));
  roots.push(root);
  return root;
}

/** A project with a fake @mcify/cli whose bin reports its argv, cwd and stdin, and exits with $FAKE_EXIT. */
function projectWithFrameworkCli(): string {
  const root = folder();
  const cli = join(root, 'node_modules', '@mcify', 'cli');
  mkdirSync(join(cli, 'dist'), { recursive: true });
  writeFileSync(join(cli, 'package.json'), JSON.stringify({ name: '@mcify/cli', version: '1.0.0-alpha.3', bin: { mcify: './dist/cli.js' } }));
  writeFileSync(
    join(cli, 'dist', 'cli.js'),
    `let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  console.log(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), stdin: input }));
  console.error('from the framework');
  process.exit(Number(process.env.FAKE_EXIT ?? 0));
});
`,
  );
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'p', private: true, scripts: { dev: 'tsx watch src/server.ts' }, dependencies: { '@mcify/core': '1.0.0-alpha.3' } }),
  );
  mkdirSync(join(root, 'src', 'tools'), { recursive: true });
  return root;
}

describe('mcify hands the framework commands to the project @mcify/cli', () => {
  it.each(['init', 'dev', 'build', 'deploy', 'generate'])('%s: same arguments, stdin, stdout, stderr and exit code', (command) => {
    const root = projectWithFrameworkCli();
    const cwd = join(root, 'src', 'tools'); // found from a subfolder, as Node resolves packages
    const result = spawnSync(process.execPath, [bins.mcify, command, '--flag', 'a value', 'x'], {
      cwd,
      input: 'piped in',
      encoding: 'utf8',
      env: { ...process.env, FAKE_EXIT: '7' },
    });
    expect(result.status).toBe(7);
    expect(JSON.parse(result.stdout)).toEqual({ argv: [command, '--flag', 'a value', 'x'], cwd, stdin: 'piped in' });
    expect(result.stderr).toBe('from the framework\n');
  });

  it('a signal that ends it is reported as the shell does (128 + its number)', () => {
    const root = projectWithFrameworkCli();
    writeFileSync(join(root, 'node_modules', '@mcify', 'cli', 'dist', 'cli.js'), "process.kill(process.pid, 'SIGTERM');\n");
    expect(spawnSync(process.execPath, [bins.mcify, 'build'], { cwd: root }).status).toBe(143);
  });

  it('add, secret and doctor still run here, not in @mcify/cli', () => {
    const root = projectWithFrameworkCli();
    const result = run(['doctor', '--json'], root, 'mcify');
    expect(result.stdout).not.toContain('"argv"');
    expect(JSON.parse(result.stdout)).toHaveProperty('findings');
  });

  it('without @mcify/cli: one line saying how to get it, and the project script that does the same', () => {
    const root = folder();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', scripts: { dev: 'tsx watch src/server.ts' } }));
    const result = run(['dev'], root, 'mcify');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "mcify: dev is a command of the framework's own CLI, @mcify/cli, which is not installed here (this project's own script does it: npm run dev); " +
        'get it with npm i -D @mcify/cli (its init writes dependency ranges that do not resolve, so start projects with npx create-mcify).\n',
    );
    const init = run(['init', 'x'], folder(), 'mcify');
    expect(init.status).toBe(1);
    expect(init.stderr).toMatch(/^mcify: init is a command of the framework's own CLI, @mcify\/cli, which is not installed here; get it with npm i -D @mcify\/cli/);
    expect(init.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help says where those commands go', () => {
    expect(run(['--help'], folder(), 'mcify').stdout).toContain("The framework's own commands (init, dev, build, deploy, generate) run the project's @mcify/cli");
  });
});
