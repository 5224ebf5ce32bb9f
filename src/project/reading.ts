// One reading of a project, whoever wrote it: the auth mode from mcify.config.ts (through the
// TypeScript AST, following renamed imports, namespaces and consts), the names it gives the mode's
// secrets, and every other variable the code reads (`process.env.X`, `process.env['X']`,
// `const { X } = process.env`, `env.X` in a Workers handler) or the example env file lists.
// `add`, `secret` and `doctor` all read projects through here. A config it cannot read is
// reported with the reason, never guessed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyName, parse, walk, type AstNode } from '../edit/config-ast.js';
import { authModules } from '../modules/auth/index.js';
import type { AuthMode } from '../modules/types.js';

export type AuthReading =
  | {
      readonly status: 'read';
      readonly mode: AuthMode;
      /**
       * The config's own names for the mode's credential variables, by the module's name (e.g.
       * `{ MCIFY_AUTH_TOKEN: 'MY_TOKEN' }` for `bearer({ env: 'MY_TOKEN' })`); empty when they agree.
       */
      readonly renamed: Readonly<Record<string, string>>;
    }
  | { readonly status: 'unreadable'; readonly reason: string };

const nodes = (value: unknown) => (value ?? []) as AstNode[];
const node = (value: unknown) => value as AstNode;

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`. */
function unwrap(n: AstNode): AstNode {
  let current = n;
  while (['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes(current.type)) {
    current = node(current.expression);
  }
  return current;
}

interface Module {
  readonly program: AstNode;
  /** Local name -> where it comes from: `{ from, name }`, name `*` for a namespace import. */
  readonly imports: ReadonlyMap<string, { readonly from: string; readonly name: string }>;
  /** Top-level `const` bindings: name -> initialiser. */
  readonly consts: ReadonlyMap<string, AstNode>;
}

function moduleOf(program: AstNode): Module {
  const imports = new Map<string, { from: string; name: string }>();
  const consts = new Map<string, AstNode>();
  for (const statement of nodes(program.body)) {
    if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') {
      const from = node(statement.source).value as string;
      for (const s of nodes(statement.specifiers)) {
        const local = node(s.local).name as string;
        if (s.type === 'ImportSpecifier' && s.importKind !== 'type') {
          const imported = node(s.imported);
          imports.set(local, { from, name: (imported.name ?? imported.value) as string });
        } else if (s.type === 'ImportNamespaceSpecifier') imports.set(local, { from, name: '*' });
        else if (s.type === 'ImportDefaultSpecifier') imports.set(local, { from, name: 'default' });
      }
    }
    const declaration = statement.type === 'ExportNamedDeclaration' ? node(statement.declaration ?? {}) : statement;
    if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') {
      for (const d of nodes(declaration.declarations)) {
        if (node(d.id).type === 'Identifier' && d.init) consts.set(node(d.id).name as string, node(d.init));
      }
    }
  }
  return { program, imports, consts };
}

/** An identifier's value through top-level consts (a few hops), else the identifier itself. */
function resolveConst(module: Module, n: AstNode): AstNode {
  let current = unwrap(n);
  for (let hops = 0; hops < 8 && current.type === 'Identifier' && module.consts.has(current.name as string); hops++) {
    current = unwrap(module.consts.get(current.name as string)!);
  }
  return current;
}

/**
 * What a callee refers to, as `<module>#<exported name>[.<member>...]`: `bearer` imported as `b`
 * and `core.bearer` from `import * as core` both give `@mcify/core#bearer`. Undefined for a
 * callee that is not an imported name (a local function, an expression).
 */
function calleeSignature(module: Module, callee: AstNode): string | undefined {
  const members: string[] = [];
  let head = unwrap(callee);
  while (head.type === 'MemberExpression' && !head.computed) {
    members.unshift(node(head.property).name as string);
    head = unwrap(node(head.object));
  }
  if (head.type !== 'Identifier') return undefined;
  const imported = module.imports.get(head.name as string);
  if (!imported) return undefined;
  const path = imported.name === '*' ? members : [imported.name, ...members];
  if (path.length === 0) return undefined;
  return `${imported.from}#${path.join('.')}`;
}

/** Each auth module's signature, from the expression `create` writes (one source of truth). */
function moduleSignatures(): Map<string, AuthMode> {
  const signatures = new Map<string, AuthMode>();
  for (const [mode, auth] of Object.entries(authModules) as [AuthMode, NonNullable<(typeof authModules)[AuthMode]>][]) {
    const imports = auth.config.imports.map((spec) => `import { ${spec.names.join(', ')} } from '${spec.from}';`).join('\n');
    const program = parse(`${imports}\nconst value = ${auth.config.expression};`);
    const module = moduleOf(program);
    const call = resolveConst(module, { type: 'Identifier', name: 'value', start: 0, end: 0 } as AstNode);
    const signature = call.type === 'CallExpression' ? calleeSignature(module, node(call.callee)) : undefined;
    if (signature) signatures.set(signature, mode);
  }
  return signatures;
}

