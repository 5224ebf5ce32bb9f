// Older official MCP SDK clients, as clients built a year ago still ship them: @modelcontextprotocol/sdk
// 1.12.x (speaks 2025-03-26) and 1.17.x (speaks 2025-06-18), installed as aliased devDependencies
// (mcp-sdk-1.12, mcp-sdk-1.17). Each connects to a served project and calls `greet`: with the
// mode's header credential, or in oauth-provider mode through its own OAuth flow.
import { Client as Client112 } from 'mcp-sdk-1.12/client/index.js';
import { StreamableHTTPClientTransport as Transport112 } from 'mcp-sdk-1.12/client/streamableHttp.js';
import { UnauthorizedError as UnauthorizedError112 } from 'mcp-sdk-1.12/client/auth.js';
import { Client as Client117 } from 'mcp-sdk-1.17/client/index.js';
import { StreamableHTTPClientTransport as Transport117 } from 'mcp-sdk-1.17/client/streamableHttp.js';
import { UnauthorizedError as UnauthorizedError117 } from 'mcp-sdk-1.17/client/auth.js';
import { expect } from 'vitest';
import { Browser, TestOAuthProvider, consentInBrowser } from '../../../templates/auth/oauth-provider/test/support/oauth.js';

/** The SDK pieces a profile uses; the same in every version since 1.10. */
interface Sdk {
  Client: typeof Client117;
  StreamableHTTPClientTransport: typeof Transport117;
  UnauthorizedError: typeof UnauthorizedError117;
}

/** The older SDKs, by the version they are pinned to in package.json, with the MCP version each asks for. */
export const OLDER_SDKS: Record<OlderSdk, Sdk> = {
  '1.12.3': { Client: Client112, StreamableHTTPClientTransport: Transport112, UnauthorizedError: UnauthorizedError112 } as unknown as Sdk,
  '1.17.5': { Client: Client117, StreamableHTTPClientTransport: Transport117, UnauthorizedError: UnauthorizedError117 },
};
export type OlderSdk = '1.12.3' | '1.17.5';

/** What a connection through the OAuth flow held, for the check that no secret reaches the server's output. */
export interface OAuthSecrets {
  readonly code: string;
  readonly verifier: string;
  readonly tokens: string[];
}

/**
 * Connects SDK `version` to `url` and returns the client, connected: with `headers`, or (when
 * `ownerPassword` is given) through the SDK's own OAuth flow (401, discovery, registration, the
 * consent page submitted as the owner, code, token), reporting what it held to `held`.
 */
export async function connectOlderSdk(
  version: OlderSdk,
  url: URL,
  how: { headers: Record<string, string> } | { ownerPassword: string; held(secrets: OAuthSecrets): void },
) {
  const sdk = OLDER_SDKS[version];
  const client = () => new sdk.Client({ name: `sdk-${version}`, version });
  if ('headers' in how) {
    const connected = client();
    await connected.connect(new sdk.StreamableHTTPClientTransport(url, { requestInit: { headers: how.headers } }));
    return connected;
  }
  // The template's provider is written against the newest SDK's OAuthClientProvider; the older
  // SDKs' interface is the same shape (they call a subset of it).
  const provider = new TestOAuthProvider(`SDK ${version}`);
  const transport = () => new sdk.StreamableHTTPClientTransport(url, { authProvider: provider as never });
  await expect(client().connect(transport())).rejects.toBeInstanceOf(sdk.UnauthorizedError);
  if (!provider.lastAuthUrl) throw new Error(`SDK ${version} did not ask for authorization`);
  const consent = await consentInBrowser(new Browser(), provider.lastAuthUrl, { password: how.ownerPassword });
  const back = new URL(consent.location ?? 'about:blank');
  expect(back.searchParams.get('state'), `SDK ${version}: the state came back`).toBe(provider.lastState);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`SDK ${version}: no code after consent (${consent.res.status} ${consent.html})`);
  await transport().finishAuth(code);
  how.held({ code, verifier: provider.verifier, tokens: [provider.saved?.access_token, provider.saved?.refresh_token].filter((t): t is string => !!t) });
  const connected = client();
  await connected.connect(transport());
  return connected;
}

/** Connects every older SDK (see connectOlderSdk) and calls `greet` with each; throws naming each that failed. */
export async function expectOlderSdkClients(url: URL, how: Parameters<typeof connectOlderSdk>[2]): Promise<void> {
  const failed: string[] = [];
  for (const version of Object.keys(OLDER_SDKS) as OlderSdk[]) {
    try {
      const client = await connectOlderSdk(version, url, how);
      const result = await client.callTool({ name: 'greet', arguments: { name: version } });
      expect(result.content, `SDK ${version} calls greet`).toEqual([{ type: 'text', text: JSON.stringify({ message: `Hello, ${version}!` }) }]);
      await client.close();
    } catch (error) {
      failed.push(`SDK ${version}: ${(error as Error).message}`);
    }
  }
  if (failed.length > 0) throw new Error(failed.join(' | '));
}
