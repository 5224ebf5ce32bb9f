// Renders template folders ("layers") into a map of project files. Layers apply in order, so a
// later layer (a target, an auth mode) overrides a file or a partial of an earlier one (the base).
import { posix } from 'node:path';
import type { TemplateDelegate } from 'handlebars';
import { loadLayer } from './template-source.js';

/** Files whose real name npm would mangle or drop when publishing, and their names in a project. */
export const DOTFILE_RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _dockerignore: '.dockerignore',
};

/** The project path of a template file: `.hbs` dropped, dotfiles renamed. */
export function projectPath(templatePath: string): string {
  const parts = templatePath.split('/');
  const base = parts.pop()!.replace(/\.hbs$/, '');
  return posix.join(...parts, DOTFILE_RENAMES[base] ?? base);
}

export function renderLayers(layers: readonly string[], context: object): Map<string, string> {
  const partials: Record<string, TemplateDelegate> = {};
  const sources = new Map<string, { template?: TemplateDelegate; text?: string }>();
  for (const name of layers) {
    const layer = loadLayer(name);
    Object.assign(partials, layer.partials);
    for (const file of layer.files) sources.set(projectPath(file.path), file);
  }
  const files = new Map<string, string>();
  for (const [path, source] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    files.set(path, source.template ? source.template(context, { partials }) : source.text!);
  }
  return files;
}
