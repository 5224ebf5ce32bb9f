/**
 * Orders names and paths as `localeCompare` does for the ASCII names we sort (case-insensitive
 * first, lowercase before uppercase on a tie) without calling it: the first `localeCompare` loads
 * ICU's collator, about 6 ms of a run whose whole budget beyond a bare `node` is about 20 ms.
 */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? 1 : -1;
}
