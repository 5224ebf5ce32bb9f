/**
 * A template with handlebars' calling convention: handlebars' own compiled templates (source,
 * tests), or the plain functions scripts/template-compiler.mjs makes (published build).
 */
export type Template = (context: unknown, options?: { partials?: Record<string, Template>; data?: object }) => string;

/** One template folder: its files (rendered or copied as they are) and its partials. */
export interface Layer {
  readonly files: { readonly path: string; readonly template?: Template; readonly text?: string }[];
  readonly partials: Record<string, Template>;
}

export const PARTIALS_DIR = 'partials';
export const TEMPLATE_SUFFIX = '.hbs';
/** Generated code is not HTML: no escaping. Strict: a missing variable is an error, not "". */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
