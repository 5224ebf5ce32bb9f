// Builds the published CLI as CommonJS: Node loads a CommonJS file without its ES module loader
// (about 10 ms less on every run, measured by `npm run bench`). dist/cli.cjs holds what creating
// a project needs, dist/commands.cjs the other commands, and the libraries are vendor bundles
// (commander, which every run loads, and those only some runs need), required when first used:
// a run parses only what it executes. Every dependency is inside, so `npx create-mcify` installs
// a single package. The handlebars templates are compiled here to
// plain functions (scripts/template-compiler.mjs): handlebars does not ship, and templates/ is not
// read at run time.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { compileTemplate } from './template-compiler.mjs';

const root = new URL('..', import.meta.url).pathname;
const templates = join(root, 'templates');

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Template folders are the directories holding files directly under templates/<kind>/. */
function layerNames() {
  const names = new Set();
  for (const file of walk(templates)) {
    const rel = relative(templates, file).split(sep);
    names.add(rel[0] === 'base' ? 'base' : `${rel[0]}/${rel[1]}`);
  }
  return [...names].sort();
}

/**
 * Every template folder as its own CommonJS file, dist/templates/<layer>.cjs, holding its
 * compiled templates: a project loads only the 3 to 5 folders it is made of, instead of parsing
 * all of them on every run. The files copied as they are go into dist/templates/<layer>.txt, one
 * read, rather than into the JavaScript, where V8 would scan them as string literals.
 */
function writeLayers() {
  for (const name of layerNames()) {
    const dir = join(templates, name);
    const files = [];
    const partials = [];
    let texts = '';
    for (const file of walk(dir)) {
      const rel = relative(dir, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      if (rel.startsWith('partials/')) {
        const partial = rel.slice('partials/'.length).replace(/\.hbs$/, '').replace(/\.[^./]+$/, '');
        partials.push(`${JSON.stringify(partial)}: ${compileTemplate(text, `${name}/${rel}`)}`);
      } else if (rel.endsWith('.hbs')) {
        files.push(`{ path: ${JSON.stringify(rel)}, render: ${compileTemplate(text, `${name}/${rel}`)} }`);
      } else {
        files.push(`{ path: ${JSON.stringify(rel)}, at: [${texts.length}, ${texts.length + text.length}] }`);
        texts += text;
      }
    }
    const out = join(root, 'dist', 'templates', name);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.cjs`, `module.exports = { files: [${files.join(',\n')}], partials: { ${partials.join(',\n')} } };\n`);
    if (texts) writeFileSync(`${out}.txt`, texts);
  }
}

/** Stands in for src/plan/template-source.ts in the bundle: loads dist/templates/<layer>.cjs and .txt. */
const precompiledSource = `import { readFileSync } from 'node:fs';
import { toTemplate } from './src/plan/template-runtime.ts';
export function loadLayer(name) {
  // A variable, so esbuild leaves the path to run time (it resolves next to dist/cli.cjs).
  const file = __dirname + '/templates/' + name;
  const layer = require(file + '.cjs');
  const texts = layer.files.some((f) => f.at) ? readFileSync(file + '.txt', 'utf8') : '';
  return {
    files: layer.files.map((f) =>
      f.render ? { path: f.path, template: toTemplate(f.render) } : { path: f.path, text: texts.slice(f.at[0], f.at[1]) },
    ),
    partials: Object.fromEntries(Object.entries(layer.partials).map(([k, render]) => [k, toTemplate(render)])),
  };
}
`;

const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onResolve({ filter: /\/template-source\.js$/ }, () => ({ path: 'template-source', namespace: 'precompiled' }));
    b.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => ({
      contents: precompiledSource,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** The licence texts of every package inside the bundle, as their licences require. */
function writeLicenses(metafiles) {
  const packages = new Map();
  for (const input of metafiles.flatMap((m) => Object.keys(m.inputs))) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || packages.has(match[1])) continue;
    const dir = join(root, input.slice(0, match.index + match[0].length));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    packages.set(match[1], { version: manifest.version, license: manifest.license, text: file ? readFileSync(join(dir, file), 'utf8') : '' });
  }
  const sections = [...packages].sort(([a], [b]) => (a < b ? -1 : 1)).map(
    ([name, p]) => `## ${name}@${p.version} (${p.license})\n\n${p.text.trim()}\n`,
  );
  writeFileSync(join(root, 'dist', 'THIRD_PARTY_LICENSES.md'), `# Bundled third-party code\n\n${sections.join('\n')}`);
}

/** Libraries that only some commands load, each bundled once into dist/vendor/<file>. */
const VENDOR = {
  'commander.cjs': ['commander'], // every command line
  'clack.cjs': ['@clack/prompts'], // prompts: only with a terminal
  'execa.cjs': ['execa'], // child processes: install, git, secret push
  'acorn.cjs': ['acorn', '@sveltejs/acorn-typescript'], // `add` edits mcify.config.ts (one acorn for both)
};
const vendorOf = new Map(Object.entries(VENDOR).flatMap(([file, packages]) => packages.map((p) => [p, file])));

const vendorExternal = {
  name: 'vendor-external',
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/ }, (args) =>
      vendorOf.has(args.path) ? { path: `./vendor/${vendorOf.get(args.path)}`, external: true } : undefined,
    );
  },
};

