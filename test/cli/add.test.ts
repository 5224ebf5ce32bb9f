// `add auth` through the built bins, without a TTY: error paths, nothing written when it stops,
// the manual instructions for a config it cannot edit, and "already up to date".
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode } from '../../src/modules/types.js';
import { repoRoot, run, scratch } from '../helpers/cli.js';

const modes = Object.keys(authModules) as AuthMode[];
const [withSecret, without] = [modes.find((m) => authModules[m]!.credential)!, modes.find((m) => !authModules[m]!.credential)!];

/** A project made by create-mcify (no install), optionally committed to git. */
function generated(auth: AuthMode, git = false): string {
  const cwd = scratch('add');
  const result = run(['demo', '--auth', auth, '--target', 'node', '--no-install', '--no-git', '--yes'], cwd);
  expect(result.status, result.stderr).toBe(0);
  const dir = join(cwd, 'demo');
  if (git) {
    const g = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    g('init', '-q');
    g('add', '-A');
    g('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
  }
  return dir;
}

/** Every file of a folder and its text, to see that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      if (entry === '.git') continue;
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[full.slice(dir.length + 1)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const add = (dir: string, ...args: string[]) => run(['add', 'auth', ...args], dir, 'mcify');

describe('mcify add auth: errors', () => {
  it('an unknown mode lists the valid ones', () => {
    const dir = generated(withSecret);
    const result = add(dir, 'basic', '--yes');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('mcify: Unknown auth mode "basic". Valid values: none, bearer, api-key, oauth, oauth-provider.\n');
  });

  it('no mode at all names the modes to choose from', () => {
    const result = add(generated(withSecret));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "mcify: missing required argument 'mode'\nName the mode to switch to: none, bearer, api-key, oauth, oauth-provider (e.g. mcify add auth api-key).\n",
    );
  });

  it('an unstamped project with no detectable target asks for --target, and takes it', () => {
    const dir = scratch('hand');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'hand', dependencies: { '@mcify/core': '1.0.0-alpha.3' } }));
    writeFileSync(join(dir, 'mcify.config.ts'), "import { defineConfig } from '@mcify/core';\nexport default defineConfig({ name: 'hand', tools: [] });\n");
    const result = add(dir, withSecret, '--yes', '--no-install');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Cannot tell where this project runs .* pass --target node/);
    expect(add(dir, withSecret, '--yes', '--no-install', '--target', 'node').status).toBe(0);
    expect(readFileSync(join(dir, 'mcify.config.ts'), 'utf8')).toContain(`auth: ${authModules[withSecret]!.config.expression}`);
  });

  it('a config it cannot edit is left untouched, with the lines to add by hand; nothing else is written', () => {
    const dir = generated(withSecret);
    const config = join(dir, 'mcify.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace('export default defineConfig({', 'const base = {};\nexport default defineConfig({\n  ...base,'));
    const before = snapshot(dir);
    const result = add(dir, without, '--yes');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/mcify\.config\.ts cannot be edited safely: .*spread/);
    expect(result.stderr).toContain(`  auth: ${authModules[without]!.config.expression},`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a dirty git tree stops it unless --force', () => {
    const dir = generated(withSecret, true);
    writeFileSync(join(dir, 'notes.md'), 'wip\n');
    const before = snapshot(dir);
    const result = add(dir, without, '--yes');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/uncommitted changes \(notes\.md\).*--force/);
    expect(snapshot(dir)).toEqual(before);
    expect(add(dir, without, '--yes', '--force').status).toBe(0);
  });

  it('a tree whose only changes are its own previous run is already up to date, not dirty', () => {
    const dir = generated(without, true);
    expect(add(dir, withSecret, '--yes', '--no-install').status).toBe(0);
    const before = snapshot(dir);
    const again = add(dir, withSecret, '--yes', '--no-install');
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Already up to date/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('without a terminal and without --yes it shows the diff and stops, naming --yes', () => {
    const dir = generated(withSecret);
    const before = snapshot(dir);
    const result = add(dir, without);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('+++ b/mcify.config.ts');
    expect(result.stderr).toMatch(/pass --yes/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a higher Node.js requirement is said right above the question, after the diff, not above it', () => {
    const dir = generated('none');
    // stdout and stderr into one pipe, so the order is what a terminal shows.
    const combined = (...extra: string[]) =>
      spawnSync('sh', ['-c', `"${process.execPath}" "${join(repoRoot, 'bin/mcify.cjs')}" add auth oauth-provider --cwd "${dir}" ${extra.join(' ')} 2>&1`], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      }).stdout.trimEnd().split('\n');
    for (const [extra, last] of [[[], /^mcify: Not applied: confirming the diff needs a terminal/], [['--dry-run'], /^Dry run: nothing was written/]] as const) {
      const lines = combined(...extra);
      const note = lines.findIndex((l) => /needs Node\.js 22\.13 or newer: engines\.node is now >=22\.13/.test(l));
      const lastDiffLine = lines.length - 1 - [...lines].reverse().findIndex((l) => /^(@@|\+\+\+|[+-])/.test(l));
      expect(note, lines.join('\n')).toBeGreaterThan(lastDiffLine);
      expect(lines.at(-1)).toMatch(last);
      expect(lines.slice(note + 1, -1).join('\n')).not.toMatch(/^[+-]/m);
    }
  });

  it('a file the user changed that the new mode replaces stops it and names the file', () => {
    const dir = generated(withSecret);
    const test = join(dir, 'test/mcp.test.ts');
    writeFileSync(test, `${readFileSync(test, 'utf8')}// mine\n`);
    const before = snapshot(dir);
    const result = add(dir, without, '--yes');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/you changed: test\/mcp\.test\.ts\. Move it away/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('mcify add auth: the move', () => {
  it('--dry-run prints the diff with secrets redacted and writes nothing; --json gives the plan', () => {
    const dir = generated(without);
    const before = snapshot(dir);
    const dry = add(dir, withSecret, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^--- a\/mcify\.config\.ts$/m);
    expect(dry.stdout).toContain(`${authModules[withSecret]!.credential!.env}=<redacted>`);
    expect(dry.stdout).toMatch(/Dry run: nothing was written/);
    const json = JSON.parse(add(dir, withSecret, '--dry-run', '--json').stdout);
    expect(json).toMatchObject({ from: without, to: withSecret, target: 'node', applied: false, dryRun: true });
    expect(json.changes.map((c: { path: string }) => c.path)).toContain('mcify.config.ts');
    expect(snapshot(dir)).toEqual(before);
  });

  it('applies with --yes (env file 0600), then a second run is already up to date', () => {
    const dir = generated(without);
    const applied = add(dir, withSecret, '--yes', '--no-install');
    expect(applied.status, applied.stderr).toBe(0);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    const secret = readFileSync(join(dir, '.env'), 'utf8').match(new RegExp(`^${authModules[withSecret]!.credential!.env}=(.+)$`, 'm'))![1]!;
    expect(applied.stdout + applied.stderr).not.toContain(secret);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))['create-mcify'].auth).toBe(withSecret);
    const before = snapshot(dir);
    const again = add(dir, withSecret, '--yes');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Already up to date/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps CRLF line endings, a byte order mark and a missing final newline in the env files it edits', () => {
    const dir = generated(without);
    const shaped = (text: string) => `\uFEFF${text.replace(/\n$/, '').replace(/\n/g, '\r\n')}`;
    for (const file of ['.env', '.env.example']) writeFileSync(join(dir, file), shaped(readFileSync(join(dir, file), 'utf8')));
    const applied = add(dir, withSecret, '--yes', '--no-install');
    expect(applied.status, applied.stderr).toBe(0);
    for (const file of ['.env', '.env.example']) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain(`${authModules[withSecret]!.credential!.env}=`);
      expect({ bom: text.startsWith('\uFEFF'), bareLf: /(?<!\r)\n/.test(text), finalNewline: text.endsWith('\n') }).toEqual({
        bom: true,
        bareLf: false,
        finalNewline: false,
      });
    }
  });

  it('--prune removes the old secret without printing it, and a move back with --prune gives the env files back in shape', () => {
    const dir = generated(withSecret);
    const envBefore = readFileSync(join(dir, '.env'), 'utf8');
    const exampleBefore = readFileSync(join(dir, '.env.example'), 'utf8');
    const name = authModules[withSecret]!.credential!.env;
    const secret = new RegExp(`^${name}=(.+)$`, 'm').exec(envBefore)![1]!;
    const pruned = add(dir, without, '--yes', '--prune', '--no-install');
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(pruned.stdout + pruned.stderr).not.toContain(secret);
    expect(pruned.stdout + pruned.stderr).toContain(`Removed ${name} from .env (--prune)`);
    expect(readFileSync(join(dir, '.env'), 'utf8')).not.toContain(name);
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).not.toContain(name);
    const back = add(dir, withSecret, '--yes', '--prune', '--no-install');
    expect(back.status, back.stderr).toBe(0);
    const shape = (text: string) => text.replace(/^(\w+)=.*$/gm, '$1=');
    expect(shape(readFileSync(join(dir, '.env'), 'utf8'))).toBe(shape(envBefore));
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toBe(exampleBefore);
  });

  it('a project from mcify init (upstream from-zod) is detected as node, pinned, and moved', () => {
    const dir = join(scratch('upstream'), 'zod');
    cpSync(join(repoRoot, 'test/fixtures/upstream/from-zod'), dir, { recursive: true });
    renameSync(join(dir, '_gitignore'), join(dir, '.gitignore'));
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, readFileSync(pkg, 'utf8').replaceAll('{{name}}', 'zod'));
    const target = modes.find((m) => m !== withSecret && authModules[m]!.credential) ?? without;
    const result = add(dir, target, '--yes', '--no-install');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/npm cannot resolve .* pinned to 1\.0\.0-alpha\.3/);
    expect(JSON.parse(readFileSync(pkg, 'utf8')).dependencies['@mcify/core']).toBe('1.0.0-alpha.3');
    expect(add(dir, target, '--yes').stdout).toMatch(/Already up to date/);
  });

  /** An mcify init template as `mcify init zod` leaves it. */
  const fromZod = () => {
    const dir = join(scratch('upstream'), 'zod');
    cpSync(join(repoRoot, 'test/fixtures/upstream/from-zod'), dir, { recursive: true });
    renameSync(join(dir, '_gitignore'), join(dir, '.gitignore'));
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, readFileSync(pkg, 'utf8').replaceAll('{{name}}', 'zod'));
    return dir;
  };
  const snapshot = (dir: string) => {
    const files: Record<string, string> = {};
    const walk = (d: string): void => {
      for (const entry of readdirSync(d)) {
        const full = join(d, entry);
        if (statSync(full).isDirectory()) walk(full);
        else files[full.slice(dir.length + 1)] = readFileSync(full, 'utf8');
      }
    };
    walk(dir);
    return files;
  };

  it('--dry-run on a project mcify dev serves explains the new entry point in one paragraph and shows it in the diff', () => {
    const dir = fromZod();
    const before = snapshot(dir);
    const result = add(dir, 'oauth-provider', '--dry-run');
    expect(result.status, result.stderr).toBe(0);
    // The notes come last, right above where the question would be (on stderr, like every warning).
    expect(result.stderr).toMatch(/! This project is served by the framework's mcify dev \/ mcify build, which serve mcify\.config\.ts alone.*consent page.*src\/server\.ts serves the HTTP app of src\/app\.ts.*inspector/);
    expect(result.stderr).toMatch(/! The comment above auth: in mcify\.config\.ts described the previous auth/);
    for (const path of ['src/server.ts', 'src/app.ts', 'src/auth/consent.ts', 'src/env.ts', 'tsconfig.build.json']) expect(result.stdout).toContain(`+++ b/${path}`);
    expect(result.stdout).toContain('-    "dev": "mcify dev",');
    expect(result.stdout).toContain('+    "dev": "tsx watch src/server.ts --dev",');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a project with its own entry point and a mode that needs its own routes: stops, nothing written, says why', () => {
    const dir = fromZod();
    const pkg = join(dir, 'package.json');
    const json = JSON.parse(readFileSync(pkg, 'utf8'));
    json.scripts = { dev: 'tsx watch server.ts', start: 'node server.js' };
    writeFileSync(pkg, JSON.stringify(json, null, 2));
    const before = snapshot(dir);
    const result = add(dir, 'oauth-provider', '--yes', '--no-install');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Stopped, nothing written: this project is served by its own entry point .* the oauth-provider mode needs create-mcify's HTTP app in front of \/mcp/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });
});
