// A small line-preserving model of dotenv files (.env, .dev.vars): parse, upsert, print.
// Edits keep every other line (comments, ordering, blank lines) exactly as it was, and the file's
// own layout: its line endings (CRLF stays CRLF), a byte order mark, a missing final newline.

export interface EnvLine {
  readonly raw: string;
  /** Set for `NAME=value` lines (an optional `export ` prefix is allowed). */
  readonly key?: string;
  readonly value?: string;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

const BOM = '\uFEFF';

export function parseEnv(text: string): EnvLine[] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.replace(/\r?\n$/, '').split(/\r?\n/);
  return lines.map((raw) => {
    const match = ASSIGNMENT.exec(raw);
    if (!match) return { raw };
    return { raw, key: match[1]!, value: unquote(match[2]!.trim()) };
  });
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
}

/** How a file lays out its lines, read from its text; an empty or new file gets LF and a final newline. */
export interface EnvLayout {
  readonly eol: '\n' | '\r\n';
  readonly bom: boolean;
  readonly finalNewline: boolean;
}

export function envLayout(text: string | undefined): EnvLayout {
  const body = text?.startsWith(BOM) ? text.slice(1) : (text ?? '');
  const first = /\r?\n/.exec(body)?.[0];
  return {
    eol: first === '\r\n' ? '\r\n' : '\n',
    bom: Boolean(text?.startsWith(BOM)),
    finalNewline: body === '' || body.endsWith('\n'),
  };
}

/**
 * The lines as text. Given the file's text before the edit (`original`), the result keeps its
 * layout (envLayout): `printEnv(parseEnv(text), text) === text` for any file with one kind of
 * line ending.
 */
export function printEnv(lines: readonly EnvLine[], original?: string): string {
  const { eol, bom, finalNewline } = envLayout(original);
  if (lines.length === 0) return bom ? BOM : '';
  return `${bom ? BOM : ''}${lines.map((l) => l.raw).join(eol)}${finalNewline ? eol : ''}`;
}

export function envValues(lines: readonly EnvLine[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines) if (line.key !== undefined) values.set(line.key, line.value ?? '');
  return values;
}

export interface EnvEntry {
  readonly name: string;
  readonly value: string;
  readonly comment?: string;
}

/**
 * Adds entries whose key is missing; with `replace`, also rewrites the value of keys that exist
 * (in place, keeping their comment). Returns the new lines and the names that changed.
 */
export function upsertEnv(
  lines: readonly EnvLine[],
  entries: readonly EnvEntry[],
  { replace = false }: { replace?: boolean } = {},
): { lines: EnvLine[]; changed: string[] } {
  const out = [...lines];
  const changed: string[] = [];
  for (const entry of entries) {
    const index = out.findIndex((l) => l.key === entry.name);
    if (index >= 0) {
      if (!replace || out[index]!.value === entry.value) continue;
      out[index] = { raw: `${entry.name}=${entry.value}`, key: entry.name, value: entry.value };
      changed.push(entry.name);
      continue;
    }
    if (out.length > 0 && out[out.length - 1]!.raw.trim() !== '') out.push({ raw: '' });
    if (entry.comment) out.push({ raw: `# ${entry.comment}` });
    out.push({ raw: `${entry.name}=${entry.value}`, key: entry.name, value: entry.value });
    changed.push(entry.name);
  }
  return { lines: out, changed };
}

/**
 * Removes the named variables, each with the comment line above it when that is the comment given
 * (the one upsertEnv wrote), and the blank line that separated them from the rest: the inverse
 * of upsertEnv, so adding and then removing a variable gives the file back unchanged.
 */
export function removeEnv(
  lines: readonly EnvLine[],
  entries: readonly Pick<EnvEntry, 'name' | 'comment'>[],
): { lines: EnvLine[]; removed: string[] } {
  const out = [...lines];
  const removed: string[] = [];
  for (const entry of entries) {
    const index = out.findIndex((l) => l.key === entry.name);
    if (index < 0) continue;
    let start = index;
    if (entry.comment !== undefined && out[start - 1]?.raw === `# ${entry.comment}`) start -= 1;
    let end = index + 1;
    const blank = (line: EnvLine | undefined) => line !== undefined && line.raw.trim() === '';
    if (blank(out[start - 1]) && (end === out.length || blank(out[end]))) start -= 1;
    else if (start === 0 && blank(out[end])) end += 1; // the first block: the blank line after it goes
    out.splice(start, end - start);
    removed.push(entry.name);
  }
  return { lines: out, removed };
}