/** The object literal passed to defineConfig(...) in the default export, or why there is none. */
function configObject(module: Module): AstNode | string {
  const exported = nodes(module.program.body).find((n) => n.type === 'ExportDefaultDeclaration');
  if (!exported) return 'it has no default export';
  let value = resolveConst(module, node(exported.declaration));
  if (value.type === 'CallExpression') {
    if (calleeSignature(module, node(value.callee)) !== '@mcify/core#defineConfig') {
      return 'its default export is not defineConfig(...) from @mcify/core';
    }
    const args = nodes(value.arguments);
    if (args.length !== 1) return 'defineConfig(...) is not given one object';
    value = resolveConst(module, args[0]!);
  }
  return value.type === 'ObjectExpression' ? value : 'the config is not an object literal in mcify.config.ts';
}

/**
 * Reads the auth mode of an mcify.config.ts: the `auth` of the object given to defineConfig, its
 * callee traced to the import that provides it and compared with each auth module's expression.
 * No `auth` entry is the framework's default, no authentication (`none`).
 */
export function readConfigAuth(text: string): AuthReading {
  let module: Module;
  try {
    module = moduleOf(parse(text));
  } catch (error) {
    return { status: 'unreadable', reason: `mcify.config.ts does not parse (${(error as Error).message})` };
  }
  const object = configObject(module);
  if (typeof object === 'string') return { status: 'unreadable', reason: `mcify.config.ts cannot be read: ${object}` };
  const properties = nodes(object.properties);
  const authIndex = properties.map((p) => p.type === 'Property' && keyName(p) === 'auth').lastIndexOf(true);
  // A spread or computed key after the last `auth:` may replace it.
  const hidden = properties.slice(authIndex + 1).find((p) => p.type !== 'Property' || p.computed);
  if (hidden) {
    return { status: 'unreadable', reason: `mcify.config.ts cannot be read: the config has a ${hidden.type === 'SpreadElement' ? 'spread (...)' : 'computed key'} that may set auth` };
  }
  if (authIndex === -1) return { status: 'read', mode: 'none', renamed: {} };
  const value = resolveConst(module, node(properties[authIndex]!.value));
  if (value.type === 'Identifier') {
    const from = module.imports.get(value.name as string)?.from;
    return {
      status: 'unreadable',
      reason: `mcify.config.ts cannot be read: auth is ${value.name as string}, ${from ? `imported from ${from}` : 'not a const of mcify.config.ts'}`,
    };
  }
  if (value.type !== 'CallExpression') {
    return { status: 'unreadable', reason: 'mcify.config.ts cannot be read: auth is not a call of an auth function (bearer(...), apiKey(...), ...)' };
  }
  const signature = calleeSignature(module, node(value.callee));
  const mode = signature ? moduleSignatures().get(signature) : undefined;
  if (!mode) {
    const callee = text.slice(node(value.callee).start, node(value.callee).end);
    return {
      status: 'unreadable',
      reason: `mcify.config.ts cannot be read: auth is ${callee}(...)${signature ? ` (${signature.replace('#', ' ')})` : ''}, which is not one of create-mcify's auth modes`,
    };
  }
  const renamed: Record<string, string> = {};
  const credential = authModules[mode]?.credential;
  const options = nodes(value.arguments)[0] && resolveConst(module, nodes(value.arguments)[0]!);
  const envProperty = options?.type === 'ObjectExpression' ? nodes(options.properties).find((p) => p.type === 'Property' && keyName(p) === 'env') : undefined;
  if (credential && envProperty) {
    const name = resolveConst(module, node(envProperty.value));
    if (name.type !== 'Literal' || typeof name.value !== 'string') {
      return { status: 'unreadable', reason: `mcify.config.ts cannot be read: the env of ${mode} auth is not a string literal` };
    }
    if (name.value !== credential.env) renamed[credential.env] = name.value;
  }
  return { status: 'read', mode, renamed };
}

