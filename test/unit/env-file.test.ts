import { describe, expect, it } from 'vitest';
import { envValues, parseEnv, printEnv, removeEnv, upsertEnv } from '../../src/lib/env-file.js';

const existing = `# my comment
export FIRST="quoted value"
SECOND=plain # trailing comment

THIRD='single'
`;

describe('env files', () => {
  it('parses values, quotes, export prefixes and comments', () => {
    expect(Object.fromEntries(envValues(parseEnv(existing)))).toEqual({
      FIRST: 'quoted value',
      SECOND: 'plain',
      THIRD: 'single',
    });
  });

  it('prints exactly what it parsed', () => {
    expect(printEnv(parseEnv(existing))).toBe(existing);
  });

  it('upsert adds missing keys with a comment and keeps existing ones; a second run changes nothing', () => {
    const entries = [
      { name: 'SECOND', value: 'new', comment: 'ignored' },
      { name: 'FOURTH', value: 'v4', comment: 'The fourth' },
    ];
    const once = upsertEnv(parseEnv(existing), entries);
    expect(once.changed).toEqual(['FOURTH']);
    expect(printEnv(once.lines)).toBe(`${existing}\n# The fourth\nFOURTH=v4\n`);
    const twice = upsertEnv(parseEnv(printEnv(once.lines)), entries);
    expect(twice.changed).toEqual([]);
    expect(printEnv(twice.lines)).toBe(printEnv(once.lines));
  });

  it('with replace, rewrites existing values in place and is idempotent', () => {
    const entries = [{ name: 'SECOND', value: 'rotated' }];
    const once = upsertEnv(parseEnv(existing), entries, { replace: true });
    expect(once.changed).toEqual(['SECOND']);
    expect(printEnv(once.lines)).toBe(existing.replace('SECOND=plain # trailing comment', 'SECOND=rotated'));
    const twice = upsertEnv(parseEnv(printEnv(once.lines)), entries, { replace: true });
    expect(twice.changed).toEqual([]);
  });

  it('starts an empty file without a leading blank line', () => {
    expect(printEnv(upsertEnv([], [{ name: 'A', value: '1', comment: 'a' }]).lines)).toBe('# a\nA=1\n');
  });

  it.each([
    ['after other variables', existing],
    ['into an empty file', ''],
    ['after a header comment', '# header\n# second line\n'],
  ])('remove undoes upsert %s, and a second remove changes nothing', (_where, text) => {
    const entries = [
      { name: 'NEW_ONE', value: 'x', comment: 'the first' },
      { name: 'NEW_TWO', value: '', comment: 'the second' },
    ];
    const added = upsertEnv(parseEnv(text), entries).lines;
    for (const order of [entries, [...entries].reverse(), [entries[0]!], [entries[1]!]]) {
      const { lines, removed } = removeEnv(added, order);
      expect(removed).toEqual(order.map((e) => e.name));
      const expected = order.length === 2 ? text : printEnv(upsertEnv(parseEnv(text), entries.filter((e) => !order.includes(e))).lines);
      expect(printEnv(lines)).toBe(expected);
      expect(removeEnv(lines, order)).toEqual({ lines, removed: [] });
    }
  });

  it('remove keeps a comment it did not write and the lines around', () => {
    const text = '# mine, about OLD\nOLD=1\nKEEP=2\n';
    expect(printEnv(removeEnv(parseEnv(text), [{ name: 'OLD', comment: 'the old one' }]).lines)).toBe('# mine, about OLD\nKEEP=2\n');
  });
});

describe('env files keep their layout (line endings, byte order mark, final newline)', () => {
  const BOM = '\uFEFF';
  const layouts = {
    crlf: (text: string) => text.replace(/\n/g, '\r\n'),
    bom: (text: string) => `${BOM}${text}`,
    'no final newline': (text: string) => text.replace(/\n$/, ''),
    'crlf, bom, no final newline': (text: string) => `${BOM}${text.replace(/\n$/, '').replace(/\n/g, '\r\n')}`,
  };
  /** The layout of a text: the same in the result of every edit as in the file before it. */
  const layout = (text: string) => ({
    bom: text.startsWith(BOM),
    bareLf: /(?<!\r)\n/.test(text),
    crlf: /\r\n/.test(text),
    finalNewline: text.endsWith('\n'),
  });

  it.each(Object.entries(layouts))('%s: parse and print give the file back byte for byte', (_name, shape) => {
    const text = shape(existing);
    expect(printEnv(parseEnv(text), text)).toBe(text);
    expect(Object.fromEntries(envValues(parseEnv(text)))).toEqual({ FIRST: 'quoted value', SECOND: 'plain', THIRD: 'single' });
  });

  it.each(Object.entries(layouts))('%s: upsert, replace and remove keep it', (_name, shape) => {
    const text = shape(existing);
    const added = printEnv(upsertEnv(parseEnv(text), [{ name: 'NEW', value: 'n', comment: 'new one' }]).lines, text);
    expect(layout(added)).toEqual(layout(text));
    expect(Object.fromEntries(envValues(parseEnv(added))).NEW).toBe('n');
    const replaced = printEnv(upsertEnv(parseEnv(added), [{ name: 'FIRST', value: 'r' }], { replace: true }).lines, added);
    expect(layout(replaced)).toEqual(layout(text));
    expect(replaced).toBe(added.replace('export FIRST="quoted value"', 'FIRST=r'));
    const removed = printEnv(removeEnv(parseEnv(added), [{ name: 'NEW', comment: 'new one' }]).lines, added);
    expect(removed).toBe(text);
  });

  it('a first variable behind a byte order mark is read and replaced', () => {
    const text = `${BOM}TOKEN=old\r\n`;
    expect(envValues(parseEnv(text)).get('TOKEN')).toBe('old');
    expect(printEnv(upsertEnv(parseEnv(text), [{ name: 'TOKEN', value: 'new' }], { replace: true }).lines, text)).toBe(`${BOM}TOKEN=new\r\n`);
  });
});
