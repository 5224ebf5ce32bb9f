// Small helpers so messages agree in number: "the secret A is", "the secrets A and B are".

/** "A", "A and B", "A, B and C". */
export function joined(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `noun` named with its items and the verb "to be" agreeing: "secret A is", "secrets A and B are". */
export function named(noun: string, items: readonly string[]): string {
  return items.length === 1 ? `${noun} ${items[0]} is` : `${noun}s ${joined(items)} are`;
}
