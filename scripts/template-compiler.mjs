// Compiles our handlebars templates to plain JavaScript at build time, so the published CLI
// renders a project with string concatenation instead of loading handlebars' runtime and its
// template wrappers. It covers the subset templates/ uses, with handlebars' exact semantics
// under { strict: true, noEscape: true }; anything else fails the build with its location, and
// test/cli/build.test.ts checks that the bundle writes byte-identical projects to handlebars.
//
// Handlebars.parse applies handlebars' own whitespace rules (standalone lines, `~`), so the
// output text is handlebars' own; what is emulated is the evaluation, in src/plan/template-runtime.ts.
import Handlebars from 'handlebars';

const BLOCK_HELPERS = new Set(['if', 'unless', 'each']);
// Names handlebars would resolve to a helper before the context: never a variable here.
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);
const DATA_NAMES = new Set(['index', 'first', 'last', 'key', 'root']);

class Unsupported extends Error {}

function fail(node, what) {
  const at = node.loc ? ` at line ${node.loc.start.line}` : '';
  throw new Unsupported(`${what}${at}: not supported by scripts/template-compiler.mjs; use if/unless/each, partials and paths`);
}

/**
 * A path's value as handlebars looks it up. `strict` is handlebars' strict lookup of the last
 * segment (a missing name throws); block parameters (`{{#if a.b}}`) are looked up leniently.
 */
function path(node, strict) {
  if (node.type !== 'PathExpression') fail(node, `a ${node.type} value`);
  if (node.data && (node.depth > 0 || !DATA_NAMES.has(node.parts[0]))) fail(node, `@${node.original.replace(/^@/, '')}`);
  let value = node.data ? 'd' : node.depth === 0 ? 'c' : `s[${node.depth}]`;
  if (node.parts.length === 0) return value; // this, ., ../
  const last = node.parts.length - 1;
  node.parts.forEach((part, i) => {
    value = strict && i === last ? `r.strict(${value}, ${JSON.stringify(part)})` : `r.lookup(${value}, ${JSON.stringify(part)})`;
  });
  return value;
}

function checkPlain(node) {
  if (node.params.length > 0 || (node.hash && node.hash.pairs.length > 0)) fail(node, `parameters on {{${node.path.original}}}`);
}

/** A program (a template, or a block's body) as one string expression over c, s and d. */
function expression(node) {
  if (node.blockParams) fail(node, 'block parameters (as |x|)');
  const parts = node.body.map(statementCode).filter(Boolean);
  return parts.length > 0 ? parts.join(' + ') : '""';
}

/** A block's body as a function (c: context, s: depths, d: data) => string. */
const program = (node) => `(c, s, d) => ${expression(node)}`;

function statementCode(node) {
  switch (node.type) {
    case 'ContentStatement':
      return node.value === '' ? '' : JSON.stringify(node.value);
    case 'CommentStatement':
      return '';
    case 'MustacheStatement': {
      checkPlain(node);
      const p = node.path;
      if (p.type !== 'PathExpression') fail(node, 'a literal mustache');
      if (!p.data && p.depth === 0 && p.parts.length === 1 && BUILTIN_HELPERS.has(p.parts[0])) fail(node, `the helper name {{${p.original}}} as a variable`);
      return `r.text(${path(p, true)}, c)`;
    }
    case 'BlockStatement': {
      const name = node.path.original;
      if (node.path.type !== 'PathExpression' || !BLOCK_HELPERS.has(name)) fail(node, `the block helper #${name}`);
      if (node.params.length !== 1 || (node.hash && node.hash.pairs.length > 0)) fail(node, `#${name} without exactly one parameter`);
      const fn = node.program ? program(node.program) : 'null';
      const inverse = node.inverse ? program(node.inverse) : 'null';
      return `r.${name === 'each' ? 'each' : name === 'if' ? 'when' : 'unless'}(${path(node.params[0], false)}, c, s, d, ${fn}, ${inverse})`;
    }
    case 'PartialStatement': {
      if (node.name.type !== 'PathExpression') fail(node, 'a dynamic partial');
      if (node.params.length > 0 || (node.hash && node.hash.pairs.length > 0)) fail(node, `a partial with a context or hash ({{> ${node.name.original} ...}})`);
      return `r.partial(${JSON.stringify(node.name.original)}, c, d, ${JSON.stringify(node.indent ?? '')})`;
    }
    default:
      return fail(node, `a ${node.type}`);
  }
}

/**
 * The source of `function (c, r, s, d)`: c the context, r the runtime, s the depths (contexts of
 * enclosing blocks, for ../), d the data frame (@index, @first, @last, @key, @root).
 */
export function compileTemplate(source, name = 'template') {
  let ast;
  try {
    ast = Handlebars.parse(source);
  } catch (error) {
    throw new Error(`${name}: ${error.message}`);
  }
  try {
    return `(c, r, s, d) => ${expression(ast)}`;
  } catch (error) {
    if (error instanceof Unsupported) throw new Error(`${name}: ${error.message}`);
    throw error;
  }
}
