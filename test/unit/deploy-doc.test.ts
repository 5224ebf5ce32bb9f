// DEPLOY.md of every combination, read as its commands would run: production gets its own values
// (never the local env file, never a _PREVIOUS), no command carries a secret value as an argument,
// and PORT is said to be set only by the platforms that set it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envValues, parseEnv } from '../../src/lib/env-file.js';
import { buildCreatePlan, modulesFor } from '../../src/plan/plan.js';
import { combinations } from '../helpers/combinations.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const docs = combinations.map((c) => {
  const plan = buildCreatePlan({ directory: 'srv', name: 'srv', auth: c.auth, target: c.target, pm: 'npm', install: false, git: false, settings: {} });
  const text = plan.files.find((f) => f.path === 'DEPLOY.md')!.contents;
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return { ...c, plan, text, blocks, envFile: modulesFor(c.auth, c.target).target.envFile };
});

describe.each(docs)('DEPLOY.md of $auth on $target', ({ plan, text, blocks, envFile, target }) => {
  const production = `${envFile}.production`;
  const [heredoc, ...commands] = blocks;
  const secrets = plan.env.filter((v) => v.kind === 'secret').map((v) => v.name);

  it('writes the production values to their own file, with fresh secrets and no _PREVIOUS; the shell snippet works', () => {
    expect(heredoc).toContain(`cat > ${production} <<EOF`);
    const dir = mkdtempSync(join(tmpdir(), 'deploy-doc-'));
    dirs.push(dir);
    const run = () => {
      execFileSync('sh', ['-c', heredoc!], { cwd: dir });
      return envValues(parseEnv(readFileSync(join(dir, production), 'utf8')));
    };
    const first = run();
    expect(statSync(join(dir, production)).mode & 0o777).toBe(0o600);
    expect([...first.keys()].sort()).toEqual(plan.env.filter((v) => !v.optional).map((v) => v.name).sort());
    const second = run();
    for (const name of secrets) {
      expect(first.get(name), name).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
      expect(second.get(name), 'fresh on every run').not.toBe(first.get(name));
    }
    expect(text).not.toMatch(/_PREVIOUS=|\$\{?\w+_PREVIOUS/);
  });

  it('no platform command reads the local env file or puts a value on the command line', () => {
    for (const command of commands) {
      expect(command).not.toMatch(new RegExp(`(^|[\\s=])${envFile.replace('.', '\\.')}(\\s|$)`, 'm'));
      expect(command, 'a value in an argument').not.toMatch(/=\$\(|--set "|secret put \w+ \S/);
    }
    if (secrets.length > 0 && target !== 'workers') {
      for (const name of secrets) {
        expect(text).toContain(`sed -n 's/^${name}=//p' ${production} | tr -d '\\n' | railway variables --set-from-stdin ${name}`);
      }
    }
  });

  it.runIf(target !== 'workers')('says PORT is set only by the platforms that set it (Railway, Render), and exposes 8888 on the others', () => {
    expect(text).not.toMatch(/every platform below sets/);
    expect(text.replace(/\s+/g, ' ')).toContain('Railway and Render set `PORT` for you; on Fly.io, Docker and Kubernetes it stays 8888');
    expect(text).toContain('internal_port = 8888');
    expect(text).toContain('-p 8888:8888');
    expect(text).toContain('containerPort: 8888');
  });
});
