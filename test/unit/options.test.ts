import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reproduceCommand, resolveCreateOptions, type CreateFlags } from '../../src/commands/create.js';
import type { Prompter } from '../../src/lib/prompts.js';
import { authOption, checkChoice, targetOption, type ChoiceOption } from '../../src/options.js';

/** A prompter that answers from a script and records what it was asked. */
function scripted(answers: Record<string, string | boolean>) {
  const asked: string[] = [];
  const prompter: Prompter = {
    async text(message, placeholder) {
      asked.push('directory');
      return (answers.directory as string | undefined) ?? placeholder;
    },
    async select(option, initial) {
      asked.push(option.key);
      return (answers[option.key] as typeof initial | undefined) ?? initial;
    },
    async confirm(option) {
      asked.push(option.key);
      return (answers[option.key] as boolean | undefined) ?? option.default;
    },
  };
  return { prompter, asked };
}

const resolve = (flags: CreateFlags, prompter?: Prompter) => resolveCreateOptions({ pm: 'npm', ...flags }, prompter);

describe('resolveCreateOptions', () => {
  it('takes every choice from flags without asking', async () => {
    const { prompter, asked } = scripted({});
    const options = await resolve(
      { directory: 'srv', auth: 'api-key', target: 'node', install: false, git: false },
      prompter,
    );
    expect(options).toEqual({ directory: 'srv', name: 'srv', auth: 'api-key', target: 'node', pm: 'npm', install: false, git: false, force: false, settings: {} });
    expect(asked).toEqual([]);
  });

  it('asks only for what is missing on a TTY', async () => {
    const { prompter, asked } = scripted({ directory: 'asked-dir', auth: 'none' });
    const options = await resolve({ target: 'node', install: false }, prompter);
    expect(asked).toEqual(['directory', 'auth', 'git']);
    expect(options).toMatchObject({ directory: 'asked-dir', auth: 'none', target: 'node', install: false, git: true });
  });

  it('--yes accepts the defaults: bearer on node, install and git', async () => {
    const { prompter, asked } = scripted({});
    const options = await resolve({ yes: true }, prompter);
    expect(asked).toEqual([]);
    expect(options).toMatchObject({ directory: 'my-mcp-server', auth: 'bearer', target: 'node', install: true, git: true });
  });

  it('without a TTY and without --yes, a missing choice names its flag', async () => {
    await expect(resolve({})).rejects.toThrow(/Missing project directory/);
    await expect(resolve({ directory: 'x' })).rejects.toThrow(/Missing --auth: pass --auth none\|bearer\|api-key/);
    await expect(resolve({ directory: 'x', auth: 'none' })).rejects.toThrow(/Missing --target: pass --target node/);
  });

  it('an unknown value lists the valid ones', async () => {
    await expect(resolve({ directory: 'x', auth: 'basic' })).rejects.toThrow(
      'Unknown --auth "basic". Valid values: none, bearer, api-key, oauth, oauth-provider.',
    );
    await expect(resolve({ directory: 'x', auth: 'none', target: 'deno' })).rejects.toThrow(
      'Unknown --target "deno". Valid values: node, bun, workers.',
    );
    await expect(resolve({ directory: 'x', auth: 'none', target: 'node', pm: 'pip' })).rejects.toThrow(
      /Unknown --pm "pip"/,
    );
  });

  it('a declared value whose module has not landed says so, naming the ready ones', () => {
    const option: ChoiceOption<'a' | 'b'> = {
      ...authOption,
      choices: [
        { value: 'a', label: 'A', available: true },
        { value: 'b', label: 'B', available: false },
      ],
    } as unknown as ChoiceOption<'a' | 'b'>;
    expect(() => checkChoice(option, 'b')).toThrow('--auth b is not available yet in this version of create-mcify; choose one of: a.');
    expect(checkChoice(option, 'a')).toBe('a');
  });

  it('rejects a directory it cannot write to before anything else happens', async () => {
    const cases: [string, RegExp][] = [
      ['', /directory is empty/],
      ['   ', /directory is empty/],
      ['/', /root of the file system/],
      ['package.json/srv', /package\.json is a file, not a folder/],
      ['..', /Directory \.\. is not empty; .* --force/],
    ];
    for (const [directory, message] of cases) {
      const { prompter, asked } = scripted({});
      await expect(resolve({ directory }, prompter), directory).rejects.toThrow(message);
      expect(asked).toEqual([]);
    }
  });

  it('takes the package manager that launched it when --pm is missing', async () => {
    const saved = process.env.npm_config_user_agent;
    process.env.npm_config_user_agent = 'pnpm/9.12.0 npm/? node/v20.20.2 linux x64';
    try {
      const options = await resolveCreateOptions({ directory: 'x', yes: true });
      expect(options.pm).toBe('pnpm');
    } finally {
      if (saved === undefined) delete process.env.npm_config_user_agent;
      else process.env.npm_config_user_agent = saved;
    }
  });
});