/** A variable the project's code reads, with where. */
export interface EnvReference {
  readonly name: string;
  /** Project-relative files that read it, or the example env file that lists it. */
  readonly in: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', '.wrangler', '.data', '.mcify', 'test', 'tests', '__tests__']);
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const NOT_SOURCE = /\.(?:test|spec)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$/;
/** A project reads at most this many files: a bound on a tree that holds more than code. */
const MAX_FILES = 2000;

/** The project's source files (tests, builds and dependencies excluded), project-relative. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (found.length >= MAX_FILES) return;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(join(dir, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile() && SOURCE.test(entry.name) && !NOT_SOURCE.test(entry.name)) {
        found.push(`${prefix}${entry.name}`);
      }
    }
  };
  visit(root, '');
  return found;
}

const isProcessEnv = (n: AstNode) => {
  const e = unwrap(n);
  if (e.type !== 'MemberExpression' || e.computed) return false;
  const object = unwrap(node(e.object));
  const owner = object.type === 'Identifier' ? (object.name as string) : undefined;
  return (owner === 'process' || owner === 'Bun') && node(e.property).name === 'env';
};

/** `X` of `<object>.X` or `<object>['X']`. */
function memberName(member: AstNode): string | undefined {
  const property = node(member.property);
  if (!member.computed) return property.name as string;
  return property.type === 'Literal' && typeof property.value === 'string' ? property.value : undefined;
}

/** Names destructured from an object pattern (`{ A, B: b }`). */
const patternNames = (pattern: AstNode) =>
  pattern.type === 'ObjectPattern' ? nodes(pattern.properties).flatMap((p) => (p.type === 'Property' && keyName(p) ? [keyName(p)!] : [])) : [];

const HANDLERS = new Set(['fetch', 'scheduled', 'queue', 'email', 'tail']);

/**
 * The variables one source file reads: `process.env.X`, `process.env['X']`, `Bun.env.X`,
 * `const { X } = process.env`, and in a Workers handler (`fetch(request, env)` and the other
 * handlers of the default export object) `env.X` and `const { X } = env`. Throws when it does not parse.
 */
export function envReadsOf(text: string): string[] {
  const program = parse(text);
  const names = new Set<string>();
  const bindings = new Set<string>();
  // The env parameter of the default export's Workers handlers, by name (`env`, `bindings`, ...);
  // other objects' fetch(request, x) (Bun.serve's server, say) are not Workers handlers.
  const exported = nodes(program.body).find((n) => n.type === 'ExportDefaultDeclaration');
  const handlers = exported ? resolveConst(moduleOf(program), node(exported.declaration)) : undefined;
  for (const member of handlers?.type === 'ObjectExpression' ? nodes(handlers.properties) : []) {
    if (member.type !== 'Property' || !HANDLERS.has(keyName(member) ?? '')) continue;
    const second = nodes(node(member.value).params)[1];
    if (second?.type === 'Identifier') bindings.add(second.name as string);
    for (const name of second ? patternNames(second) : []) names.add(name);
  }
  const isBindings = (e: AstNode) => unwrap(e).type === 'Identifier' && bindings.has(unwrap(e).name as string);
  walk(program, (n) => {
    if (n.type === 'MemberExpression' && (isProcessEnv(node(n.object)) || isBindings(node(n.object)))) {
      const name = memberName(n);
      if (name) names.add(name);
    }
    if (n.type === 'VariableDeclarator' && n.init && (isProcessEnv(node(n.init)) || isBindings(node(n.init)))) {
      for (const name of patternNames(node(n.id))) names.add(name);
    }
  });
  return [...names];
}

/** Every variable the project's sources read, and the files that do not parse (not guessed at). */
export function readEnvReferences(root: string): { references: EnvReference[]; unreadable: string[] } {
  const byName = new Map<string, string[]>();
  const unreadable: string[] = [];
  for (const file of sourceFiles(root)) {
    let reads: string[];
    try {
      reads = envReadsOf(readFileSync(join(root, file), 'utf8'));
    } catch {
      // A file acorn cannot parse (e.g. JSX in .js) is listed, not scanned with a regex.
      unreadable.push(file);
      continue;
    }
    for (const name of reads) byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  return { references: [...byName].map(([name, files]) => ({ name, in: files })), unreadable };
}

/** Variables a runtime or platform sets, never a credential the user brings. */
const PLATFORM_VARS = new Set(['HOST', 'PORT', 'NODE_ENV', 'CI', 'TZ', 'PATH', 'HOME', 'DEBUG']);

/**
 * Whether a variable belongs to the server itself rather than to an API it calls: one an auth
 * mode declares (any mode, so a leftover of an earlier one counts), a `_PREVIOUS` of a rotation,
 * mcify's own `MCIFY_*`, or one the platform sets.
 */
export function isServerVariable(name: string, authNames: ReadonlySet<string>): boolean {
  const base = name.replace(/_PREVIOUS$/, '');
  return authNames.has(name) || authNames.has(base) || /^MCIFY_/.test(name) || PLATFORM_VARS.has(name);
}
