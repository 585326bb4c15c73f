// How bash quotes a value to be read back: single quotes (${x@Q}, set -x), backslashes
// (printf %q), $'…' for what is not printable, and the double quotes of declare -p. In the C
// locale (a RUN step's) every byte above 0x7f is not printable, so it comes out as \ooo.
// https://www.gnu.org/software/bash/manual/html_node/ANSI_002dC-Quoting.html
import { utf8 } from '../lib/index.ts';

/** Whether a character makes a word need quoting for the shell (sh_contains_shell_metas). */
function needsQuotes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (' \t\n\'"\\|&;()<>!{}*[?]^$`'.includes(c)) return true;
    if (c === '~' && (i === 0 || s[i - 1] === '=' || s[i - 1] === ':')) return true;
    if (c === '#' && i === 0) return true;
  }
  return false;
}

/** Whether `s` has a byte that is not printable in the C locale. */
export function unprintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return true;
  }
  return false;
}

/** 'text', with each ' written '\'' (a lone ' is \'). */
export function singleQuote(s: string): string {
  if (s === "'") return "\\'";
  return `'${s.replace(/'/g, "'\\''")}'`;
}

const ANSI_LETTERS: Record<string, string> = {
  '\x1b': 'E',
  '\x07': 'a',
  '\v': 'v',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
  '\\': '\\',
  "'": "'",
};

/** $'…' with C escapes, and \ooo for each byte that is not printable. */
export function ansicQuote(s: string): string {
  let out = "$'";
  for (const c of s) {
    const letter = ANSI_LETTERS[c];
    const code = c.codePointAt(0)!;
    if (letter !== undefined) out += `\\${letter}`;
    else if (code >= 0x20 && code < 0x7f) out += c;
    else for (const b of utf8(c)) out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `${out}'`;
}

/** ${x@Q}: '' for empty, $'…' when needed, else single quotes. */
export function quoteReusable(s: string): string {
  if (s === '') return "''";
  return unprintable(s) ? ansicQuote(s) : singleQuote(s);
}

/** A word of set -x's trace: bare when it can be, else quoted. */
export function traceWord(s: string): string {
  if (s === '') return "''";
  if (needsQuotes(s)) return singleQuote(s);
  if (unprintable(s)) return ansicQuote(s);
  return s;
}

/** printf %q: backslashes before what the shell would read specially, $'…' when needed. */
export function backslashQuote(s: string): string {
  if (s === '') return "''";
  if (unprintable(s)) return ansicQuote(s);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (' \t\n!"$&\'()*,;<>?[\\]^`{|}'.includes(c) || (c === '#' && i === 0)) out += '\\';
    else if (c === '~' && (i === 0 || s[i - 1] === ':' || s[i - 1] === '=')) out += '\\';
    out += c;
  }
  return out;
}

/** declare -p's value: "…" with \ " $ ` escaped, or $'…' when it has what is not printable. */
export function declareValue(s: string): string {
  if (unprintable(s)) return ansicQuote(s);
  return `"${s.replace(/[\\"$`]/g, '\\$&')}"`;
}

/**
 * declare -p's key of an associative array: as it is, or double-quoted when it has a shell
 * metacharacter (sh_contains_shell_metas) or is "@" or "*".
 */
export function assocKey(k: string): string {
  const metas = /[ \t\n'"\\|&;()<>!{}*[?\]^$`]|^[~#]|[=:]~/.test(k);
  if (!metas && k !== '@' && k !== '*') return k;
  if (unprintable(k)) return ansicQuote(k);
  return `"${k.replace(/[\\"$`]/g, '\\$&')}"`;
}
