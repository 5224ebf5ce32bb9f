// mcp-remote (npm), the stdio bridge the generated README's Claude Desktop snippet runs: the snippet
// is read from the project's README.md, its placeholders replaced with the served URL and the real
// secret, and THAT command is started and spoken to over stdio with the official SDK's
// StdioClientTransport, as Claude Desktop does. In oauth-provider mode mcp-remote runs the OAuth flow
// itself; the test plays the owner on the consent page and delivers the redirect to its callback.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect } from 'vitest';
import { Browser, consentInBrowser } from '../../../templates/auth/oauth-provider/test/support/oauth.js';
import { repoRoot } from '../../helpers/cli.js';
import type { Generated } from '../harness.js';

/** One server entry of `claude_desktop_config.json`: what Claude Desktop starts. */
export interface DesktopServer {
  readonly command: string;
  readonly args: string[];
  readonly env?: Record<string, string>;
}

/** The Claude Desktop snippet of the project's README.md: the JSON block under "**Claude Desktop**". */
export function claudeDesktopSnippet(project: Generated): DesktopServer {
  const readme = readFileSync(join(project.dir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**Claude Desktop**'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error(`no Claude Desktop snippet in ${project.dir}/README.md`);
  const servers = Object.values((JSON.parse(block) as { mcpServers: Record<string, DesktopServer> }).mcpServers);
  expect(servers).toHaveLength(1);
  return servers[0]!;
}

/**
 * The snippet as the user fills it in: the README's URL (its default port) replaced with `url`,
 * and each `<VARIABLE>` placeholder in `env` replaced with the project's secret `secrets[VARIABLE]`.
 */
export function fillIn(snippet: DesktopServer, url: URL, secrets: Record<string, string>): DesktopServer {
  const args = snippet.args.map((arg) => (/^https?:\/\//.test(arg) ? url.href : arg));
  expect(args, 'the snippet names the MCP endpoint').toContain(url.href);
  const env = Object.fromEntries(
    Object.entries(snippet.env ?? {}).map(([name, value]) => [
      name,
      value.replace(/<([A-Z0-9_]+)>/g, (_, variable: string) => {
        const secret = secrets[variable];
        if (secret === undefined) throw new Error(`the snippet's placeholder <${variable}> is not a setting of the project`);
        return secret;
      }),
    ]),
  );
  return { command: snippet.command, args, env };
}

/**
 * Runs `server` as Claude Desktop would (from the repository root, where `npx -y mcp-remote` finds
 * the devDependency), with npm offline and an empty npm cache: a command that needed a download
 * fails instead. Connects over stdio, calls `greet`, and returns what mcp-remote printed. With
 * `ownerPassword`, approves the authorization URL mcp-remote prints as the owner.
 */
export async function expectMcpRemote(server: DesktopServer, ownerPassword?: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'mcp-remote-'));
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    cwd: repoRoot,
    env: {
      ...(process.env as Record<string, string>),
      ...server.env,
      npm_config_offline: 'true',
      npm_config_cache: join(home, 'npm-cache'),
      npm_config_update_notifier: 'false',
      MCP_REMOTE_CONFIG_DIR: join(home, 'auth'),
      // mcp-remote also opens the authorization URL in a browser (xdg-open): not on a developer's
      // desktop during a test run. The test reads the URL from its output instead.
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      BROWSER: 'true',
    },
    stderr: 'pipe',
  });
  let log = '';
  let authorizing: Promise<void> | undefined;
  let refused: Error | undefined;
  transport.stderr!.on('data', (chunk: Buffer) => {
    log += chunk;
    const authUrl = /Please authorize this client by visiting:\s+(\S+)/.exec(log)?.[1];
    if (ownerPassword && authUrl && !authorizing) authorizing = approve(new URL(authUrl), ownerPassword).catch((error: Error) => void (refused = error));
  });
  const client = new Client({ name: 'claude-desktop-e2e', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: 30_000 });
    const result = await client.callTool({ name: 'greet', arguments: { name: 'mcp-remote' } });
    expect(result.content, log).toEqual([{ type: 'text', text: JSON.stringify({ message: 'Hello, mcp-remote!' }) }]);
    if (ownerPassword) expect(authorizing, 'mcp-remote ran the OAuth flow').toBeDefined();
    return log;
  } catch (error) {
    const why = refused ? `${(error as Error).message}; the consent step: ${refused.message}` : (error as Error).message;
    throw new Error(`mcp-remote (${server.command} ${server.args.join(' ')}) failed: ${why}\n${log}`);
  } finally {
    await client.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The owner approves on the consent page; the redirect goes to mcp-remote's loopback callback. */
async function approve(authUrl: URL, password: string): Promise<void> {
  const consent = await consentInBrowser(new Browser(), authUrl, { password });
  if (!consent.location) throw new Error(`no redirect after consent: ${consent.res.status} ${consent.html}`);
  const callback = new URL(consent.location);
  // mcp-remote listens on 127.0.0.1 and names the host `localhost` in its redirect URI.
  if (callback.hostname === 'localhost') callback.hostname = '127.0.0.1';
  // mcp-remote prints the authorization URL before its callback server listens: on a loaded
  // machine the consent can be done first, so a refused connection is tried again (10 s at most).
  let delivered: Response | undefined;
  for (let attempt = 0; !delivered; attempt += 1) {
    try {
      delivered = await fetch(callback);
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  expect(delivered.status, 'mcp-remote accepted the authorization code').toBe(200);
}
