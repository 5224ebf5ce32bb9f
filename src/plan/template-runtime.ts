// Evaluates templates compiled by scripts/template-compiler.mjs, with handlebars' semantics under
// { strict: true, noEscape: true } for the subset the compiler accepts. Only the published build
// uses it; tests and development render with handlebars itself, and test/cli/build.test.ts checks
// that both write the same projects.
import type { Template } from './template-layer.js';

/** c: context, r: runtime, s: depths (contexts of the enclosing blocks, for ../), d: data (@index...). */
export type CompiledTemplate = (c: unknown, r: Runtime, s: unknown[], d: Data) => string;
type Program = ((c: unknown, s: unknown[], d: Data) => string) | null;
type Data = Record<string, unknown>;

const own = Object.prototype.hasOwnProperty;

/** handlebars' lookupProperty: own properties only, so nothing leaks from prototypes. */
function lookup(parent: unknown, name: string | number): unknown {
  const value = (parent as Record<string | number, unknown>)[name];
  if (value == null) return value;
  return own.call(parent, name) ? value : undefined;
}

/** The child depths for a block's new context (handlebars adds a depth only when the context changes). */
// eslint-disable-next-line eqeqeq -- handlebars compares loosely
const deeper = (context: unknown, s: unknown[]) => (context != s[0] ? [context, ...s] : s);

function isEmpty(value: unknown) {
  return !value || (Array.isArray(value) && value.length === 0);
}

export interface Runtime {
  lookup: typeof lookup;
  strict(parent: unknown, name: string): unknown;
  text(value: unknown, context: unknown): string;
  when(value: unknown, c: unknown, s: unknown[], d: Data, fn: Program, inverse: Program): string;
  unless(value: unknown, c: unknown, s: unknown[], d: Data, fn: Program, inverse: Program): string;
  each(value: unknown, c: unknown, s: unknown[], d: Data, fn: Program, inverse: Program): string;
  partial(name: string, c: unknown, d: Data, indent: string): string;
}

function runtime(partials: Readonly<Record<string, Template>>): Runtime {
  const run = (program: Program, c: unknown, s: unknown[], d: Data) => (program ? program(c, s, d) : '');
  const call = (value: unknown, c: unknown) => (typeof value === 'function' ? (value as (this: unknown) => unknown).call(c) : value);
  return {
    lookup,
    strict(parent, name) {
      if (!parent || !(name in (parent as object))) throw new Error(`"${name}" not defined in ${String(parent)}`);
      return lookup(parent, name);
    },
    text(value) {
      // Template contexts are data; handlebars would call a function value as a helper.
      if (typeof value === 'function') throw new Error('a template value is a function: contexts must be plain data');
      return value == null ? '' : `${value as string}`;
    },
    when(value, c, s, d, fn, inverse) {
      return isEmpty(call(value, c)) ? run(inverse, c, s, d) : run(fn, c, s, d);
    },
    unless(value, c, s, d, fn, inverse) {
      return isEmpty(call(value, c)) ? run(fn, c, s, d) : run(inverse, c, s, d);
    },
    each(value, c, s, d, fn, inverse) {
      let items = call(value, c) as Record<string | number, unknown>;
      let out = '';
      let i = 0;
      const frame: Data = { ...d, _parent: d };
      const iteration = (key: string | number, index: number, last: boolean) => {
        Object.assign(frame, { key, index, first: index === 0, last });
        out += run(fn, items[key], deeper(items[key], s), frame);
      };
      if (items && typeof items === 'object') {
        if (!Array.isArray(items) && typeof (items as unknown as Iterable<unknown>)[Symbol.iterator] === 'function') {
          items = [...(items as unknown as Iterable<unknown>)] as unknown as Record<number, unknown>;
        }
        if (Array.isArray(items)) {
          for (const n = items.length; i < n; i += 1) if (i in items) iteration(i, i, i === n - 1);
        } else {
          const keys = Object.keys(items);
          for (; i < keys.length; i += 1) iteration(keys[i]!, i, i === keys.length - 1);
        }
      }
      return i === 0 ? run(inverse, c, s, d) : out;
    },
    partial(name, c, d, indent) {
      if (!own.call(partials, name)) throw new Error(`The partial ${name} could not be found`);
      const result = partials[name]!(c, { partials, data: d });
      if (!indent) return result;
      const lines = result.split('\n');
      for (let i = 0; i < lines.length; i += 1) {
        if (!lines[i] && i + 1 === lines.length) break;
        lines[i] = indent + lines[i];
      }
      return lines.join('\n');
    },
  };
}

/** A compiled template with handlebars' calling convention: template(context, { partials, data }). */
export function toTemplate(compiled: CompiledTemplate): Template {
  return (context, options) =>
    compiled(context, runtime(options?.partials ?? {}), [context], (options?.data as Data | undefined) ?? { root: context });
}
