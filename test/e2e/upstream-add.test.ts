// `mcify add auth` on the projects the framework's own `mcify init` writes (the from-scratch,
// from-zod and example-khipu templates of @mcify/cli, in test/fixtures/upstream), each moved to
// every auth mode on node: add, install, typecheck, the project's own tests, build, then served
// and called with the official MCP client (401 without the credential, tools with it, 403 for a
// web page of another origin). One npm install per template: later modes start from a copy of
// its node_modules, and npm adds only what the mode brings.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode } from '../../src/modules/types.js';
import { bins, repoRoot, scratch } from '../helpers/cli.js';
import { e2eAuthFor } from './clients/index.js';
import { rawInitialize, sh, startScript, type Generated } from './harness.js';

const templates = ['from-scratch', 'from-zod', 'example-khipu'] as const;
type Template = (typeof templates)[number];
const modes = Object.keys(authModules) as AuthMode[];

/** A tool of each template that answers without the network, and what it answers. */
const probes: Record<Template, { tools: string[]; call?: { name: string; arguments: Record<string, unknown>; expect: RegExp } }> = {
  'from-scratch': { tools: ['greet'], call: { name: 'greet', arguments: { name: 'e2e' }, expect: /Hello, e2e!/ } },
  'from-zod': {
    tools: ['create_user', 'get_user'],
    call: { name: 'get_user', arguments: { userId: '3f2b8c1e-7d4a-4f6b-9c2d-1a5e8f7b6c3d' }, expect: /demo@example\.com/ },
  },
  // Its tools call Khipu's API: listed, not called.
  'example-khipu': { tools: ['khipu_create_payment', 'khipu_get_payment_status'] },
};

/** The template as `mcify init demo` leaves it: name filled in, dotfiles renamed. */
function fromTemplate(template: Template, mode: AuthMode): string {
  const dir = join(scratch(`upstream-${template}-${mode}`), 'demo');
  cpSync(join(repoRoot, 'test/fixtures/upstream', template), dir, { recursive: true });
  renameSync(join(dir, '_gitignore'), join(dir, '.gitignore'));
  for (const file of ['package.json', 'mcify.config.ts']) {
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('{{name}}', 'demo'));
  }
  return dir;
}

/** Every file under `dir`, relative to it, with its text. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const timings: string[] = [];
afterAll(() => process.stderr.write(`upstream add timings:\n${timings.join('\n')}\n`));

describe.each(templates)('mcify init %s, moved to each auth mode with mcify add auth (node)', (template) => {
  let installed: string | undefined;

  it.each(modes)('to %s: installs, typechecks, passes its own tests, serves the official client with the auth enforced', async (mode) => {
    const started = Date.now();
    const dir = fromTemplate(template, mode);
    const project: Generated = { dir, auth: mode, target: 'node' };
    const added = sh(process.execPath, [bins.mcify, 'add', 'auth', mode, '--yes', '--no-install'], dir);
    expect(added).toMatch(new RegExp(`Moved to ${mode} auth`));
    expect(added).toMatch(/It gets the entry point create-mcify projects have/);
    expect(sh(process.execPath, [bins.mcify, 'add', 'auth', mode, '--yes', '--no-install'], dir)).toMatch(/Already up to date/);

    const steps: string[] = [];
    let mark = started;
    const step = (name: string) => {
      steps.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)}`);
      mark = Date.now();
    };
    step('add');
    if (installed) sh('cp', ['-a', join(installed, 'node_modules'), join(dir, 'node_modules')], dir);
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
    step(installed ? 'install (from a copy)' : 'install');
    if (!installed) {
      // The fixture is the template as @mcify/cli ships it: the installed package has the same files.
      expect(tree(join(repoRoot, 'test/fixtures/upstream', template))).toEqual(tree(join(dir, 'node_modules/@mcify/cli/templates', template)));
      installed = dir;
    }
    const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    sh('npm', ['run', 'typecheck'], dir);
    step('typecheck');
    if (scripts.test) expect(sh('npm', ['test'], dir)).toMatch(/Tests\s+\d+ passed/);
    step('test');
    sh('npm', ['run', 'build'], dir);
    step('build');

    // The upstream key the config reads as it loads, set as a user would: no shell history.
    if (template === 'example-khipu') {
      const set = spawnSync(process.execPath, [bins.mcify, 'secret', 'set', 'KHIPU_API_KEY'], { cwd: dir, input: 'e2e-khipu-key\n', encoding: 'utf8' });
      expect(set.status, set.stderr).toBe(0);
    }

    const client = await e2eAuthFor(mode);
    const prepared = await client.setup?.(project);
    try {
      const server = await startScript(project, ['start'], 'npm', prepared?.env ?? {});
      try {
        const mcp = await client.connect(project, server.url);
        const { tools } = await mcp.listTools();
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(probes[template].tools));
        const call = probes[template].call;
        if (call) {
          const result = await mcp.callTool({ name: call.name, arguments: call.arguments });
          expect(JSON.stringify(result.content)).toMatch(call.expect);
        }
        await mcp.close();
        if (client.rejectsAnonymous(project)) expect((await rawInitialize(server.url)).status).toBe(401);
        expect((await rawInitialize(server.url, { origin: 'http://evil.example.com' })).status).toBe(403);
        for (const secret of client.secrets(project)) expect(server.output()).not.toContain(secret);
      } finally {
        await server.stop();
      }
    } finally {
      await prepared?.teardown?.();
    }
    step('serve');
    expect(existsSync(join(dir, 'src/server.ts'))).toBe(true);
    timings.push(`${template} -> ${mode}: ${((Date.now() - started) / 1000).toFixed(1)} s (${steps.join(', ')})`);
  });
});
