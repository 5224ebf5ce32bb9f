// Marked regions of generated files (`<!-- create-mcify:auth -->` ... `<!-- /create-mcify:auth -->`
// in the README): `add` rewrites such a region in a file the user edited elsewhere, as long as the
// region itself is still what create-mcify wrote.

const REGION = /<!-- create-mcify:([a-z][a-z-]*) -->\n([\s\S]*?)<!-- \/create-mcify:\1 -->/g;

export function readRegions(text: string): Map<string, string> | undefined {
  const regions = new Map<string, string>();
  for (const match of text.matchAll(REGION)) {
    if (regions.has(match[1]!)) return undefined; // a region twice: ambiguous
    regions.set(match[1]!, match[2]!);
  }
  return regions;
}

function replaceRegions(text: string, regions: ReadonlyMap<string, string>): string {
  return text.replace(REGION, (whole, name: string) =>
    regions.has(name) ? `<!-- create-mcify:${name} -->\n${regions.get(name)}<!-- /create-mcify:${name} -->` : whole,
  );
}

/**
 * The user's file with the regions of `newGenerated` in place of those of `oldGenerated`, or
 * undefined when that is not safe: the generated versions differ outside their regions, the file
 * lacks a region, or the user changed the inside of a region that has to change.
 */
export function mergeRegions(current: string, oldGenerated: string, newGenerated: string): string | undefined {
  const before = readRegions(oldGenerated);
  const after = readRegions(newGenerated);
  const mine = readRegions(current);
  if (!before || !after || !mine || after.size === 0) return undefined;
  if (replaceRegions(oldGenerated, after) !== newGenerated) return undefined;
  for (const [name, text] of after) {
    const have = mine.get(name);
    if (have === undefined) return undefined;
    if (have !== text && have !== before.get(name)) return undefined;
  }
  return replaceRegions(current, after);
}
