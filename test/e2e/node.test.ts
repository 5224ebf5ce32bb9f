import { afterAll, describe, expect, it } from 'vitest';
import { authModules } from '../../src/modules/auth/index.js';
import type { AuthMode } from '../../src/modules/types.js';
import { connect, credentialHeaders, generate, rawInitialize, sh, startScript, type Running } from './harness.js';

const modes = Object.keys(authModules) as AuthMode[];

describe.each(modes)('node target, %s auth: generate, install, typecheck, test, run', (auth) => {
  const project = generate(auth, 'node');
  let server: Running | undefined;
  afterAll(() => server?.stop());

  it('typechecks and passes its own tests', () => {
    sh('npm', ['run', 'typecheck'], project.dir);
    expect(sh('npm', ['test'], project.dir)).toMatch(/Tests\s+\d+ passed/);
  });

  it('builds, starts, and answers the official MCP client with the secret from .env', async () => {
    sh('npm', ['run', 'build'], project.dir);
    server = await startScript(project, ['start']);
    const headers = credentialHeaders(project);
    const client = await connect(server.url, headers);
    const result = await client.callTool({ name: 'greet', arguments: { name: 'e2e' } });
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ message: 'Hello, e2e!' }) }]);
    await client.close();
    if (Object.keys(headers).length > 0) expect((await rawInitialize(server.url)).status).toBe(401);
    expect(server.output()).not.toContain(Object.values(headers)[0] ?? '<no secret>');
  });
});
