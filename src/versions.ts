// Every dependency version a generated project can get, in one place. The mcify packages are
// pinned exactly: alpha.3 is the only published version that installs (see UPSTREAM notes).
export const VERSIONS = {
  '@mcify/core': '1.0.0-alpha.3',
  '@mcify/runtime': '1.0.0-alpha.3',
  '@hono/node-server': '^1.19.9',
  '@modelcontextprotocol/sdk': '^1.32.2',
  '@types/bun': '^1.3.0',
  '@types/node': '^22.12.0',
  hono: '^4.12.0',
  'ipaddr.js': '^2.5.0',
  postgres: '^3.4.9',
  jose: '^6.2.0',
  tsx: '^4.20.0',
  typescript: '~5.9.3',
  vitest: '^4.1.0',
  wrangler: '^4.164.0',
  zod: '^3.25.0',
} as const;

export type Dependency = keyof typeof VERSIONS;

export function versionOf(name: string): string {
  const version = (VERSIONS as Record<string, string>)[name];
  if (!version) throw new Error(`No version declared for "${name}" in src/versions.ts`);
  return version;
}
