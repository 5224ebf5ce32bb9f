// What `add auth` gives a project create-mcify did not make: the files a new auth mode needs,
// followed through their imports, and, for a project served by the framework's `mcify dev` /
// `mcify build` (which serve mcify.config.ts alone), the server entry and HTTP app that
// create-mcify projects have, so the routes in front of /mcp (Origin check, consent page, OAuth
// metadata and challenges) have somewhere to live. Pure: files are read through `read`.
import { posix } from 'node:path';
import { Parser } from 'acorn';
import { parse, walk, type AstNode } from './config-ast.js';
import type { Target } from '../modules/types.js';

/** The entry point a create-mcify project of each target is served from. */
export const ENTRY_FILE: Readonly<Record<Target, string>> = { node: 'src/server.ts', bun: 'src/server.ts', workers: 'src/worker.ts' };

/** Module specifiers a module imports: static imports, re-exports and `import('literal')`. */
export function moduleSpecifiers(text: string): string[] {
  const found: string[] = [];
  walk(parse(text), (n) => {
    const isImport = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].includes(n.type);
    const source = isImport ? (n.source as AstNode | null) : undefined;
    if (source?.type === 'Literal' && typeof source.value === 'string') found.push(source.value);
  });
  return found;
}

/** The npm package a bare specifier names (`hono/body-limit` -> `hono`); undefined for built-ins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || /^(node|bun|cloudflare):/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** `./x.js` imported by `src/a.ts`, as one of the given paths (`src/x.ts`), else undefined. */
function resolveLocal(from: string, specifier: string, has: (path: string) => boolean): string | undefined {
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  return [joined, joined.replace(/\.js$/, '.ts'), `${joined}.ts`, `${joined}/index.ts`].find(has);
}

/**
 * The files `start` needs among `files` (path -> text), following relative imports, and the npm
 * packages they import. Imports of files outside `files` (the project's own, e.g.
 * `../mcify.config.js`) end the walk there.
 */
export function importClosure(start: readonly string[], files: ReadonlyMap<string, string>): { paths: string[]; packages: string[] } {
  const paths = new Set<string>();
  const packages = new Set<string>();
  const queue = start.filter((p) => files.has(p));
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (paths.has(path)) continue;
    paths.add(path);
    for (const specifier of moduleSpecifiers(files.get(path)!)) {
      if (specifier.startsWith('.')) {
        const local = resolveLocal(path, specifier, (p) => files.has(p));
        if (local && !paths.has(local)) queue.push(local);
      } else {
        const name = packageOf(specifier);
        if (name) packages.add(name);
      }
    }
  }
  return { paths: [...paths].sort(), packages: [...packages].sort() };
}

/**
 * How the project is served: by the framework's CLI (`mcify dev` / `mcify build` in its scripts,
 * or no dev/start script at all), or by an entry point of its own.
 */
export function servedByMcifyCli(scripts: Readonly<Record<string, string>> | undefined): boolean {
  const serving = ['dev', 'start', 'build'].map((name) => scripts?.[name]).filter((s): s is string => s !== undefined);
  return serving.length === 0 || serving.some((s) => /(^|[\s&|;])mcify\s+(dev|build)\b/.test(s));
}

/**
 * A tsconfig.json whose `include` does not cover `folder`, with the folder added (spliced in at
 * the array's last element: every other byte kept); the same text when it already covers it or
 * includes everything; undefined when it cannot be read as JSON (comments, trailing commas).
 */
export function includeFolder(text: string, folder: string): string | undefined {
  let config: { include?: unknown };
  try {
    config = JSON.parse(text) as { include?: unknown };
  } catch {
    // A tsconfig with comments: not edited, the caller says what to add.
    return undefined;
  }
  if (!Array.isArray(config.include)) return text;
  const covers = (pattern: string) => {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    return clean === folder || clean === `${folder}/**/*` || clean === `${folder}/**` || clean === '**/*' || clean === '**' || clean === '.';
  };
  if (config.include.some((p) => typeof p === 'string' && covers(p))) return text;
  // The same text as a JS expression gives each element's position.
  const expression = Parser.parseExpressionAt(text, text.indexOf('{'), { ecmaVersion: 'latest' }) as unknown as AstNode;
  const include = (expression.properties as AstNode[]).find((p) => (p.key as AstNode).value === 'include');
  const elements = (include!.value as AstNode).elements as AstNode[];
  const last = elements.at(-1);
  if (!last) {
    const array = include!.value as AstNode;
    return `${text.slice(0, array.start)}["${folder}"]${text.slice(array.end)}`;
  }
  return `${text.slice(0, last.end)}, "${folder}"${text.slice(last.end)}`;
}
