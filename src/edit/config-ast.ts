// Edits the `auth` of mcify.config.ts through a real TypeScript parser (acorn + the TypeScript
// plugin Svelte's `sv` uses): the new text is spliced in at node positions, so every other byte
// (the user's tools, comments, formatting) stays as it was. Loaded only by `add`.
import { Parser } from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import type { ImportSpec } from '../modules/types.js';
import { compareText } from '../lib/compare.js';

/** The parts of an ESTree node this file reads; acorn gives every node `start` and `end`. */
export interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [key: string]: unknown;
}

const TypeScriptParser = Parser.extend(tsPlugin());

/** Parses a TypeScript module; throws acorn's SyntaxError when it does not parse. */
export function parse(text: string): AstNode {
  return TypeScriptParser.parse(text, { sourceType: 'module', ecmaVersion: 'latest', locations: true }) as unknown as AstNode;
}

function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === 'object' && typeof (item as AstNode).type === 'string') out.push(item as AstNode);
    }
  }
  return out;
}

/** Visits every node depth first, with its parent. */
export function walk(node: AstNode, visit: (node: AstNode, parent: AstNode | undefined) => void, parent?: AstNode): void {
  visit(node, parent);
  for (const child of children(node)) walk(child, visit, node);
}

const nodes = (value: unknown) => value as AstNode[];
const node = (value: unknown) => value as AstNode;

