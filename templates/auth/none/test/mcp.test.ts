import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './support/server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({});
});
afterAll(() => server?.close());

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text: string }[];
  return first!.text;
}

describe('MCP server without auth', () => {
  it('lists and calls tools', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['greet', 'whoami']);

    const greeting = await client.callTool({ name: 'greet', arguments: { name: 'Ada', language: 'es' } });
    expect(JSON.parse(text(greeting))).toEqual({ message: 'Hola, Ada!' });
    const me = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse(text(me))).toEqual({ authType: 'none', authenticated: false });
    await client.close();
  });

  it('rejects arguments that do not match the schema', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const result = await client.callTool({ name: 'greet', arguments: { name: '' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/validation error/);
    await client.close();
  });
});
