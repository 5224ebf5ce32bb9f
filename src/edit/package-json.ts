// Merges changes into an existing package.json: keys keep their order, dependency maps are sorted
// when something is added, existing versions are kept, the indentation is the file's own.
import { VERSIONS } from '../versions.js';
import { compareText } from '../lib/compare.js';

export type DependencyField = 'dependencies' | 'devDependencies';
export const DEPENDENCY_FIELDS: readonly DependencyField[] = ['dependencies', 'devDependencies'];

export interface PackageJsonEdit {
  /** Added when missing; an existing entry keeps its version. */
  readonly add?: Partial<Record<DependencyField, Readonly<Record<string, string>>>>;
  readonly remove?: Partial<Record<DependencyField, readonly string[]>>;
  /** Scripts to set (added, or replacing a value the user did not change). */
  readonly scripts?: Readonly<Record<string, string>>;
  readonly removeScripts?: readonly string[];
  /** Dependencies whose range is replaced wherever they are listed. */
  readonly pins?: Readonly<Record<string, string>>;
  /** Top-level keys to set (the create-mcify stamp). */
  readonly set?: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

export function editPackageJson(text: string, edit: PackageJsonEdit): string {
  const pkg = JSON.parse(text) as Json;
  for (const field of DEPENDENCY_FIELDS) {
    const existing = { ...((pkg[field] as Record<string, string> | undefined) ?? {}) };
    let changed = false;
    for (const [name, version] of Object.entries(edit.add?.[field] ?? {})) {
      // A dependency already listed in the other field stays where it is.
      const elsewhere = DEPENDENCY_FIELDS.some((f) => f !== field && (pkg[f] as Json | undefined)?.[name] !== undefined);
      if (existing[name] !== undefined || elsewhere) continue;
      existing[name] = version;
      changed = true;
    }
    for (const name of edit.remove?.[field] ?? []) {
      if (existing[name] === undefined) continue;
      delete existing[name];
      changed = true;
    }
    for (const [name, version] of Object.entries(edit.pins ?? {})) {
      if (existing[name] === undefined || existing[name] === version) continue;
      existing[name] = version;
      changed = true;
    }
    if (changed) pkg[field] = sortedKeys(existing);
  }
  if (edit.scripts || edit.removeScripts) {
    const scripts = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}), ...edit.scripts };
    for (const name of edit.removeScripts ?? []) delete scripts[name];
    pkg.scripts = scripts;
  }
  Object.assign(pkg, edit.set);
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const printed = JSON.stringify(pkg, null, indent).replace(/\n/g, eol);
  return text.endsWith('\n') ? `${printed}${eol}` : printed;
}

/** The published version the mcify packages are pinned to (they are released together). */
const MCIFY_VERSION = VERSIONS['@mcify/core'];
/** The mcify packages whose ranges `add` checks; `@mcify/cli` is what `mcify init` lists. */
const MCIFY_PACKAGES = ['@mcify/core', '@mcify/runtime', '@mcify/cli'];

/**
 * Whether npm can resolve a range of an mcify package. Only 1.0.0-alpha.3 is published, and a
 * prerelease matches only ranges on the same major.minor.patch, so `^0.0.1-alpha.0` (what the
 * framework's own `mcify init` writes) and `^0.1.0-alpha` fail to install.
 */
export function resolvesMcifyRange(range: string): boolean {
  const trimmed = range.trim();
  if (trimmed === MCIFY_VERSION || ['*', 'latest', 'alpha', 'next'].includes(trimmed)) return true;
  if (/^(workspace|file|link|npm|git|git\+\w+|https?):/.test(trimmed)) return true;
  const [base, pre] = MCIFY_VERSION.split('-') as [string, string];
  const match = /^(\^|~|>=)?(\d+\.\d+\.\d+)-(.+)$/.exec(trimmed);
  if (!match || match[2] !== base) return false;
  const number = (p: string) => Number(/(\d+)$/.exec(p)?.[1] ?? 0);
  return match[1] === undefined ? match[3] === pre : number(match[3]!) <= number(pre);
}

/** mcify packages listed with a range that does not resolve, and the version to pin them to. */
export function unresolvableMcifyPins(pkg: Json): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries((pkg[field] as Record<string, string> | undefined) ?? {})) {
      if (MCIFY_PACKAGES.includes(name) && !resolvesMcifyRange(range)) pins[name] = MCIFY_VERSION;
    }
  }
  return pins;
}
