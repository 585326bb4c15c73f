// Splitting a logical line the way BuildKit's parser does (parser/split_command.go and
// line_parsers.go): keyword, leading --flags, then the arguments as words, whitespace-separated
// fields, or a JSON array. Offsets are kept so diagnostics can point at a column.

import { isSpace } from './lex.ts';

export interface RawFlag {
  /** `--name=value` with quotes and escapes removed, as BuildKit's extractBuilderFlags does. */
  text: string;
  offset: number;
}

export interface SplitLine {
  keyword: string;
  keywordOffset: number;
  flags: RawFlag[];
  /** The arguments after the flags, trimmed. */
  rest: string;
  restOffset: number;
}

const ws = /[\t\v\f\r ]/;

export function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && isSpace(ch);
}

export function splitCommand(line: string, base = 0): SplitLine {
  let i = 0;
  while (i < line.length && isWhitespace(line[i])) i++;
  const keywordOffset = i;
  while (i < line.length && !ws.test(line[i]!)) i++;
  const keyword = line.slice(keywordOffset, i);
  while (i < line.length && ws.test(line[i]!)) i++;
  const { flags, restStart } = extractFlags(line, i, base);
  let rest = line.slice(restStart);
  let lead = 0;
  while (lead < rest.length && isWhitespace(rest[lead])) lead++;
  rest = rest.slice(lead).replace(/\s+$/u, '');
  return { keyword, keywordOffset: base + keywordOffset, flags, rest, restOffset: base + restStart + lead };
}

/** Leading words that start with `--` are flags; quotes and `\` are processed inside them. */
function extractFlags(line: string, start: number, base: number): { flags: RawFlag[]; restStart: number } {
  const flags: RawFlag[] = [];
  let pos = start;
  for (;;) {
    while (pos < line.length && isWhitespace(line[pos])) pos++;
    if (pos >= line.length) return { flags, restStart: line.length };
    if (!(line[pos] === '-' && line[pos + 1] === '-')) return { flags, restStart: pos };
    const wordStart = pos;
    let word = '';
    let quote = '';
    let blankOK = false;
    for (; pos < line.length; pos++) {
      const ch = line[pos]!;
      if (quote) {
        if (ch === quote) {
          quote = '';
          continue;
        }
        if (ch === '\\') {
          if (pos + 1 === line.length) continue;
          pos++;
          word += line[pos];
          continue;
        }
        word += ch;
        continue;
      }
      if (isWhitespace(ch)) break;
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        word += line[pos];
        continue;
      }
      word += ch;
    }
    // A lone `--` ends the flags, as in POSIX utilities.
    if (word === '--') return { flags, restStart: pos };
    if (blankOK || word.length > 0) flags.push({ text: word, offset: base + wordStart });
  }
}

/** Words separated by whitespace, quotes kept (they are removed at expansion), for ENV/LABEL/ARG. */
export function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  let inWord = false;
  let quote = '';
  let word = '';
  let blankOK = false;
  const chars = Array.from(rest);
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i]!;
    if (!inWord && !quote) {
      if (isWhitespace(ch)) continue;
      inWord = true;
    }
    if (quote) {
      if (ch === quote) {
        quote = '';
      } else if (ch === escape && quote !== "'") {
        if (i + 1 === chars.length) continue;
        word += ch;
        ch = chars[++i]!;
      }
      word += ch;
      continue;
    }
    if (isWhitespace(ch)) {
      if (blankOK || word.length > 0) words.push(word);
      word = '';
      blankOK = false;
      inWord = false;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      blankOK = true;
    }
    if (ch === escape) {
      if (i + 1 === chars.length) continue;
      word += ch;
      ch = chars[++i]!;
    }
    word += ch;
  }
  if ((inWord || quote) && (blankOK || word.length > 0)) words.push(word);
  return words;
}

/** Whitespace-separated fields with their offsets (FROM, EXPOSE, COPY in shell form). */
export function splitFields(rest: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /[^\t\v\f\r ]+/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) out.push({ text: m[0], offset: m.index });
  return out;
}

export type JsonArray = { ok: true; values: string[] } | { ok: false; notStrings: boolean };

/** The first JSON value of `rest` when it is an array; like Go's json.Decoder, text after the
 * value is ignored (BuildKit accepts `CMD ["a"] b` as ["a"]). */
export function parseJSONArray(rest: string): JsonArray {
  const s = rest.replace(/^\s+/u, '');
  if (!s.startsWith('[')) return { ok: false, notStrings: false };
  const end = jsonValueEnd(s);
  if (end < 0) return { ok: false, notStrings: false };
  let value: unknown;
  try {
    value = JSON.parse(s.slice(0, end));
  } catch {
    return { ok: false, notStrings: false };
  }
  if (!Array.isArray(value)) return { ok: false, notStrings: false };
  if (!value.every((v) => typeof v === 'string')) return { ok: false, notStrings: true };
  return { ok: true, values: value as string[] };
}

/** End offset of the bracketed value starting at 0, or -1 when it never closes. */
function jsonValueEnd(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
