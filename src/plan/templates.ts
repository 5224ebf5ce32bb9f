// Renders template folders ("layers") into a map of project files. Layers apply in order, so a
// later layer (a target, an auth mode) overrides a file or a partial of an earlier one (the base).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { templatesRoot } from '../lib/paths.js';

/** Files whose real name npm would mangle or drop when publishing, and their names in a project. */
export const DOTFILE_RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _dockerignore: '.dockerignore',
};

const PARTIALS_DIR = 'partials';
const TEMPLATE_SUFFIX = '.hbs';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The project path of a template file: `.hbs` dropped, dotfiles renamed, `/` separators. */
export function projectPath(templatePath: string): string {
  const parts = templatePath.split(sep);
  const base = parts.pop()!.replace(/\.hbs$/, '');
  return posix.join(...parts, DOTFILE_RENAMES[base] ?? base);
}

export function renderLayers(layers: readonly string[], context: object): Map<string, string> {
  const hbs = Handlebars.create();
  const sources = new Map<string, { template: boolean; text: string }>();
  for (const layer of layers) {
    const root = join(templatesRoot, layer);
    for (const file of walk(root)) {
      const rel = relative(root, file);
      const text = readFileSync(file, 'utf8');
      if (rel.startsWith(PARTIALS_DIR + sep)) {
        const name = rel.slice(PARTIALS_DIR.length + 1).replace(/\.hbs$/, '').replace(/\.[^.]+$/, '');
        hbs.registerPartial(name.split(sep).join('/'), text);
      } else {
        sources.set(projectPath(rel), { template: rel.endsWith(TEMPLATE_SUFFIX), text });
      }
    }
  }
  const files = new Map<string, string>();
  for (const [path, { template, text }] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    files.set(path, template ? hbs.compile(text, { noEscape: true, strict: true })(context) : text);
  }
  return files;
}
