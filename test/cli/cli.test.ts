import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bins, repoRoot, run, scratch } from '../helpers/cli.js';

const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
const strip = (text: string) => text.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');

/** Runs a bin in a pseudo-terminal, answering prompts: [waitFor, keys, waitFor, keys, ...]. */
function terminal(cwd: string, steps: string[], args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(
    'python3',
    [join(repoRoot, 'test/helpers/terminal.py'), '20', ...steps, '--', process.execPath, bins['create-mcify'], ...args],
    { cwd, encoding: 'utf8', env: { ...env, npm_config_user_agent: '' } },
  );
  const screen = strip(result.stdout);
  return { screen, raw: result.stdout, exit: Number(/\[exit=(-?\d+)\]\s*$/.exec(screen)?.[1]) };
}

/**
 * Runs `body` in a scratch folder outside this repository (in the OS temp dir), with a git identity
 * of its own, and `git(dir, args)` to look at the result; the folder is removed afterwards.
 */
function outsideRepository(prefix: string, body: (cwd: string, env: NodeJS.ProcessEnv, git: (dir: string, args: string[]) => string) => void) {
  const cwd = mkdtempSync(join(tmpdir(), `create-mcify-${prefix}-`));
  const env = { GIT_CONFIG_GLOBAL: join(cwd, '.gitconfig') };
  writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = Test\n\temail = test@example.com\n');
  const git = (dir: string, args: string[]) =>
    spawnSync('git', args, { cwd: join(cwd, dir), encoding: 'utf8', env: { ...process.env, ...env } }).stdout;
  try {
    body(cwd, env, git);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('help and version', () => {
  it.each(['create-mcify', 'mcify'] as const)('%s --help lists the options and exits 0', (bin) => {
    const result = run(['--help'], repoRoot, bin);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(bin === 'mcify' ? 'create' : '--auth <mode>');
    if (bin === 'create-mcify') {
      for (const flag of ['--name <package>', '--target <target>', '--pm <manager>', '--no-install', '--no-git', '--yes', '--dry-run', '--json', '--force']) {
        expect(result.stdout).toContain(flag);
      }
      expect(result.stdout).toContain('none, bearer, api-key');
    }
  });

  it('on a Node.js older than 20.12 says so in one line and exits 1', () => {
    // Pretend to be Node 18 before the bin runs: there is no old Node on this machine.
    const pretend = "data:text/javascript,Object.defineProperty(process.versions,'node',{value:'18.19.0'})";
    const result = spawnSync(process.execPath, ['--import', pretend, bins['create-mcify'], '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'create-mcify needs Node.js 20.12 or newer, and this is Node.js 18.19.0; install a current Node.js (e.g. nvm install 22) and run it again.\n',
    );
  });

  // add and secret declare their subcommands only when used (src/program.ts): every way of asking
  // for their help must still list them.
  it.each([
    [['add', '--help'], 'create-mcify', 'auth [options] <mode>'],
    [['help', 'add'], 'mcify', 'auth [options] <mode>'],
    [['secret', '--help'], 'create-mcify', 'push [options]'],
    [['help', 'secret'], 'mcify', 'instructions [options]'],
    [['secret', 'push', '--help'], 'mcify', '--platform <platform>'],
  ] as const)('%j (%s) lists what the group holds', (args, bin, expected) => {
    const result = run([...args], repoRoot, bin);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(expected);
  });

  it.each([
    [['help'], 'Scaffold a secured MCP server'],
    [['help', 'add'], 'auth [options] <mode>'],
  ] as const)('create-mcify %j shows help rather than making a project', (args, expected) => {
    const cwd = scratch('help');
    const result = run([...args], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(expected);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--version prints the package version', () => {
    expect(run(['--version'], repoRoot).stdout.trim()).toBe(version);
    expect(run(['--version'], repoRoot, 'mcify').stdout.trim()).toBe(version);
  });
});

describe('what a run loads', () => {
  /** The files of dist/ a run of the built bin loads, relative to dist/. */
  function loaded(args: string[]): string[] {
    const cwd = scratch('loaded');
    const list = join(cwd, 'loaded.txt');
    const preload = join(repoRoot, 'test/helpers/loaded-files.cjs');
    const result = run(args, cwd, 'create-mcify', { NODE_OPTIONS: `--require ${preload}`, LOADED_FILES_OUT: list });
    expect(result.status, result.stderr).toBe(0);
    const dist = join(repoRoot, 'dist');
    return readFileSync(list, 'utf8').split('\n').filter((f) => f.startsWith(dist)).map((f) => relative(dist, f).split(sep).join('/'));
  }

  // One parser, commander, reads every command line; the libraries for prompts and processes
  // are not even parsed when no prompt is shown and no process runs.
  it('creating a project from flags loads the create code, commander and its templates only', () => {
    const files = loaded(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--no-git', '--yes']);
    expect(files.filter((f) => !f.startsWith('templates/'))).toEqual(['cli.cjs', 'vendor/commander.cjs']);
  });

  it('--help loads commander', () => {
    expect(loaded(['--help'])).toEqual(['cli.cjs', 'vendor/commander.cjs']);
  });
});

describe('bad input: one clear line, non-zero exit, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['empty directory', ['', '--yes'], /project directory is empty/],
    ['the root folder', ['/', '--yes'], /is the root of the file system/],
    ['a folder name npm refuses, without --yes or --name', ['MyServer', '--auth', 'none', '--target', 'node'], /The folder name "MyServer" is not a valid npm package name \(it has capital letters\); pass --name myserver, or --yes/],
    ['an invalid --name', ['srv', '--name', 'My Srv', '--yes'], /--name "My Srv" is not a valid npm package name/],
    ['unknown flag', ['srv', '--colour'], /^create-mcify: unknown option '--colour'/],
    ['unknown auth', ['srv', '--auth', 'basic', '--yes'], /Unknown --auth "basic"\. Valid values: none, bearer, api-key, oauth, oauth-provider\./],
    ['unknown target', ['srv', '--target', 'deno', '--yes'], /Unknown --target "deno"\. Valid values: node, bun, workers\./],
    ['no TTY, no --yes, no directory', [], /Missing project directory/],
    ['no TTY, no --yes, no auth', ['srv', '--target', 'node'], /Missing --auth: pass --auth/],
    ['no TTY, no --yes, no target', ['srv', '--auth', 'bearer'], /Missing --target: pass --target/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const cwd = scratch('bad');
    const result = run(args, cwd);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty directory without --force', () => {
    const cwd = scratch('nonempty');
    mkdirSync(join(cwd, 'srv'));
    writeFileSync(join(cwd, 'srv', 'notes.txt'), 'mine');
    const result = run(['srv', '--yes', '--no-install', '--no-git'], cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Directory srv is not empty; .* --force/);
    expect(readdirSync(join(cwd, 'srv'))).toEqual(['notes.txt']);
    expect(readdirSync(cwd)).toEqual(['srv']);
  });

  it('--force writes beside existing files, and stops on a conflict without writing anything', () => {
    const cwd = scratch('force');
    mkdirSync(join(cwd, 'srv'));
    writeFileSync(join(cwd, 'srv', 'notes.txt'), 'mine');
    const ok = run(['srv', '--yes', '--no-install', '--no-git', '--force'], cwd);
    expect(ok.status).toBe(0);
    expect(readFileSync(join(cwd, 'srv', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(cwd, 'srv', 'mcify.config.ts'))).toBe(true);

    const other = join(cwd, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'README.md'), 'my readme');
    const conflict = run(['other', '--yes', '--no-install', '--no-git', '--force'], cwd);
    expect(conflict.status).toBe(1);
    expect(conflict.stderr).toMatch(/--force never overwrites, and other already has README\.md/);
    expect(readdirSync(other)).toEqual(['README.md']);
    expect(readFileSync(join(other, 'README.md'), 'utf8')).toBe('my readme');
    expect(readdirSync(cwd).sort()).toEqual(['other', 'srv']); // no staging folder left
  });
});

describe('where the project goes', () => {
  const flags = ['--auth', 'none', '--target', 'node', '--no-install', '--no-git', '--yes'];
  const nameIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string;

  it('takes paths as create-vite does: parents are created, the last segment names the package', () => {
    const cwd = scratch('paths');
    mkdirSync(join(cwd, 'here'));
    const absolute = join(cwd, 'abs', 'deep', 'srv');
    const cases: [string, string, string][] = [
      ['apps/api', cwd, join(cwd, 'apps', 'api')],
      ['../up', join(cwd, 'here'), join(cwd, 'up')],
      [absolute, cwd, absolute],
    ];
    for (const [directory, at, where] of cases) {
      const result = run([directory, ...flags], at);
      expect(result.status, result.stderr).toBe(0);
      expect(nameIn(where)).toBe(basename(where));
      expect(statSync(where).mode & 0o777).toBe(statSync(join(cwd, 'here')).mode & 0o777); // not a temporary folder's 0700
    }
    expect(readdirSync(cwd).sort()).toEqual(['abs', 'apps', 'here', 'up']); // no staging folder left
  });

  it('names the package from a folder name npm refuses: --yes uses its valid form, --name sets it', () => {
    const cwd = scratch('names');
    const yes = run(['Upper Dir/My.Server', ...flags], cwd);
    expect(yes.status, yes.stderr).toBe(0);
    expect(nameIn(join(cwd, 'Upper Dir', 'My.Server'))).toBe('my.server');
    expect(yes.stdout).toContain("Reproduce: npx create-mcify 'Upper Dir/My.Server' --name my.server --auth none");

    mkdirSync(join(cwd, 'Upper Dir', 'here'));
    const named = run(['.', '--name', '@me/tools', ...flags], join(cwd, 'Upper Dir', 'here'));
    expect(named.status, named.stderr).toBe(0);
    expect(nameIn(join(cwd, 'Upper Dir', 'here'))).toBe('@me/tools');
  });

  it('the first commit of --force holds only the files create-mcify wrote, and the reproduce line keeps --force', () => {
    outsideRepository('force-git', (cwd, env, git) => {
      mkdirSync(join(cwd, 'srv'));
      writeFileSync(join(cwd, 'srv', 'notes.txt'), 'mine');
      const result = run(['srv', '--auth', 'none', '--target', 'node', '--no-install', '--force', '--yes'], cwd, 'create-mcify', env);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('The first commit holds only the files create-mcify wrote; notes.txt, already in the folder, is not in it.');
      expect(result.stdout).toMatch(/Reproduce: npx create-mcify srv .* --force --yes/);
      const tracked = git('srv', ['ls-files']).split('\n');
      expect(tracked).toContain('mcify.config.ts');
      expect(tracked).not.toContain('notes.txt');
      expect(git('srv', ['status', '--porcelain'])).toBe('?? notes.txt\n');
    });
  });

  it('a folder holding only .git (an empty clone) is empty, and the first commit goes into its repository', () => {
    outsideRepository('clone', (cwd, env, git) => {
      mkdirSync(join(cwd, 'srv'));
      git('srv', ['init', '--quiet']);
      const result = run(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--json', '--yes'], cwd, 'create-mcify', env);
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).git).toBe('committed');
      expect(git('srv', ['log', '--format=%s'])).toBe('Initial commit from create-mcify\n');
      expect(git('srv', ['ls-files']).split('\n')).not.toContain('.env');
      expect(git('srv', ['status', '--porcelain'])).toBe('');
    });
  });
});

describe('plans', () => {
  it('--dry-run prints the plan and writes nothing', () => {
    const cwd = scratch('dry');
    const result = run(['srv', '--auth', 'api-key', '--target', 'node', '--pm', 'npm', '--dry-run', '--yes'], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was written');
    expect(result.stdout).toMatch(/\.env \(mode 0600, generated secrets\)/);
    expect(result.stdout).toContain('MCIFY_API_KEY (secret, .env)');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--dry-run --json prints one JSON document without secret values', () => {
    const cwd = scratch('json');
    const result = run(['srv', '--auth', 'bearer', '--target', 'node', '--dry-run', '--json', '--yes'], cwd);
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.options).toMatchObject({ name: 'srv', auth: 'bearer', target: 'node' });
    expect(plan.files.find((f: { path: string }) => f.path === '.env')).toMatchObject({ mode: '0600', sensitive: true });
    expect(plan.env).toEqual([
      { name: 'MCIFY_MAX_BODY_BYTES', kind: 'setting', file: '.env' },
      { name: 'MCIFY_ALLOWED_ORIGINS', kind: 'setting', file: '.env' },
      { name: 'MCIFY_AUTH_TOKEN', kind: 'secret', file: '.env' },
    ]);
    expect(result.stdout).not.toMatch(/MCIFY_AUTH_TOKEN=/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('writes a project with --json: the result on stdout, the secret only in .env (0600)', () => {
    const cwd = scratch('write');
    const result = run(['srv', '--auth', 'bearer', '--target', 'node', '--no-install', '--no-git', '--json', '--yes'], cwd);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.reproduce).toBe('npx create-mcify srv --auth bearer --target node --pm npm --no-install --no-git --yes');
    const env = readFileSync(join(cwd, 'srv', '.env'), 'utf8');
    const token = /^MCIFY_AUTH_TOKEN=(.+)$/m.exec(env)![1]!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(statSync(join(cwd, 'srv', '.env')).mode & 0o777).toBe(0o600);
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(readdirSync(cwd)).toEqual(['srv']);
  });

  it('initialises git with a first commit that leaves .env out', () => {
    outsideRepository('git', (cwd, env, git) => {
      const result = run(['srv', '--yes', '--no-install', '--git', '--json'], cwd, 'create-mcify', env);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout).git).toBe('committed');
      const tracked = git('srv', ['ls-files']).split('\n');
      expect(tracked).toContain('mcify.config.ts');
      expect(tracked).toContain('.env.example');
      expect(tracked).not.toContain('.env');
      expect(git('srv', ['log', '--format=%s'])).toBe('Initial commit from create-mcify\n');
    });
  });

  it('does not start a repository inside an existing one, and says so and why', () => {
    const cwd = scratch('nested'); // test/.tmp is inside this repository
    const result = run(['srv', '--yes', '--no-install', '--git', '--json'], cwd);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.git).toBe('inside-repository');
    const why = `Skipped git init: the project is inside the git repository at ${repoRoot}; commit its files there.`;
    expect(summary.gitReason).toBe(why);
    expect(existsSync(join(cwd, 'srv', '.git'))).toBe(false);
    const human = run(['other', '--yes', '--no-install', '--git'], cwd);
    expect(human.stdout).toContain(why);
  });
});

describe('at a terminal', () => {
  it('asks for what is missing and creates the project', () => {
    const cwd = scratch('tty');
    const { screen, exit } = terminal(
      cwd,
      ['Where should', 'tty-srv\\r', 'authenticate', '\\x1b[B\\r', 'run?', '\\r', 'Install', 'n\\r', 'git', 'n\\r'],
      ['--pm', 'npm'],
    );
    expect(exit).toBe(0);
    expect(screen).toContain('Reproduce: npx create-mcify tty-srv --auth api-key --target node --pm npm --no-install --no-git --yes');
    expect(JSON.parse(readFileSync(join(cwd, 'tty-srv', 'package.json'), 'utf8'))['create-mcify']).toMatchObject({
      auth: 'api-key',
      target: 'node',
    });
  });

  const rest = ['--auth', 'none', '--target', 'node', '--pm', 'npm', '--no-install', '--no-git'];

  it('"." in a folder whose name npm refuses asks for the package name, its valid form as the default', () => {
    const cwd = join(scratch('tty-name'), 'Upper Dir');
    mkdirSync(cwd);
    const { screen, exit } = terminal(cwd, ['Package name?', '\\r'], ['.', ...rest]);
    expect(exit).toBe(0);
    // The prompt wraps at the terminal's width.
    expect(screen.replace(/ ?\r?\n/g, ' ')).toContain('"Upper Dir" is not a valid npm package name (it has capital letters and it has spaces or other characters that are not URL-safe). Package name?');
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name).toBe('upper-dir');
    expect(screen).toContain('Reproduce: npx create-mcify . --name upper-dir --auth none');
  });

  it('a non-empty folder named at the prompt offers another folder, writing beside its files, or cancelling', () => {
    const cwd = scratch('tty-nonempty');
    mkdirSync(join(cwd, 'srv'));
    writeFileSync(join(cwd, 'srv', 'notes.txt'), 'mine');
    const beside = terminal(cwd, ['Where should', 'srv\\r', 'not empty', '\\x1b[B\\r'], rest);
    expect(beside.exit).toBe(0);
    expect(beside.screen).toContain('Choose another folder');
    expect(beside.screen).toContain('Reproduce: npx create-mcify srv --auth none --target node --pm npm --no-install --no-git --force --yes');
    expect(readFileSync(join(cwd, 'srv', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(cwd, 'srv', 'mcify.config.ts'))).toBe(true);

    const another = terminal(cwd, ['Where should', 'srv\\r', 'not empty', '\\r', 'Where should', 'fresh\\r'], rest);
    expect(another.exit).toBe(0);
    expect(existsSync(join(cwd, 'fresh', 'mcify.config.ts'))).toBe(true);

    const cancel = terminal(cwd, ['Where should', 'srv\\r', 'not empty', '\\x1b[B\\x1b[B\\r'], rest);
    expect(cancel.exit).toBe(130);
    expect(readdirSync(cwd).sort()).toEqual(['fresh', 'srv']);
  });

  it('a non-empty folder given as an argument is an error before any question', () => {
    const cwd = scratch('tty-nonempty-flag');
    mkdirSync(join(cwd, 'srv'));
    writeFileSync(join(cwd, 'srv', 'notes.txt'), 'mine');
    const { screen, exit } = terminal(cwd, [], ['srv', '--pm', 'npm']);
    expect(exit).toBe(1);
    expect(screen).toMatch(/Directory srv is not empty; .* --force/);
    expect(screen).not.toContain('authenticate');
    expect(readdirSync(join(cwd, 'srv'))).toEqual(['notes.txt']);
  });

  it('Ctrl-C at a prompt exits cleanly and writes nothing', () => {
    const cwd = scratch('ctrlc');
    const { screen, exit } = terminal(cwd, ['authenticate', '\\x03'], ['srv', '--pm', 'npm']);
    expect(exit).toBe(130);
    expect(screen).toContain('Cancelled; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('output', () => {
  const args = ['p', '--auth', 'none', '--target', 'node', '--pm', 'npm', '--no-install', '--no-git', '--yes'];

  it('is coloured at a terminal, unless NO_COLOR is set, and plain on a pipe', () => {
    const colourEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
    delete colourEnv.NO_COLOR;
    const coloured = terminal(scratch('colour'), [], args, colourEnv);
    expect(coloured.exit).toBe(0);
    expect(coloured.raw).toMatch(/\x1b\[32m✔/);
    const plain = terminal(scratch('nocolour'), [], args, { ...colourEnv, NO_COLOR: '1' });
    expect(plain.exit).toBe(0);
    expect(plain.raw).toContain('✔ Wrote');
    expect(plain.raw).not.toMatch(/\x1b\[3\dm/);
    const piped = spawnSync(process.execPath, [bins['create-mcify'], ...args], { cwd: scratch('pipe'), encoding: 'utf8', env: colourEnv });
    expect(piped.stdout).toContain('✔ Wrote');
    expect(piped.stdout).not.toContain('\x1b[');
  });

  it('ends quietly when its reader goes away (| head), with the project written', async () => {
    const cwd = scratch('epipe');
    const child = spawn(process.execPath, [bins['create-mcify'], ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // before the CLI has printed anything: every write meets a closed pipe
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    // This machine's Node may be older than the project asks: that warning is the only line allowed.
    expect(stderr.replace(/^! This project needs Node\.js .*\n/m, '')).toBe('');
    expect(code).toBe(0);
    expect(existsSync(join(cwd, 'p', 'package.json'))).toBe(true);
  });
});
