// Builds the published CLI: one ESM bundle (split into lazily loaded chunks) with every
// dependency inside, so `npx create-mcify` installs a single package. The handlebars templates
// are precompiled here, so only handlebars' runtime ships and templates/ is not read at run time.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import Handlebars from 'handlebars';

const root = new URL('..', import.meta.url).pathname;
const templates = join(root, 'templates');
// Same options as src/plan/template-layer.ts COMPILE_OPTIONS.
const COMPILE_OPTIONS = { noEscape: true, strict: true };

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
 * Every template folder as its own CommonJS file, dist/templates/<layer>.cjs, holding the
 * precompiled template specs: a project loads only the 3 to 5 folders it is made of, instead of
 * parsing all of them on every run.
 */
function writeLayers() {
  for (const name of layerNames()) {
    const dir = join(templates, name);
    const files = [];
    const partials = [];
    for (const file of walk(dir)) {
      const rel = relative(dir, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      if (rel.startsWith('partials/')) {
        const partial = rel.slice('partials/'.length).replace(/\.hbs$/, '').replace(/\.[^./]+$/, '');
        partials.push(`${JSON.stringify(partial)}: ${Handlebars.precompile(text, COMPILE_OPTIONS)}`);
      } else if (rel.endsWith('.hbs')) {
        files.push(`{ path: ${JSON.stringify(rel)}, spec: ${Handlebars.precompile(text, COMPILE_OPTIONS)} }`);
      } else {
        files.push(`{ path: ${JSON.stringify(rel)}, text: ${JSON.stringify(text)} }`);
      }
    }
    const out = join(root, 'dist', 'templates', `${name}.cjs`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `module.exports = { files: [${files.join(',\n')}], partials: { ${partials.join(',\n')} } };\n`);
  }
}

/** Stands in for src/plan/template-source.ts in the bundle: loads dist/templates/<layer>.cjs. */
const precompiledSource = `import Handlebars from 'handlebars/runtime';
const t = (spec) => Handlebars.template(spec);
export function loadLayer(name) {
  // A variable, so esbuild leaves the path to run time (it resolves next to this chunk, in dist/).
  const file = './templates/' + name + '.cjs';
  const layer = require(file);
  return {
    files: layer.files.map((f) => (f.spec ? { path: f.path, template: t(f.spec) } : f)),
    partials: Object.fromEntries(Object.entries(layer.partials).map(([k, spec]) => [k, t(spec)])),
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
function writeLicenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || packages.has(match[1])) continue;
    const dir = join(root, input.slice(0, match.index + match[0].length));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    packages.set(match[1], { version: manifest.version, license: manifest.license, text: file ? readFileSync(join(dir, file), 'utf8') : '' });
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(
    ([name, p]) => `## ${name}@${p.version} (${p.license})\n\n${p.text.trim()}\n`,
  );
  writeFileSync(join(root, 'dist', 'THIRD_PARTY_LICENSES.md'), `# Bundled third-party code\n\n${sections.join('\n')}`);
}

const result = await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.12',
  minify: true,
  legalComments: 'none', // collected into dist/THIRD_PARTY_LICENSES.md instead
  // Bundled CommonJS (handlebars, fs-extra) calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: [precompiledTemplates],
  metafile: true,
  logLevel: 'warning',
});
// Chunks of earlier builds go only after the new ones are written, so dist/cli.js is never
// missing for a process that starts in between (tests run the built bin).
const written = new Set(Object.keys(result.metafile.outputs).map((path) => join(root, path)));
for (const file of readdirSync(join(root, 'dist'))) {
  const path = join(root, 'dist', file);
  if (file.endsWith('.js') && !written.has(path)) rmSync(path);
}
rmSync(join(root, 'dist', 'templates'), { recursive: true, force: true });
writeLayers();
writeLicenses(result.metafile);
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