/** The name of a non-computed property key (`auth`, `'auth'`), else undefined. */
export function keyName(property: AstNode): string | undefined {
  if (property.computed) return undefined;
  const key = node(property.key);
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function calleeName(call: AstNode): string | undefined {
  const callee = node(call.callee);
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression' && !callee.computed) return node(callee.property).name as string;
  return undefined;
}

/** Whitespace-insensitive, quote-insensitive form of an expression, to compare two of them. */
export function normaliseExpression(text: string): string {
  return text.replace(/\s+/g, '').replace(/"/g, "'").replace(/,([)}\]])/g, '$1');
}

/** What the config's default export looks like, as far as `add` is concerned. */
export type ConfigShape =
  | {
      readonly editable: true;
      /** The object literal passed to defineConfig(...). */
      readonly object: AstNode;
      /** The `auth` property, absent when the config has none. */
      readonly auth?: { readonly property: AstNode; readonly value: AstNode; readonly text: string };
      readonly program: AstNode;
    }
  | { readonly editable: false; readonly reason: string };

export function inspectConfig(text: string): ConfigShape {
  let program: AstNode;
  try {
    program = parse(text);
  } catch (error) {
    return { editable: false, reason: `it does not parse (${(error as Error).message})` };
  }
  const calls: AstNode[] = [];
  walk(program, (n) => {
    if (n.type === 'CallExpression' && calleeName(n) === 'defineConfig') calls.push(n);
  });
  if (calls.length === 0) return { editable: false, reason: 'it has no defineConfig(...) call' };
  if (calls.length > 1) return { editable: false, reason: `it has ${calls.length} defineConfig(...) calls` };
  const exported = nodes(program.body).find((n) => n.type === 'ExportDefaultDeclaration');
  if (!exported || node(exported.declaration) !== calls[0]) {
    return { editable: false, reason: 'its default export is not the defineConfig(...) call itself' };
  }
  const args = nodes(calls[0]!.arguments);
  const object = args[0];
  if (args.length !== 1 || object?.type !== 'ObjectExpression') {
    return { editable: false, reason: 'defineConfig(...) is not given an object literal' };
  }
  const properties = nodes(object.properties);
  if (properties.some((p) => p.type !== 'Property')) {
    return { editable: false, reason: 'the object passed to defineConfig(...) has a spread (...), which may set auth' };
  }
  if (properties.some((p) => p.computed)) {
    return { editable: false, reason: 'the object passed to defineConfig(...) has a computed key, which may set auth' };
  }
  const auths = properties.filter((p) => keyName(p) === 'auth');
  if (auths.length > 1) return { editable: false, reason: 'auth is set more than once' };
  const property = auths[0];
  if (!property) return { editable: true, object, program };
  const value = node(property.value);
  if (property.shorthand || property.method || property.kind !== 'init' || value.type === 'Identifier') {
    return { editable: false, reason: 'auth is built elsewhere (an identifier, not the expression itself)' };
  }
  return { editable: true, object, program, auth: { property, value, text: text.slice(value.start, value.end) } };
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

const lineStart = (text: string, index: number) => text.lastIndexOf('\n', index - 1) + 1;
const indentAt = (text: string, index: number) => /^[ \t]*/.exec(text.slice(lineStart(text, index)))![0];

/** Index of the comma right after `from`, skipping whitespace and comments; -1 if there is none. */
function commaAfter(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    if (/\s/.test(text[i]!)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? limit : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) + 2;
    else return text[i] === ',' ? i : -1;
  }
  return -1;
}

function importDeclarations(program: AstNode): AstNode[] {
  return nodes(program.body).filter((n) => n.type === 'ImportDeclaration' && n.importKind !== 'type');
}

/** Named, value (not type-only) imports: local name = imported name. */
function namedSpecifiers(declaration: AstNode): AstNode[] {
  return nodes(declaration.specifiers).filter((s) => s.type === 'ImportSpecifier' && s.importKind !== 'type');
}

function importedNames(program: AstNode, from: string): Set<string> {
  const names = new Set<string>();
  for (const declaration of importDeclarations(program)) {
    if (node(declaration.source).value !== from) continue;
    for (const s of namedSpecifiers(declaration)) {
      if (node(s.imported).name === node(s.local).name) names.add(node(s.local).name as string);
    }
  }
  return names;
}

/** Splices that add the missing names: merged into an import from the same module, else a new line. */
function addImports(text: string, program: AstNode, imports: readonly ImportSpec[]): Splice[] {
  const splices: Splice[] = [];
  const declarations = importDeclarations(program);
  const newLines: string[] = [];
  for (const spec of imports) {
    const present = importedNames(program, spec.from);
    const missing = [...new Set(spec.names)].filter((n) => !present.has(n)).sort();
    if (missing.length === 0) continue;
    const target = declarations.find((d) => node(d.source).value === spec.from && namedSpecifiers(d).length > 0);
    if (!target) {
      newLines.push(`import { ${missing.join(', ')} } from '${spec.from}';`);
      continue;
    }
    const specifiers = namedSpecifiers(target);
    const names = specifiers.map((s) => node(s.local).name as string);
    const sorted = names.every((n, i) => i === 0 || names[i - 1]! <= n);
    const separator = specifiers.length > 1 ? text.slice(specifiers[0]!.end, specifiers[1]!.start) : ', ';
    for (const name of missing) {
      const before = sorted ? specifiers.find((s) => (node(s.local).name as string) > name) : undefined;
      splices.push(
        before
          ? { start: before.start, end: before.start, text: `${name}${separator}` }
          : { start: specifiers.at(-1)!.end, end: specifiers.at(-1)!.end, text: `${separator}${name}` },
      );
    }
  }
  // A new import goes before the first one whose module sorts after it (as create writes them), else last.
  const at = new Map<AstNode | undefined, string[]>();
  for (const line of newLines.sort()) {
    const from = /from '([^']+)'/.exec(line)![1]!;
    const before = declarations.find((d) => compareText(node(d.source).value as string, from) > 0);
    at.set(before, [...(at.get(before) ?? []), line]);
  }
  const last = declarations.at(-1);
  for (const [before, lines] of at) {
    const text = lines.join('\n');
    if (before) splices.push({ start: before.start, end: before.start, text: `${text}\n` });
    else if (last) splices.push({ start: last.end, end: last.end, text: `\n${text}` });
    else splices.push({ start: 0, end: 0, text: `${text}\n` });
  }
  return splices;
}

/** Identifiers used as values or types, not as a property name or in an import. */
function referencedNames(program: AstNode): Set<string> {
  const names = new Set<string>();
  walk(program, (n, parent) => {
    if (n.type === 'ImportDeclaration') return;
    if (n.type !== 'Identifier' || !parent) return;
    if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return;
    if (parent.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand) return;
    if (parent.type === 'MemberExpression' && parent.property === n && !parent.computed) return;
    names.add(n.name as string);
  });
  return names;
}

