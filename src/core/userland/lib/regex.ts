// POSIX regular expressions (XBD 9: basic and extended, with GNU's extensions \+ \? \| \< \>
// \w \s \b) translated to JavaScript RegExp source, for grep, sed and awk. Bracket expressions
// follow POSIX: a backslash inside [...] is an ordinary character, except in awk, whose EREs
// take the escape sequences of its strings everywhere (\/ \" \n \t \ddd, "[\]]").

import { CHAR_CLASSES as CLASSES } from './char-classes.ts';
import { UserlandError } from './errors.ts';
import { C_ESCAPES, readEscape } from './escapes.ts';

export class RegexError extends UserlandError {}

function classChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** awk's escape at `re[i]` === "\\": the character it stands for and its length. */
function awkEscape(re: string, i: number): [string, number] {
  if (re[i + 1] === undefined) throw new RegexError('Trailing backslash');
  const e = readEscape(re, i, C_ESCAPES);
  return [e.text, e.length];
}

/** A bracket expression starting at `re[i]` === "[": its JS source and the index after it. */
function bracket(re: string, i: number, awk: boolean): [string, number] {
  let j = i + 1;
  let negate = false;
  if (re[j] === '^') {
    negate = true;
    j++;
  }
  let body = '';
  let first = true;
  for (;;) {
    if (j >= re.length) throw new RegexError('Unmatched [, [^, [:, [., or [=');
    const c = re[j]!;
    if (c === ']' && !first) break;
    first = false;
    if (awk && c === '\\') {
      const [ch, len] = awkEscape(re, j);
      body += classChar(ch);
      j += len;
      continue;
    }
    if (c === '[' && (re[j + 1] === ':' || re[j + 1] === '=' || re[j + 1] === '.')) {
      const kind = re[j + 1]!;
      const end = re.indexOf(`${kind}]`, j + 2);
      if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = re.slice(j + 2, end);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new RegexError('Invalid character class name');
        body += cls;
      } else body += [...name].map(classChar).join('');
      j = end + 2;
      continue;
    }
    if (re[j + 1] === '-' && re[j + 2] !== undefined && re[j + 2] !== ']') {
      const hi = re[j + 2]!;
      if (hi < c) throw new RegexError('Invalid range end');
      body += `${classChar(c)}-${classChar(hi)}`;
      j += 3;
      continue;
    }
    body += classChar(c);
    j++;
  }
  // [^…] never matches a newline in grep and sed (sed's pattern space can hold several lines);
  // awk's records may hold newlines, and its [^…] matches them.
  return [negate ? `[^${body}${awk ? '' : '\\n'}]` : `[${body}]`, j + 1];
}

const LITERAL = /[.*+?^${}()|[\]\\/]/;

function literal(c: string): string {
  return LITERAL.test(c) ? `\\${c}` : c;
}

/** JavaScript source for a POSIX regex: basic (grep, sed) or extended (grep -E, sed -E, awk). */
export function translate(re: string, extended: boolean, awk = false): string {
  let out = '';
  let depth = 0;
  // Groups by number: open ones on the stack; a back reference needs its group closed.
  let groups = 0;
  const open: number[] = [];
  const closed = new Set<number>();
  // Where a "*" is literal and "^" an anchor: at the start, after "(" or "|" (and "^").
  let atStart = true;
  for (let i = 0; i < re.length;) {
    const c = re[i]!;
    const start: boolean = atStart;
    atStart = false;
    if (c === '\\' && awk && /^[abfnrtv0-7/"]/.test(re[i + 1] ?? '')) {
      const [ch, len] = awkEscape(re, i);
      out += literal(ch);
      i += len;
      continue;
    }
    if (c === '\\') {
      const n = re[i + 1];
      i += 2;
      if (n === undefined) throw new RegexError('Trailing backslash');
      if (!extended && n === '(') {
        out += '(';
        depth++;
        open.push(++groups);
        atStart = true;
      } else if (!extended && n === ')') {
        if (depth === 0) throw new RegexError('Unmatched ) or \\)');
        out += ')';
        depth--;
        closed.add(open.pop()!);
      } else if (!extended && n === '|') {
        out += '|';
        atStart = true;
      } else if (!extended && n === '{' && start) {
        // Nothing to repeat: GNU's matchers take "\{" here as a "{" (and its "\}" as a "}").
        out += '\\{';
      } else if (!extended && (n === '{' || n === '}')) {
        if (n === '{') {
          const m = /^(\d*)(,?)(\d*)\\\}/.exec(re.slice(i));
          if (!m) throw new RegexError('Unmatched \\{');
          out += `{${m[1] || '0'}${m[2]}${m[3]}}`;
          i += m[0].length;
        } else out += '\\}';
      } else if (!extended && (n === '+' || n === '?')) {
        out += start ? literal(n) : n;
      } else if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else if (/[1-9]/.test(n) && !awk) {
        if (!closed.has(Number(n))) throw new RegexError('Invalid back reference');
        out += `\\${n}`;
      } else if ('bBwWsS'.includes(n) || /[1-9]/.test(n)) out += `\\${n}`;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else out += literal(n);
      continue;
    }
    if (c === '[') {
      const [src, next] = bracket(re, i, awk);
      out += src;
      i = next;
      continue;
    }
    i++;
    if (c === '^') {
      out += start || extended ? '^' : '\\^';
      atStart = start;
    } else if (c === '$') {
      const rest = re.slice(i);
      const atEnd =
        rest === '' ||
        (!extended && (rest.startsWith('\\)') || rest.startsWith('\\|'))) ||
        (extended && /^[)|]/.test(rest));
      out += atEnd || extended ? '$' : '\\$';
    } else if (c === '*') out += start ? '\\*' : '*';
    else if (c === '.') out += '.';
    else if (extended && c === '(') {
      out += '(';
      depth++;
      open.push(++groups);
      atStart = true;
    } else if (extended && c === ')') {
      if (depth === 0) throw new RegexError('Unmatched ) or \\)');
      out += ')';
      depth--;
      closed.add(open.pop()!);
    } else if (extended && c === '|') {
      out += '|';
      atStart = true;
    } else if (extended && (c === '+' || c === '?')) out += start ? literal(c) : c;
    else if (extended && c === '{') {
      const m = /^(\d+)(,?)(\d*)\}/.exec(re.slice(i));
      if (m && !start) {
        out += `{${m[1]}${m[2]}${m[3]}}`;
        i += m[0].length;
      } else out += '\\{';
    } else out += literal(c);
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

/** A compiled POSIX regex; throws RegexError. "." matches a newline too, as in sed's pattern space. */
export function compile(
  re: string,
  o: { extended: boolean; ignoreCase?: boolean; global?: boolean; awk?: boolean },
): RegExp {
  let src: string;
  try {
    src = translate(re, o.extended, o.awk);
    return new RegExp(src, `s${o.ignoreCase ? 'i' : ''}${o.global ? 'g' : ''}`);
  } catch (e) {
    if (e instanceof RegexError) throw e;
    throw new RegexError(e instanceof Error ? e.message : String(e));
  }
}
