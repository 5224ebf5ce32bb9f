// The interactive side of option resolution. Commands depend on this small interface, so tests
// can answer prompts without a terminal; @clack/prompts is loaded only when a prompt is shown.
import type { BooleanOption, ChoiceOption } from '../options.js';
import { CancelledError } from './errors.js';

export interface Prompter {
  text(message: string, placeholder: string, validate: (value: string) => string | undefined): Promise<string>;
  select<T extends string>(option: ChoiceOption<T>, initial: T): Promise<T>;
  confirm(option: BooleanOption): Promise<boolean>;
}

export const clackPrompter: Prompter = {
  async text(message, placeholder, validate) {
    const p = await import('@clack/prompts');
    const value = await p.text({
      message,
      placeholder,
      defaultValue: placeholder,
      validate: (v) => validate(v || placeholder),
    });
    if (p.isCancel(value)) throw new CancelledError();
    return value;
  },
  async select<T extends string>(option: ChoiceOption<T>, initial: T) {
    const p = await import('@clack/prompts');
    const value = await p.select({
      message: option.message,
      initialValue: initial as string,
      // clack's option type is conditional on T; the values are plain strings.
      options: option.choices
        .filter((c) => c.available)
        .map((c) => ({ value: c.value as string, label: c.label, hint: c.hint })),
    });
    if (p.isCancel(value)) throw new CancelledError();
    return value as T;
  },
  async confirm(option) {
    const p = await import('@clack/prompts');
    const value = await p.confirm({ message: option.message, initialValue: option.default });
    if (p.isCancel(value)) throw new CancelledError();
    return value;
  },
};
