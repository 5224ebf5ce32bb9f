// MCP protocol version negotiation (MCP lifecycle, "Version Negotiation"): the server answers
// `initialize` with the version the client asked for when it supports it, else with its newest;
// later requests name the version in the MCP-Protocol-Version header, and an unsupported one is
// answered 400 (Streamable HTTP transport, "Protocol Version Header").
//
// This covers a framework gap: mcify 1.0.0-alpha.3 always answers its own newest version, which
// older clients (official SDK 1.12 and 1.17) refuse. It can go when the framework negotiates.

/** The versions this server speaks, newest first. Every one of them has the same tools wire. */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;

/** The version to answer an `initialize` that asked for `requested`. */
export function negotiateVersion(requested: unknown): string {
  const supported: readonly unknown[] = SUPPORTED_PROTOCOL_VERSIONS;
  return supported.includes(requested) ? (requested as string) : SUPPORTED_PROTOCOL_VERSIONS[0];
}

/** Whether a request's MCP-Protocol-Version header names a version this server cannot speak. */
export function unsupportedVersionHeader(header: string | undefined): boolean {
  return header !== undefined && !(SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(header.trim());
}

/** The framework's `initialize` answer (HTTP 200, a JSON-RPC result) with `version` in it instead. */
export async function withProtocolVersion(response: Response, version: string): Promise<Response> {
  const message = (await response.json()) as { result?: { protocolVersion?: string } };
  if (message.result) message.result.protocolVersion = version;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(message), { status: response.status, headers });
}
