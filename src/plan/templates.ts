// Renders template folders ("layers") into a map of project files. Layers apply in order, so a
// later layer (a target, an auth mode) overrides a file or a partial of an earlier one (the base).
import type { Template } from './template-layer.js';
import { loadLayer } from './template-source.js';
import { compareText } from '../lib/compare.js';

/** Files whose real name npm would mangle or drop when publishing, and their names in a project. */
export const DOTFILE_RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _dockerignore: '.dockerignore',
};

/**
 * The project path of a template file: `.hbs` dropped, dotfiles renamed. Template paths are
 * already normal relative posix paths, so plain string work: path.join's normalisation, called
 * for every file of every layer, is hot enough that V8 starts optimising it in the background,
 * and Node waits for that job before it exits (2 to 3 ms).
 */
export function projectPath(templatePath: string): string {
  const slash = templatePath.lastIndexOf('/') + 1;
  const base = templatePath.slice(slash).replace(/\.hbs$/, '');
  return templatePath.slice(0, slash) + (DOTFILE_RENAMES[base] ?? base);
}

export function renderLayers(layers: readonly string[], context: object): Map<string, string> {
  const partials: Record<string, Template> = {};
  const sources = new Map<string, { template?: Template; text?: string }>();
  for (const name of layers) {
    const layer = loadLayer(name);
    Object.assign(partials, layer.partials);
    for (const file of layer.files) sources.set(projectPath(file.path), file);
  }
  const files = new Map<string, string>();
  for (const [path, source] of [...sources].sort(([a], [b]) => compareText(a, b))) {
    files.set(path, source.template ? source.template(context, { partials }) : source.text!);
  }
  return files;
}

/** The project paths of a layer's files, without rendering them. */
export function layerPaths(layer: string): string[] {
  return loadLayer(layer).files.map((file) => projectPath(file.path));
}