/** Splices that remove the given names when nothing references them any more. */
function removeUnusedImports(text: string, program: AstNode, removable: readonly ImportSpec[]): Splice[] {
  const used = referencedNames(program);
  const splices: Splice[] = [];
  for (const declaration of importDeclarations(program)) {
    const from = node(declaration.source).value as string;
    const names = new Set(removable.filter((r) => r.from === from).flatMap((r) => r.names));
    const all = nodes(declaration.specifiers);
    const drop = namedSpecifiers(declaration).filter((s) => {
      const local = node(s.local).name as string;
      return names.has(local) && node(s.imported).name === local && !used.has(local);
    });
    if (drop.length === 0) continue;
    if (drop.length === all.length) {
      // The whole line goes, with its line break.
      const end = text[declaration.end] === '\n' ? declaration.end + 1 : declaration.end;
      splices.push({ start: lineStart(text, declaration.start), end, text: '' });
      continue;
    }
    for (const s of drop) {
      const index = all.indexOf(s);
      const next = all[index + 1];
      // Remove up to the next specifier, or for the last one from the end of the previous one.
      splices.push(next ? { start: s.start, end: next.start, text: '' } : { start: all[index - 1]!.end, end: s.end, text: '' });
    }
  }
  return splices;
}

export interface AuthEdit {
  /** The new `auth:` value and the imports it needs (an auth module's `config`). */
  readonly expression: string;
  readonly imports: readonly ImportSpec[];
  /** Imports the previous mode added: removed when the new text no longer uses them. */
  readonly removable: readonly ImportSpec[];
  /** One line that replaces a comment attached to the old `auth:` entry (which described the old mode). */
  readonly comment?: string;
}

export type ConfigEditResult =
  | { readonly status: 'unchanged'; readonly text: string }
  | { readonly status: 'edited'; readonly text: string; readonly commentReplaced?: boolean }
  | { readonly status: 'manual'; readonly reason: string; readonly lines: readonly string[] };

/** The lines a user adds by hand when the config cannot be edited safely. */
export function manualLines(edit: AuthEdit, renderImports: (specs: readonly ImportSpec[]) => string): string[] {
  return [...renderImports(edit.imports).split('\n'), `  auth: ${edit.expression},`];
}

/** True when the config already has the expression and its imports (e.g. added by hand). */
function alreadyHas(text: string, edit: AuthEdit): boolean {
  let program: AstNode;
  try {
    program = parse(text);
  } catch {
    // A config that does not parse does not have the edit.
    return false;
  }
  const imported = edit.imports.every((spec) => spec.names.every((n) => importedNames(program, spec.from).has(n)));
  return imported && normaliseExpression(text).includes(normaliseExpression(edit.expression));
}

/**
 * Sets `auth` in the object passed to `defineConfig(...)` and fixes the imports. Returns the new
 * text, 'unchanged' when there is nothing to do, or 'manual' with the reason and the lines to add
 * when the shape is not one it can edit safely (then nothing is changed).
 */
export function editAuthConfig(
  text: string,
  edit: AuthEdit,
  renderImports: (specs: readonly ImportSpec[]) => string,
): ConfigEditResult {
  const shape = inspectConfig(text);
  if (!shape.editable) {
    if (alreadyHas(text, edit)) return { status: 'unchanged', text };
    return { status: 'manual', reason: shape.reason, lines: manualLines(edit, renderImports) };
  }
  const splices: Splice[] = [];
  let commentReplaced = false;
  if (shape.auth) {
    if (normaliseExpression(shape.auth.text) !== normaliseExpression(edit.expression)) {
      splices.push({ start: shape.auth.value.start, end: shape.auth.value.end, text: edit.expression });
      const attached = attachedComments(text, shape.auth.property.start);
      if (attached && edit.comment !== undefined) {
        const at = lineStart(text, shape.auth.property.start);
        splices.push({ start: lineStart(text, attached.start), end: at, text: `${indentAt(text, shape.auth.property.start)}// ${edit.comment}\n` });
        commentReplaced = true;
      }
    }
  } else {
    splices.push(insertAuthProperty(text, shape.object, edit.expression));
  }
  splices.push(...addImports(text, shape.program, edit.imports));
  const added = applySplices(text, splices);
  const cleaned = applySplices(added, removeUnusedImports(added, parse(added), edit.removable));
  if (cleaned === text) return { status: 'unchanged', text };
  return { status: 'edited', text: cleaned, ...(commentReplaced ? { commentReplaced } : {}) };
}

