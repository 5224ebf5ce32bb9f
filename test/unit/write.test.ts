import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../../src/plan/write.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'create-mcify-write-'));

describe('writeFiles', () => {
  it('creates the parent folders of a path, and removes them again when the write fails', () => {
    const cwd = scratch();
    // "a" as a file and as a folder: the second write fails after the parents were made.
    expect(() => writeFiles(join(cwd, 'apps', 'deep', 'api'), [{ path: 'a', contents: '' }, { path: 'a/b', contents: '' }])).toThrow();
    expect(readdirSync(cwd)).toEqual([]);

    mkdirSync(join(cwd, 'apps'));
    expect(() => writeFiles(join(cwd, 'apps', 'deep', 'api'), [{ path: 'a', contents: '' }, { path: 'a/b', contents: '' }])).toThrow();
    expect(readdirSync(cwd)).toEqual(['apps']); // a folder that was there stays
    expect(readdirSync(join(cwd, 'apps'))).toEqual([]);

    writeFiles(join(cwd, 'apps', 'deep', 'api'), [{ path: 'src/x.ts', contents: 'x' }]);
    expect(readFileSync(join(cwd, 'apps', 'deep', 'api', 'src', 'x.ts'), 'utf8')).toBe('x');
    expect(readdirSync(join(cwd, 'apps', 'deep'))).toEqual(['api']);
  });

  it('gives the project folder the usual mode, not the 0700 of a temporary folder', () => {
    const cwd = scratch();
    writeFiles(join(cwd, 'srv'), [{ path: 'x', contents: '' }]);
    const umask = process.umask(0o022);
    process.umask(umask);
    expect(statSync(join(cwd, 'srv')).mode & 0o777).toBe(0o777 & ~umask);
  });

  it('writes into a folder holding only .git, and keeps it', () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'srv', '.git'), { recursive: true });
    writeFileSync(join(cwd, 'srv', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFiles(join(cwd, 'srv'), [{ path: 'package.json', contents: '{}' }]);
    expect(readdirSync(join(cwd, 'srv')).sort()).toEqual(['.git', 'package.json']);
  });
});
