import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { compileTemplate } from '../../scripts/template-compiler.mjs';
import { COMPILE_OPTIONS, type Template } from '../../src/plan/template-layer.js';
import { toTemplate, type CompiledTemplate } from '../../src/plan/template-runtime.js';

const compiled = (source: string): Template =>
  toTemplate(new Function(`return ${(compileTemplate as (s: string) => string)(source)}`)() as CompiledTemplate);

/** Renders with handlebars and with the compiled function; returns both results (or errors). */
function both(source: string, context: object, partials: Record<string, string> = {}) {
  const attempt = (render: () => string) => {
    try {
      return { text: render() };
    } catch (error) {
      return { error: true };
    }
  };
  const hbsPartials = Object.fromEntries(Object.entries(partials).map(([k, v]) => [k, Handlebars.compile(v, COMPILE_OPTIONS)]));
  const ourPartials = Object.fromEntries(Object.entries(partials).map(([k, v]) => [k, compiled(v)]));
  return {
    handlebars: attempt(() => Handlebars.compile(source, COMPILE_OPTIONS)(context, { partials: hbsPartials })),
    compiled: attempt(() => compiled(source)(context, { partials: ourPartials })),
  };
}

const context = {
  name: 'demo',
  zero: 0,
  empty: [],
  nothing: null,
  list: ['a', 'b', 'c'],
  env: [
    { name: 'A', secret: true, tags: ['x', 'y'] },
    { name: 'B', secret: false, tags: [] },
  ],
  record: { one: 1, two: 2 },
  nested: { deep: { value: 'v' } },
  set: new Set(['s1', 's2']),
};

const agreeing: [string, string, Record<string, string>?][] = [
  ['paths and standalone blocks', 'name: {{name}}\n{{#if nested.deep}}\n  deep: {{nested.deep.value}}\n{{else}}\n  none\n{{/if}}\nend\n'],
  ['falsy values: 0, [], null, missing', '{{#if zero}}z{{else}}no-z{{/if}} {{#if empty}}e{{else}}no-e{{/if}} {{#if nothing}}n{{/if}}{{#unless missing}}u{{/unless}}|{{nothing}}|{{zero}}'],
  ['else if chains', '{{#if missing}}1{{else if zero}}2{{else if name}}3{{else}}4{{/if}}'],
  ['whitespace control', 'a  {{~name~}}  b\n  {{~#if name}}  c  {{~/if}}\n'],
  ['comments and escaped mustaches', '{{!-- gone --}}\n{{! gone too }}\nkeep \\{{ secrets.TOKEN }} {{name}}\n'],
  ['each over an array: @index, @first, @last, this, ../', '{{#each list}}{{@index}}:{{this}}{{#if @first}}(first){{/if}}{{#unless @last}}, {{/unless}}{{/each}} of {{name}}\n{{#each env}}\n- {{name}} in {{../name}}{{#each tags}} [{{this}} {{@index}} {{../name}}]{{/each}}\n{{/each}}\n'],
  ['each over an object (@key) and an iterable', '{{#each record}}{{@key}}={{this}};{{/each}} {{#each set}}{{this}}{{/each}}'],
  ['each with else on empty and missing lists', '{{#each empty}}x{{else}}empty{{/each}} {{#each missing}}x{{else}}missing{{/each}}'],
  ['@root inside blocks', '{{#each env}}{{@root.name}}-{{name}} {{/each}}'],
  [
    'standalone partials are indented line by line, nested ones too',
    'start\n  {{> block}}\n{{#each env}}\n    {{> item}}\n{{/each}}\nend\n',
    { block: 'line one\nline two\n  {{> inner}}\n', inner: 'inner {{name}}\n', item: '{{name}}: {{@index}}\n{{#if secret}}\nsecret\n{{/if}}\n' },
  ],
  ['a partial inline keeps its text as it is', 'x {{> inline}} y\n', { inline: 'a\nb' }],
];

describe('template compiler (published build)', () => {
  it.each(agreeing)('renders like handlebars: %s', (_, source, partials) => {
    const { handlebars, compiled: ours } = both(source, context, partials);
    expect(handlebars.error).toBeUndefined();
    expect(ours).toEqual(handlebars);
  });

  it.each([
    ['a missing variable', '{{missing}}'],
    ['a missing nested variable', '{{nested.missing}}'],
    ['a path through a missing object', '{{#if missing.deep}}x{{/if}}'],
    ['a missing partial', '{{> nowhere}}'],
    ['../ above a partial (partials start with fresh depths)', '{{#each env}}{{> up}}{{/each}}', { up: '{{../name}}' }],
  ] as [string, string, Record<string, string>?][])('fails like handlebars on %s', (_, source, partials) => {
    const { handlebars, compiled: ours } = both(source, context, partials);
    expect(handlebars.error).toBe(true);
    expect(ours.error).toBe(true);
  });

  it.each([
    ['a helper call with parameters', '{{lookup env 0}}'],
    ['an unknown block helper', '{{#with nested}}{{deep.value}}{{/with}}'],
    ['a hash on #if', '{{#if zero includeZero=true}}z{{/if}}'],
    ['block parameters', '{{#each env as |item|}}{{item.name}}{{/each}}'],
    ['a dynamic partial', '{{> (name)}}'],
    ['a partial with a context', '{{> item nested}}'],
    ['a data variable of an outer block', '{{#each env}}{{#each tags}}{{@../index}}{{/each}}{{/each}}'],
    ['a helper name used as a variable', '{{log}}'],
  ])('refuses %s at build time, naming the line', (_, source) => {
    expect(() => (compileTemplate as (s: string, n: string) => string)(`\n${source}`, 'layer/file.hbs')).toThrow(
      /^layer\/file\.hbs: .* at line 2: not supported/,
    );
  });
});