/** A tool a mode adds to the config's `tools` array, and the module it is imported from. */
export interface ConfigTool {
  readonly name: string;
  readonly from: string;
}

/**
 * Adds each tool missing from the `tools: [...]` array literal passed to `defineConfig(...)`, with
 * its import. 'manual' (nothing changed) when there is no such array literal to edit.
 */
export function addConfigTools(text: string, tools: readonly ConfigTool[]): { status: 'edited' | 'unchanged'; text: string } | { status: 'manual'; reason: string } {
  const shape = inspectConfig(text);
  if (!shape.editable) return { status: 'manual', reason: shape.reason };
  const property = nodes(shape.object.properties).find((p) => keyName(p) === 'tools');
  const array = property ? node(property.value) : undefined;
  if (!array || array.type !== 'ArrayExpression') return { status: 'manual', reason: 'its tools are not an array literal' };
  const elements = nodes(array.elements);
  const listed = new Set(elements.filter((e) => e.type === 'Identifier').map((e) => e.name as string));
  const missing = tools.filter((t) => !listed.has(t.name));
  if (missing.length === 0) return { status: 'unchanged', text };
  const at = elements.at(-1)?.end ?? array.start + 1;
  const splices: Splice[] = [
    { start: at, end: at, text: `${elements.length > 0 ? ', ' : ''}${missing.map((t) => t.name).join(', ')}` },
    ...addImports(text, shape.program, missing.map((t) => ({ from: t.from, names: [t.name] }))),
  ];
  return { status: 'edited', text: applySplices(text, splices) };
}

/**
 * The comments directly above the node at `start` (no blank line between them and it), on lines
 * of their own; undefined when there are none.
 */
function attachedComments(text: string, start: number): { start: number } | undefined {
  const comments: { start: number; end: number }[] = [];
  TypeScriptParser.parse(text, { sourceType: 'module', ecmaVersion: 'latest', onComment: (_block, _text, s, e) => comments.push({ start: s, end: e }) });
  let first: number | undefined;
  let at = lineStart(text, start);
  for (const comment of [...comments].reverse()) {
    if (comment.end > at) continue;
    const between = text.slice(comment.end, at);
    // Only the line break that ends the comment's own line: a blank line detaches it.
    if (!/^[ \t]*\r?\n?[ \t]*$/.test(between) || text.slice(lineStart(text, comment.start), comment.start).trim() !== '') break;
    first = comment.start;
    at = lineStart(text, comment.start);
  }
  return first === undefined ? undefined : { start: first };
}

/** A new `auth:` property: before `tools` when there is one (after the property before it), else last. */
function insertAuthProperty(text: string, object: AstNode, expression: string): Splice {
  const properties = nodes(object.properties);
  if (properties.length === 0) {
    const indent = `${indentAt(text, object.start)}  `;
    return { start: object.start + 1, end: object.end - 1, text: `\n${indent}auth: ${expression},\n${indentAt(text, object.start)}` };
  }
  const toolsIndex = properties.findIndex((p) => keyName(p) === 'tools');
  const after = toolsIndex === -1 ? properties.at(-1)! : properties[toolsIndex - 1];
  if (!after) {
    const tools = properties[toolsIndex]!;
    const indent = indentAt(text, tools.start);
    const start = lineStart(text, tools.start) === tools.start - indent.length ? tools.start - indent.length : tools.start;
    return { start, end: start, text: start === tools.start ? `auth: ${expression}, ` : `${indent}auth: ${expression},\n` };
  }
  const indent = indentAt(text, after.start);
  const comma = commaAfter(text, after.end, object.end - 1);
  const multiline = text.slice(object.start, object.end).includes('\n');
  const entry = multiline ? `\n${indent}auth: ${expression}` : ` auth: ${expression}`;
  if (comma !== -1) return { start: comma + 1, end: comma + 1, text: `${entry},` };
  // The last property has no trailing comma: add one before the new property.
  return { start: after.end, end: after.end, text: `,${entry}` };
}
