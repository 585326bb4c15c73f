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
  /**
   * bash: \uHHHH and \UHHHHHHHH, as the C locale has them: an ASCII character, anything else
   * written back as \u00E9 (bash's output there).
   */
  unicode?: boolean;
  /** bash's $'…': \cX is the control character X & 0x1f. */
  control?: boolean;
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

/** bash's $'…' (and ${x@E}): C's escapes, \e \E \? \" \', \NNN, \xHH, \uHHHH, \cX. */
export const ANSI_C_ESCAPES: EscapeDialect = {
  letters: { ...C_LETTERS, e: '\x1b', E: '\x1b', '"': '"', "'": "'", '?': '?' },
  octal: 'plain',
  hex: true,
  stop: false,
  unknown: 'keep',
  unicode: true,
  control: true,
};

/** bash's echo -e and printf's %b: echo's escapes and \uHHHH. */
export const BASH_ECHO_ESCAPES: EscapeDialect = { ...ECHO_ESCAPES, unicode: true };

/** bash's printf format: printf(1)'s escapes and \uHHHH. */
export const BASH_PRINTF_ESCAPES: EscapeDialect = { ...PRINTF_ESCAPES, unicode: true };

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
  if (n === 'c' && d.control && at + 2 < s.length) {
    const ch = s[at + 2]!;
    return {
      text: String.fromCharCode(ch === '?' ? 0x7f : ch.toUpperCase().charCodeAt(0) & 0x1f),
      length: 3,
      stop: false,
    };
  }
  if ((n === 'u' || n === 'U') && d.unicode) {
    const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(at + 2, at + 10));
    if (m) {
      const code = parseInt(m[0], 16);
      const text =
        code < 0x80 ? String.fromCharCode(code) : `\\${n}${m[0].toUpperCase().padStart(n === 'u' ? 4 : 8, '0')}`;
      return { text, length: 2 + m[0].length, stop: false };
    }
  }
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
