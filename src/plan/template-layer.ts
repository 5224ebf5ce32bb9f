import type { TemplateDelegate } from 'handlebars';

/** One template folder: its files (rendered or copied as they are) and its partials. */
export interface Layer {
  readonly files: { readonly path: string; readonly template?: TemplateDelegate; readonly text?: string }[];
  readonly partials: Record<string, TemplateDelegate>;
}

export const PARTIALS_DIR = 'partials';
export const TEMPLATE_SUFFIX = '.hbs';
/** Generated code is not HTML: no escaping. Strict: a missing variable is an error, not "". */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
