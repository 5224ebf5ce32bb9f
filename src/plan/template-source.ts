// Where templates come from while developing and testing: the templates/ folder, compiled with
// the full handlebars on first use. The published build replaces this module with one that holds
// every template precompiled (scripts/build.mjs), so only handlebars' small runtime ships.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { templatesRoot } from '../lib/paths.js';
import { COMPILE_OPTIONS, PARTIALS_DIR, TEMPLATE_SUFFIX, type Layer, type Template } from './template-layer.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** handlebars' own template, typed as our Template (it passes its options through unchanged). */
function compile(text: string): Template {
  const template = Handlebars.compile(text, COMPILE_OPTIONS);
  return (context, options) => template(context, options as Handlebars.RuntimeOptions);
}

export function loadLayer(name: string): Layer {
  const root = join(templatesRoot, name);
  const layer: Layer = { files: [], partials: {} };
  for (const file of walk(root)) {
    const rel = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    if (rel.startsWith(`${PARTIALS_DIR}/`)) {
      const partial = rel.slice(PARTIALS_DIR.length + 1).replace(/\.hbs$/, '').replace(/\.[^./]+$/, '');
      layer.partials[partial] = compile(text);
    } else if (rel.endsWith(TEMPLATE_SUFFIX)) {
      layer.files.push({ path: rel, template: compile(text) });
    } else {
      layer.files.push({ path: rel, text });
    }
  }
  return layer;
}