describe('oauth options (--idp, --oauth-issuer, --oauth-audience)', () => {
  const oauth = { directory: 'x', auth: 'oauth', target: 'node' } as const;

  it('--yes takes the generic provider with placeholders to fill in', async () => {
    const options = await resolve({ ...oauth, yes: true });
    expect(options.settings).toEqual({ idp: 'oidc', issuer: 'https://<your-issuer>', audience: 'https://<your-host>/mcp' });
  });

  it('placeholders follow the chosen preset', async () => {
    const options = await resolve({ ...oauth, yes: true, modeFlags: { idp: 'entra' } });
    expect(options.settings).toMatchObject({ issuer: 'https://login.microsoftonline.com/<tenant-id>/v2.0', audience: '<application-client-id>' });
  });

  it('an unknown preset lists the valid ones', async () => {
    await expect(resolve({ ...oauth, yes: true, modeFlags: { idp: 'google' } })).rejects.toThrow(
      'Unknown --idp "google". Valid values: workos, auth0, clerk, okta, keycloak, entra, oidc.',
    );
  });

  it('refuses --idp with another auth mode', async () => {
    await expect(resolve({ directory: 'x', auth: 'bearer', target: 'node', yes: true, modeFlags: { idp: 'auth0' } })).rejects.toThrow(
      '--idp applies only to --auth oauth; drop it or change --auth.',
    );
  });

  it('without a TTY and without --yes, a missing --idp names the flag and its values', async () => {
    await expect(resolve(oauth)).rejects.toThrow(/^Missing --idp: pass --idp workos\|auth0\|clerk\|okta\|keycloak\|entra\|oidc/);
    await expect(resolve({ ...oauth, modeFlags: { idp: 'auth0' } })).rejects.toThrow(/^Missing --oauth-issuer: pass --oauth-issuer <url>/);
  });

  it('validates the issuer: https (http only on this machine), or a placeholder', async () => {
    const flags = (issuer: string) => ({ ...oauth, yes: true, modeFlags: { idp: 'okta', issuer } });
    await expect(resolve(flags('http://idp.example.com'))).rejects.toThrow(/--oauth-issuer .*https:\/\//);
    await expect(resolve(flags('not a url'))).rejects.toThrow(/--oauth-issuer/);
    expect((await resolve(flags('http://127.0.0.1:9000/realms/dev'))).settings.issuer).toBe('http://127.0.0.1:9000/realms/dev');
    expect((await resolve(flags('https://acme.okta.com/oauth2/default'))).settings.audience).toBe('https://<your-host>/mcp');
  });

  it('asks for the provider, then the issuer and audience with its placeholders, on a TTY', async () => {
    const texts: [string, string][] = [];
    const prompter: Prompter = {
      async text(message, placeholder) {
        texts.push([message, placeholder]);
        return placeholder;
      },
      select: async (option, initial) => (option.key === 'idp' ? ('keycloak' as typeof initial) : initial),
      confirm: async (option) => option.default,
    };
    const options = await resolve({ ...oauth, install: false, git: false }, prompter);
    expect(options.settings.idp).toBe('keycloak');
    expect(texts.map(([, placeholder]) => placeholder)).toEqual(['https://<your-host>/realms/<realm>', 'https://<your-host>/mcp']);
  });

  it('reproduces the run with the mode flags, quoted for the shell', () => {
    const command = reproduceCommand({
      directory: 'srv', name: 'srv', auth: 'oauth', target: 'node', pm: 'npm', install: true, git: true,
      settings: { idp: 'auth0', issuer: 'https://acme.us.auth0.com/', audience: 'https://<your-host>/mcp' },
    });
    expect(command).toBe(
      "npx create-mcify srv --auth oauth --target node --pm npm --idp auth0 --oauth-issuer https://acme.us.auth0.com/ --oauth-audience 'https://<your-host>/mcp' --yes",
    );
  });
});

describe('reproduceCommand', () => {
  it('prints every choice, and the boolean flags only when they differ from the default', () => {
    const base = { directory: 'srv', name: 'srv', auth: 'bearer', target: 'node', pm: 'npm', settings: {} } as const;
    expect(reproduceCommand({ ...base, install: true, git: true })).toBe(
      'npx create-mcify srv --auth bearer --target node --pm npm --yes',
    );
    expect(reproduceCommand({ ...base, install: false, git: false })).toBe(
      'npx create-mcify srv --auth bearer --target node --pm npm --no-install --no-git --yes',
    );
  });

  it('keeps --force, --name when it is not the folder name, and quotes paths for the shell', () => {
    const base = { auth: 'none', target: 'node', pm: 'npm', install: true, git: true, settings: {} } as const;
    expect(reproduceCommand({ ...base, directory: 'srv', name: 'srv', force: true })).toBe(
      'npx create-mcify srv --auth none --target node --pm npm --force --yes',
    );
    expect(reproduceCommand({ ...base, directory: 'Upper Dir/My.Server', name: 'my.server' })).toBe(
      "npx create-mcify 'Upper Dir/My.Server' --name my.server --auth none --target node --pm npm --yes",
    );
    expect(reproduceCommand({ ...base, directory: '../apps/api', name: 'api' })).toBe(
      'npx create-mcify ../apps/api --auth none --target node --pm npm --yes',
    );
    expect(reproduceCommand({ ...base, directory: '@acme/srv', name: '@acme/srv' })).toBe(
      'npx create-mcify @acme/srv --auth none --target node --pm npm --yes',
    );
  });
});

describe('where the project goes and what it is called', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'create-mcify-names-'));
  const all = { auth: 'none', target: 'node', install: false, git: false } as const;

  /** A prompter answering text prompts in turn and the not-empty choice in turn. */
  function answering(texts: string[], choices: string[] = []) {
    const asked: [string, string][] = [];
    const prompter: Prompter = {
      async text(message, placeholder, validate) {
        asked.push([message, placeholder]);
        const answer = texts.shift() ?? placeholder;
        const problem = validate(answer);
        if (problem) throw new Error(`validation: ${problem}`);
        return answer;
      },
      async select(option, initial) {
        asked.push([option.key, initial]);
        return (option.key === 'nonEmpty' ? choices.shift() : initial) as typeof initial;
      },
      confirm: async (option) => option.default,
    };
    return { prompter, asked };
  }

  it('takes a relative or absolute path; the package name is its last segment', async () => {
    const cwd = folder();
    for (const [directory, name] of [
      ['apps/api', 'api'],
      ['../sibling/api', 'api'],
      [join(cwd, 'abs', 'srv'), 'srv'],
      ['@acme/srv', '@acme/srv'],
    ] as const) {
      const options = await resolve({ ...all, directory, yes: true });
      expect(options, directory).toMatchObject({ directory, name });
    }
  });

  it('with --yes, a folder name npm refuses becomes its valid form', async () => {
    const cases: [string, string][] = [
      ['My.Server', 'my.server'],
      ['Upper Dir', 'upper-dir'],
      ['.hidden', 'hidden'],
      ['_x', 'x'],
      ['a\\b', 'a-b'],
      ["it's", 'it-s'],
      ['node_modules', 'mcp-server'],
      ['日本語', 'mcp-server'],
    ];
    for (const [directory, name] of cases) {
      const path = join(folder(), directory); // not in this repository, which has a node_modules
      expect((await resolve({ ...all, directory: path, yes: true })).name, directory).toBe(name);
    }
  });

  it('"." in a folder whose name npm refuses: --yes uses the valid form, --name sets it', async () => {
    const parent = folder();
    const dir = join(parent, 'Upper Dir');
    mkdirSync(dir);
    const saved = process.cwd();
    process.chdir(dir);
    try {
      expect((await resolve({ ...all, directory: '.', yes: true })).name).toBe('upper-dir');
      expect((await resolve({ ...all, directory: '.', name: '@me/tools' })).name).toBe('@me/tools');
      await expect(resolve({ ...all, directory: '.' })).rejects.toThrow(
        'The folder name "Upper Dir" is not a valid npm package name (it has capital letters and it has spaces or other characters that are not URL-safe); pass --name upper-dir, or --yes to use upper-dir.',
      );
    } finally {
      process.chdir(saved);
    }
  });

  it('--name must be a valid npm name', async () => {
    await expect(resolve({ ...all, directory: 'srv', name: 'My Server' })).rejects.toThrow(
      '--name "My Server" is not a valid npm package name (it has capital letters and it has spaces or other characters that are not URL-safe); try a name like my-server.',
    );
    expect((await resolve({ ...all, directory: 'srv', name: 'other' })).name).toBe('other');
  });

  it('on a terminal asks for the package name, with the valid form as the default', async () => {
    const { prompter, asked } = answering([]);
    const options = await resolve({ ...all, directory: 'My.Server' }, prompter);
    expect(asked[0]).toEqual(['"My.Server" is not a valid npm package name (it has capital letters). Package name?', 'my.server']);
    expect(options.name).toBe('my.server');
    const typed = answering(['chosen']);
    expect((await resolve({ ...all, directory: 'My.Server' }, typed.prompter)).name).toBe('chosen');
  });

  it('a folder holding only .git is empty', async () => {
    const dir = join(folder(), 'srv');
    mkdirSync(join(dir, '.git'), { recursive: true });
    const { prompter, asked } = answering([]);
    expect((await resolve({ ...all, directory: dir }, prompter)).force).toBe(false);
    expect(asked).toEqual([]);
  });

  it('a non-empty folder given as an argument is an error before any prompt', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const { prompter, asked } = answering([]);
    await expect(resolve({ directory: dir }, prompter)).rejects.toThrow(/is not empty; .* --force/);
    expect(asked).toEqual([]);
    expect((await resolve({ ...all, directory: dir, force: true }, prompter)).force).toBe(true);
  });

  it('at the directory prompt a non-empty folder is a choice: another folder, beside its files, or cancel', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const fresh = join(folder(), 'fresh');

    const another = answering([dir, fresh], ['another']);
    const first = await resolve(all, another.prompter);
    expect(first).toMatchObject({ directory: fresh, force: false });
    expect(another.asked.map(([key]) => key)).toEqual(['Where should the project go?', 'nonEmpty', 'Where should the project go?']);

    const beside = answering([dir], ['beside']);
    expect(await resolve(all, beside.prompter)).toMatchObject({ directory: dir, force: true });

    const cancel = answering([dir], ['cancel']);
    await expect(resolve(all, cancel.prompter)).rejects.toThrow('Cancelled; nothing was written.');
  });

  it('a file every project has is a clash --force is told of when the folder is named, not after every question', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'README.md'), 'mine');
    const flags = answering([]);
    await expect(resolve({ directory: dir, force: true }, flags.prompter)).rejects.toThrow(/--force never overwrites, and .* already has README\.md; move it away/);
    expect(flags.asked).toEqual([]);

    const fresh = join(folder(), 'fresh');
    const beside = answering([dir, fresh], ['beside']);
    expect(await resolve(all, beside.prompter)).toMatchObject({ directory: fresh, force: false });
    expect(beside.asked.map(([key]) => key)).toEqual(['Where should the project go?', 'nonEmpty', 'Where should the project go?']);
  });
});

