// Backslash escapes as C strings have them, in the dialects the tools speak: printf's format,
// echo's and %b's (\0NNN octal), awk's strings and regexes, tr's sets. One reader; a dialect is
// a table of what differs.

export interface EscapeDialect {
  /** The letters after a backslash and what each stands for. */
  letters: Readonly<Record<string, string>>;
  /** Octal as \NNN (one to three digits), or as \0NNN (echo and %b: a 0, then up to three). */
  octal: 'plain' | 'zero';
  /** \xHH, one or two hex digits. */
  hex: boolean;
  /** \c ends all output (echo, printf). */
  stop: boolean;
  /** An escape the dialect does not know: kept with its backslash, or its character alone. */
  unknown: 'keep' | 'drop';
}

/** What an escape stands for, and how many characters it took (the backslash included). */
export interface Escape {
  text: string;
  length: number;
  /** \c: nothing more is output. */
  stop: boolean;
}

const C_LETTERS = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** printf(1)'s format: C's escapes, \e, \" and \', \NNN, \xHH, \c. */
export const PRINTF_ESCAPES: EscapeDialect = {
  letters: { ...C_LETTERS, e: '\x1b', '"': '"', "'": "'" },
  octal: 'plain',
  hex: true,
  stop: true,
  unknown: 'keep',
};

/** echo's and printf's %b: \0NNN octal, \e, \c. */
export const ECHO_ESCAPES: EscapeDialect = { ...PRINTF_ESCAPES, letters: { ...C_LETTERS, e: '\x1b' }, octal: 'zero' };

/** awk's strings: C's escapes, \" and \/, octal and \xHH; an unknown one keeps its backslash, as mawk does. */
export const AWK_ESCAPES: EscapeDialect = {
  letters: { ...C_LETTERS, '"': '"', '/': '/' },
  octal: 'plain',
  hex: true,
  stop: false,
  unknown: 'keep',
};

/** C's escapes and octal; any other backslashed character is that character: tr's sets, awk's regexes. */
export const C_ESCAPES: EscapeDialect = {
  letters: C_LETTERS,
  octal: 'plain',
  hex: false,
  stop: false,
  unknown: 'drop',
};

/** The escape at `s[at]` (a backslash); a backslash that ends `s` stands for itself. */
export function readEscape(s: string, at: number, d: EscapeDialect): Escape {
  const n = s[at + 1];
  if (n === undefined) return { text: '\\', length: 1, stop: false };
  if (n === 'c' && d.stop) return { text: '', length: 2, stop: true };
  if (n === 'x' && d.hex) {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(at + 2, at + 4));
    if (m) return { text: String.fromCharCode(parseInt(m[0], 16)), length: 2 + m[0].length, stop: false };
  } else if (d.octal === 'plain' ? n >= '0' && n <= '7' : n === '0') {
    const start = d.octal === 'plain' ? at + 1 : at + 2;
    const digits = /^[0-7]{0,3}/.exec(s.slice(start, start + 3))![0];
    const code = parseInt(digits || '0', 8) & 0xff;
    return { text: String.fromCharCode(code), length: start - at + digits.length, stop: false };
  }
  const letter = d.letters[n];
  if (letter !== undefined) return { text: letter, length: 2, stop: false };
  return { text: d.unknown === 'keep' ? `\\${n}` : n, length: 2, stop: false };
}

/** `s` with its escapes read in dialect `d`; `stop`: a \c ended it. */
export function unescape(s: string, d: EscapeDialect): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length;) {
    const at = s.indexOf('\\', i);
    if (at < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, at);
    const e = readEscape(s, at, d);
    if (e.stop) return { text: out, stop: true };
    out += e.text;
    i = at + e.length;
  }
  return { text: out, stop: false };
}
