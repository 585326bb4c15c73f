// File names in patch's messages as its gnulib quotearg writes them. The shell style, the
// default: bare when nothing in the name is special to a shell, else in single quotes
// ('a'\''b'), or in C's double quotes when a single quote and blanks are all that needs
// quoting ("it's"). Bytes above 0x7f stay as they are: patch never sets a locale. Also the
// other styles --quoting-style and $QUOTING_STYLE name: literal, shell-always, c, escape.

export const QUOTING_STYLES = ['literal', 'shell', 'shell-always', 'c', 'escape'] as const;
export type QuotingStyle = (typeof QUOTING_STYLES)[number];

/** Characters that never need quoting. */
const SAFE = /^[A-Za-z0-9%+,\-./:\]_@\x80-\xff]$/;
/** Characters that make a shell read a name otherwise, and that C's double quotes also keep. */
const COMPATIBLE_SPECIAL = new Set([' ', "'"]);

/** Whether the character at `i` of `name` needs quoting, and whether C quoting keeps it as is. */
function classify(name: string, i: number): { special: boolean; compatible: boolean } {
  const c = name[i]!;
  if (SAFE.test(c)) return { special: false, compatible: c < '\x80' };
  if (c === '{' || c === '}') {
    const special = name.length === 1;
    return { special, compatible: true };
  }
  if (c === '#' || c === '~') return { special: i === 0, compatible: true };
  if (COMPATIBLE_SPECIAL.has(c)) return { special: true, compatible: true };
  const printable = c >= ' ' && c < '\x7f';
  const shellSpecial = '!"$&()*;<=>?[\\^`|'.includes(c) || !printable;
  return { special: shellSpecial, compatible: false };
}

const C_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

/** C's backslash escapes for a byte string; `quote` also escapes double quotes. */
function cEscape(name: string, quote: boolean): string {
  let out = '';
  for (const c of name) {
    if (C_ESCAPES[c]) out += C_ESCAPES[c];
    else if (quote && c === '"') out += '\\"';
    else if (c < ' ' || c >= '\x7f') out += `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    else out += c;
  }
  return out;
}

/** `name` (a byte string) as patch quotes it in a message, in `style`. */
export function quoteName(name: string, style: QuotingStyle = 'shell'): string {
  switch (style) {
    case 'literal':
      return name;
    case 'shell-always':
      return `'${name.replace(/'/g, "'\\''")}'`;
    case 'c':
      return `"${cEscape(name, true)}"`;
    case 'escape':
      return cEscape(name, false);
    case 'shell':
      return shellQuote(name);
  }
}

function shellQuote(name: string): string {
  if (name === '') return "''";
  let special = false;
  let compatible = true;
  for (let i = 0; i < name.length; i++) {
    const k = classify(name, i);
    special ||= k.special;
    compatible &&= k.compatible;
  }
  if (!special) return name;
  if (name.includes("'") && compatible) return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `'${name.replace(/'/g, "'\\''")}'`;
}