describe('oauth-provider --login and --oidc-issuer', () => {
  const provider = { directory: 'x', auth: 'oauth-provider', target: 'node', yes: true } as const;

  it('keeps the owner password by default', async () => {
    expect((await resolve(provider)).settings).toEqual({ store: 'sqlite', login: 'password' });
  });

  it('takes github, google and oidc; an unknown login lists the valid ones', async () => {
    expect((await resolve({ ...provider, modeFlags: { login: 'github' } })).settings.login).toBe('github');
    await expect(resolve({ ...provider, modeFlags: { login: 'gitlab' } })).rejects.toThrow(
      'Unknown --login "gitlab". Valid values: password, github, google, oidc.',
    );
  });

  it('takes --oidc-issuer only with --login oidc, and only an https URL (http on this machine)', async () => {
    await expect(resolve({ ...provider, modeFlags: { login: 'github', oidcIssuer: 'https://id.example.com' } })).rejects.toThrow(
      '--oidc-issuer applies only to --login oidc; drop it or change --login.',
    );
    await expect(resolve({ ...provider, modeFlags: { login: 'oidc', oidcIssuer: 'http://id.example.com' } })).rejects.toThrow(/--oidc-issuer .*https:\/\//);
    expect((await resolve({ ...provider, modeFlags: { login: 'oidc', oidcIssuer: 'https://id.example.com' } })).settings).toMatchObject({ oidcIssuer: 'https://id.example.com' });
    expect((await resolve({ ...provider, modeFlags: { login: 'oidc' } })).settings).toMatchObject({ oidcIssuer: '' });
  });

  it('asks for the issuer only when the login is oidc, on a TTY', async () => {
    const asked: string[] = [];
    const prompter = (login: string): Prompter => ({
      async text(message, placeholder) {
        asked.push(message);
        return placeholder;
      },
      select: async (option, initial) => (option.key === 'login' ? (login as typeof initial) : initial),
      confirm: async (option) => option.default,
    });
    await resolve({ directory: 'x', auth: 'oauth-provider', target: 'node', install: false, git: false }, prompter('github'));
    expect(asked).toEqual([]);
    await resolve({ directory: 'x', auth: 'oauth-provider', target: 'node', install: false, git: false }, prompter('oidc'));
    expect(asked).toEqual([expect.stringMatching(/^Issuer URL of your OpenID provider/)]);
  });
});
