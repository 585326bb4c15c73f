// Names and arguments in messages as gnulib's quotearg quotes them in the C locale: quote()
// ('x', C escapes), quotef (shell-escape style: quoted only where a shell would need it, and at
// a colon) and quoteaf (always quoted). `split: cannot open 'a b' for reading`, `tsort: f: input
// contains a loop:`. A file name with a single quote and nothing unprintable is put in double
// quotes ("it's"), as quotearg does.

/** Special to a shell anywhere in a word. */
const SHELL_SPECIAL = new Set([...' !"$&()*;<=>[^`|\'\\?']);

const C_ESCAPES: Record<string, string> = {
  '\x07': 'a',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
  '\v': 'v',
};

function printable(c: string): boolean {
  const code = c.charCodeAt(0);
  return code >= 0x20 && code < 0x7f;
}

/** Whether a word needs quoting before a shell could read it back (`colon`: ':' too). */
function needsQuotes(s: string, colon: boolean): boolean {
  if (s === '') return true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (SHELL_SPECIAL.has(c) || !printable(c) || (colon && c === ':')) return true;
    if ((c === '#' || c === '~') && i === 0) return true;
    if ((c === '{' || c === '}') && s.length === 1) return true;
  }
  return false;
}

/** Characters that read the same in C's double quotes and unquoted in a shell word. */
function quoteCompatible(s: string, c: string, i: number): boolean {
  if (/[A-Za-z0-9%+,\-./:\]_@ ']/.test(c)) return true;
  if (c === '#' || c === '~') return i === 0;
  if (c === '{' || c === '}') return s.length === 1;
  return false;
}

/** Bytes above 0x7f are unprintable in the C locale: a name's UTF-8, one escape a byte. */
function bytesOf(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

function quoted(raw: string, colon: boolean, always: boolean): string {
  const s = bytesOf(raw);
  if (!always && !needsQuotes(s, colon)) return s;
  if (s.includes("'") && [...s].every((c, i) => quoteCompatible(s, c, i))) return `"${s}"`;
  let out = "'";
  let escaping = false;
  for (const c of s) {
    if (printable(c)) {
      if (escaping) {
        out += "''";
        escaping = false;
      }
      out += c === "'" ? "'\\''" : c;
      continue;
    }
    if (!escaping) {
      out += "'$'";
      escaping = true;
    }
    const code = c.charCodeAt(0);
    out += `\\${C_ESCAPES[c] ?? code.toString(8).padStart(3, '0')}`;
  }
  return out + "'";
}

/** A file name as GNU's quotef writes it in a diagnostic: as is when a shell could read it. */
export function quotef(name: string): string {
  return quoted(name, true, false);
}

/** A file name as GNU's quoteaf writes it: always in quotes ('xaa'). */
export function quoteaf(name: string): string {
  return quoted(name, false, true);
}

/** An argument as GNU's quote() writes it in the C locale: 'x', with C's backslash escapes ('a\'b'). */
export function quote(arg: string): string {
  let out = "'";
  for (const c of bytesOf(arg)) {
    if (c === "'" || c === '\\') out += `\\${c}`;
    else if (printable(c)) out += c;
    else out += `\\${C_ESCAPES[c] ?? c.charCodeAt(0).toString(8).padStart(3, '0')}`;
  }
  return out + "'";
}