// commander requires node:child_process up front (2 to 3 ms) for executable subcommands, which
// we do not use; a proxy loads it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// Our sources load builtins lazily with createRequire(import.meta.url) (they are ES modules). In
// CommonJS, require is there already, and node:module would initialise part of the ES module loader.
const nativeRequire = {
  name: 'native-require',
  setup(b) {
    b.onResolve({ filter: /^node:module$/ }, (args) =>
      args.importer.startsWith(join(root, 'src')) ? { path: 'module', namespace: 'native-require' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'native-require' }, () => ({ contents: 'export const createRequire = () => require;', loader: 'js' }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.12',
  minify: !process.env.NO_MINIFY,
  legalComments: 'none', // collected into dist/THIRD_PARTY_LICENSES.md instead
  metafile: true,
  logLevel: 'warning',
};

// The package version, fixed at build time: src/lib/paths.ts would look for package.json at run
// time, which only development needs (for templates/).
const packageInfo = {
  name: 'package-info',
  setup(b) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    b.onResolve({ filter: /\/lib\/paths\.js$/ }, () => ({ path: 'paths', namespace: 'package-info' }));
    b.onLoad({ filter: /.*/, namespace: 'package-info' }, () => ({ contents: `export const cliVersion = ${JSON.stringify(version)};`, loader: 'js' }));
  },
};

// The commands that work on an existing project (`add`, `secret`, `doctor`; a third of our code)
// are a second file, dist/commands.cjs, read only when one of them runs: `npx create-mcify`
// parses only what creating a project needs. (esbuild's code splitting, tried first, made a
// dozen small chunks that cost more to load than they saved.) Modules both files use are in
// both; none of them keeps state across the boundary, and src/lib/errors.ts recognises a
// UserError from either copy.
const COMMANDS = ['add', 'secret', 'doctor'];
const commandsExternal = {
  name: 'commands-external',
  setup(b) {
    b.onResolve({ filter: new RegExp(`/commands/(${COMMANDS.join('|')})\\.js$`) }, () => ({ path: './commands.cjs', external: true }));
  },
};
// `doctor --remote` (src/remote/) is a third file, dist/remote.cjs, read only when --remote is
// given (src/program.ts imports it): the local doctor, add and secret never parse its HTTP checks.
const remoteExternal = {
  name: 'remote-external',
  setup(b) {
    b.onResolve({ filter: /\/remote\/run\.js$/ }, () => ({ path: './remote.cjs', external: true }));
  },
};
const shared = {
  ...common,
  // Only passed to createRequire, which nativeRequire replaces (src/lib/paths.ts is replaced too).
  define: { 'import.meta.url': '__filename' },
};
const main = await build({
  ...shared,
  entryPoints: [join(root, 'src/cli.ts')],
  outfile: join(root, 'dist/cli.cjs'),
  plugins: [precompiledTemplates, packageInfo, nativeRequire, vendorExternal, commandsExternal, remoteExternal],
});
const commands = await build({
  ...shared,
  stdin: { contents: COMMANDS.map((c) => `export * from './src/commands/${c}.ts';`).join('\n'), resolveDir: root, loader: 'ts' },
  outfile: join(root, 'dist/commands.cjs'),
  plugins: [precompiledTemplates, packageInfo, nativeRequire, vendorExternal],
});
const remote = await build({
  ...shared,
  entryPoints: [join(root, 'src/remote/run.ts')],
  outfile: join(root, 'dist/remote.cjs'),
  plugins: [precompiledTemplates, packageInfo, nativeRequire, vendorExternal],
});
const vendors = await Promise.all(
  Object.entries(VENDOR).map(([file, packages]) =>
    build({
      ...common,
      stdin: { contents: packages.map((p) => `export * from '${p}';`).join('\n'), resolveDir: root, loader: 'js' },
      outfile: join(root, 'dist/vendor', file),
      plugins: [lazyChildProcess],
    }),
  ),
);
// Files of earlier builds that this one did not write (old chunk names), removed only now, so
// dist/cli.cjs is never missing for a process that starts in between (tests run the built bin).
const written = new Set([main, commands, remote, ...vendors].flatMap((r) => Object.keys(r.metafile.outputs)).map((path) => join(root, path)));
for (const file of existsSync(join(root, 'dist')) ? walk(join(root, 'dist')) : []) {
  if (/\.c?js$/.test(file) && !file.includes(`${sep}templates${sep}`) && !written.has(file)) rmSync(file);
}
rmSync(join(root, 'dist', 'templates'), { recursive: true, force: true });
writeLayers();
writeLicenses([main, commands, remote, ...vendors].map((r) => r.metafile));
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  for (const r of [main, commands, remote, ...vendors]) console.log(await analyzeMetafile(r.metafile));
}
