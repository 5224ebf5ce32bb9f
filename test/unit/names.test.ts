import { describe, expect, it } from 'vitest';
import { npmNameProblem, toPackageName } from '../../src/lib/names.js';
import {
  claudeServerName,
  dockerImageName,
  dockerVolumeName,
  kubernetesName,
  workerName,
} from '../../src/lib/platform-names.js';

// Names that break one platform's rules or another: dots, underscores, scopes, capitals, runs of
// separators, separators at the ends, non-ASCII, nothing usable at all, and far too long.
const nasty = [
  'my.server', 'wmy.server', 'a_b', 'a__b', 'a___b', 'a._b', 'a..b', 'a--b', '-', '---', '.', '_x_', 'x-', '1', '0-0',
  '@scope/my.pkg', '@Scope/My_Pkg', 'UPPER.Case', ' spaced name ', '日本語', 'a日本b', 'x'.repeat(300),
  `${'a'.repeat(62)}_b`, `${'a'.repeat(62)}-b`, `a${'.'.repeat(70)}b`, "it's", 'a/b', '',
];

describe('npmNameProblem', () => {
  it.each([
    ['My-Server', 'it has capital letters'],
    ['.hidden', 'it starts with "." or "_"'],
    ['has space', 'it has spaces or other characters that are not URL-safe'],
    ['My Server!', "it has capital letters, it has one of the characters ~'!()* and it has spaces or other characters that are not URL-safe"],
    ["it's", "it has one of the characters ~'!()*"],
    ['wow!', "it has one of the characters ~'!()*"],
    ['node_modules', 'it is a reserved name'],
    ['a/b', 'it has spaces or other characters that are not URL-safe'],
  ])('%s: %s', (name, problem) => expect(npmNameProblem(name)).toBe(problem));

  it.each(['my-server', 'my.server', '@scope/pkg', 'a_b', '1'])('%s is valid', (name) => expect(npmNameProblem(name)).toBeUndefined());
});

describe('toPackageName', () => {
  it.each(nasty)('%j becomes a valid npm name', (folder) => expect(npmNameProblem(toPackageName(folder))).toBeUndefined());
});

// Each platform's rule, written from its documentation, independently of the code under test.
const rules: [string, (name: string, suffix?: string) => string, RegExp, number][] = [
  // Cloudflare: a-z 0-9 and "-", not at either end, at most 63 (wrangler / create-cloudflare).
  ['workerName', workerName, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 63],
  // Kubernetes: RFC 1123 label.
  ['kubernetesName', kubernetesName, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 63],
  // Docker distribution reference, one path component.
  ['dockerImageName', dockerImageName, /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/, 255],
  // Docker volume names.
  ['dockerVolumeName', dockerVolumeName, /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 255],
  // Claude Code `claude mcp add <name>`.
  ['claudeServerName', claudeServerName, /^[a-zA-Z0-9_-]{1,64}$/, 64],
];

describe.each(rules)('%s', (_name, fn, rule, max) => {
  it.each(nasty)('%j obeys the rule', (input) => {
    const name = fn(input);
    expect(name).toMatch(rule);
    expect(name.length).toBeLessThanOrEqual(max);
  });

  it('keeps a suffix whole within the limit', () => {
    if (fn === claudeServerName) return;
    const name = fn('x'.repeat(300), '-data');
    expect(name.endsWith('-data')).toBe(true);
    expect(name).toMatch(rule);
    expect(name.length).toBeLessThanOrEqual(max);
  });
});

describe('platform names of common package names', () => {
  it('a valid name stays as close as each platform allows', () => {
    expect(workerName('wmy.server')).toBe('wmy-server');
    expect(workerName('@acme/my_tools', '-oauth')).toBe('my-tools-oauth');
    expect(kubernetesName('My.Server', '-secrets')).toBe('my-server-secrets');
    expect(dockerImageName('my.server')).toBe('my.server');
    expect(dockerImageName('a._b')).toBe('a-b');
    expect(dockerVolumeName('my.server', '-data')).toBe('my.server-data');
    expect(claudeServerName('my.server')).toBe('my-server');
    expect(workerName('-')).toBe('mcp-server');
  });
});
