// From text to logical lines, as BuildKit's parser.Parse reads a Dockerfile: parser directives
// at the top, comments, line continuations (comment and blank lines inside them are skipped),
// and heredoc bodies after the line that opens them. Each logical line keeps a map back to
// physical line:col so that any offset in it can be reported where it was written.

import { lex } from './lex.ts';
import { parseJSONArray, splitCommand } from './split.ts';
import type { CheckOptions, Diagnostic, Directive, Directives, EscapeToken, Heredoc } from './types.ts';

interface Piece {
  offset: number;
  line: number;
  col: number;
}

export interface LogicalLine {
  text: string;
  line: number;
  endLine: number;
  heredocs: Heredoc[];
  /** Physical lines that were empty inside the continuation (NoEmptyContinuation). */
  emptyContinuations: number[];
  pieces: Piece[];
}

/** The physical line and column of an offset into a logical line. */
export function position(l: LogicalLine, offset: number): { line: number; col: number } {
  let p = l.pieces[0]!;
  for (const q of l.pieces) if (q.offset <= offset) p = q;
  return { line: p.line, col: p.col + (offset - p.offset) };
}

export interface Scanned {
  directives: Directives;
  lines: LogicalLine[];
}

type Report = (d: Omit<Diagnostic, 'file'>) => void;

const directiveRe = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/u;
const validDirectives = new Set(['syntax', 'escape', 'check']);

class DirectiveParser {
  done = false;
  readonly list: Directive[] = [];
  escape: EscapeToken = '\\';

  constructor(private readonly report: Report) {}

  /** Looks at a physical line while directives are still allowed (before anything else). */
  parse(text: string, line: number): void {
    if (this.done) return;
    if (!text.startsWith('#')) {
      this.done = true;
      return;
    }
    const m = directiveRe.exec(text.slice(1).replace(/^\s+/u, ''));
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || !validDirectives.has(key)) {
      this.done = true;
      return;
    }
    if (this.list.some((d) => d.name === key)) {
      this.report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line, col: 1, message: `only one ${key} parser directive can be used` });
      return;
    }
    const value = m[2]!;
    this.list.push({ name: key, value, line });
    if (key === 'escape') {
      if (value === '\\' || value === '`') this.escape = value;
      else this.report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line, col: 1, message: `invalid escape token '${value}' does not match \` or \\` });
    }
  }
}

/** `# check=skip=A,B;error=true`, as BuildKit's linter.ParseLintOptions reads it. */
export function parseCheck(value: string): CheckOptions | string {
  const out: CheckOptions = { skip: [], skipAll: false, error: false };
  const s = value.trim();
  if (s === '') return out;
  const semi = s.indexOf(';');
  const parts = semi < 0 ? [s] : [s.slice(0, semi), s.slice(semi + 1)];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) return `invalid check option "${p}"`;
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'skip') {
      if (v === 'all') out.skipAll = true;
      else out.skip = v.split(',').map((r) => r.trim());
    } else if (k === 'error') {
      const b = parseBool(v);
      if (b === undefined) return `failed to parse check option "${p}": invalid syntax`;
      out.error = b;
    } else {
      return `invalid check option "${k}"`;
    }
  }
  return out;
}

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

function trimNewline(s: string): string {
  return s.replace(/[\r\n]+$/, '');
}
function isComment(s: string): boolean {
  return /^\s*#/u.test(trimNewline(s));
}
function leadingSpace(s: string): number {
  const m = /^\s*/u.exec(s);
  return m ? m[0].length : 0;
}

const heredocWordRe = /^(\d*)<<(-?)\s*([^<]*)$/u;

/** A heredoc opener (`<<EOF`, `<<-"EOF"`, `3<<EOF`) as one word of the line, or undefined. */
export function parseHeredocWord(word: string): Omit<Heredoc, 'content' | 'line'> | undefined {
  const m = heredocWordRe.exec(word);
  if (!m || m[3] === '') return undefined;
  const rest = m[3]!;
  const none = (): undefined => undefined;
  const plain = lex(rest, none, { skipUnsetEnv: true }).words;
  if (plain.length !== 1) return undefined;
  const raw = lex(rest, none, { skipUnsetEnv: true, rawQuotes: true }).words;
  const quotes = (w: string): number => (w.match(/['"]/g) ?? []).length;
  return {
    name: plain[0]!,
    expand: quotes(plain[0]!) === quotes(raw[0] ?? ''),
    chomp: m[2] === '-',
    fd: m[1] ? Number(m[1]) : 0,
  };
}

function heredocsInLine(text: string): Omit<Heredoc, 'content' | 'line'>[] {
  let words: string[];
  try {
    words = lex(text, () => undefined, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).words;
  } catch {
    return [];
  }
  const out: Omit<Heredoc, 'content' | 'line'>[] = [];
  for (const w of words) {
    try {
      const h = parseHeredocWord(w);
      if (h) out.push(h);
    } catch {
      // A malformed quote in a would-be delimiter: not a heredoc.
    }
  }
  return out;
}

const heredocKinds = new Set(['run', 'copy', 'add']);

/** RUN, COPY and ADD (also as ONBUILD triggers) in shell form may open heredocs. */
function canContainHeredoc(text: string): boolean {
  let split = splitCommand(text);
  if (split.keyword.toLowerCase() === 'onbuild') split = splitCommand(split.rest);
  if (!heredocKinds.has(split.keyword.toLowerCase())) return false;
  return !parseJSONArray(split.rest).ok;
}

export function scan(source: string, report: Report): Scanned {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const physical = text.split('\n');
  const finalNewline = text.endsWith('\n');
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const dp = new DirectiveParser(report);
  const lines: LogicalLine[] = [];
  let i = 0;
  let continuation = /([^\\])\\[ \t]*$|^\\[ \t]*$/;
  const setContinuation = (): void => {
    continuation = dp.escape === '`' ? /([^`])`[ \t]*$|^`[ \t]*$/ : /([^\\])\\[ \t]*$|^\\[ \t]*$/;
  };
  /** Removes a trailing continuation token; false when the line does not continue. */
  const trimContinuation = (s: string): [string, boolean] =>
    continuation.test(s) ? [s.replace(continuation, '$1'), false] : [s, true];

  while (i < physical.length) {
    const raw = trimNewline(physical[i]!);
    const lineNo = ++i;
    const lead = leadingSpace(raw);
    const first = raw.slice(lead);
    dp.parse(first, lineNo);
    setContinuation();
    const stripped = first.startsWith('#') ? '' : first;
    let [line, end] = trimContinuation(stripped);
    if (end && line === '') continue;
    const logical: LogicalLine = {
      text: '',
      line: lineNo,
      endLine: lineNo,
      heredocs: [],
      emptyContinuations: [],
      pieces: [{ offset: 0, line: lineNo, col: lead + 1 }],
    };
    while (!end && i < physical.length) {
      const cont = trimNewline(physical[i]!);
      const contNo = ++i;
      dp.parse(cont, contNo);
      if (isComment(cont)) continue;
      if (cont.trim() === '') {
        logical.emptyContinuations.push(contNo);
        continue;
      }
      const [piece, pieceEnd] = trimContinuation(cont);
      logical.pieces.push({ offset: line.length, line: contNo, col: 1 });
      line += piece;
      end = pieceEnd;
    }
    logical.text = line;
    logical.endLine = i;
    if (line.includes('<<') && canContainHeredoc(line)) i = readHeredocs(logical, physical, i, finalNewline, report);
    lines.push(logical);
  }
  if (lines.length === 0) {
    report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line: Math.max(1, physical.length), col: 1, message: 'file with no instructions' });
  }
  return { directives: directivesFrom(dp, report), lines };
}

/** Reads the bodies of the heredocs the line opens, in order; returns the next line index. */
function readHeredocs(logical: LogicalLine, physical: string[], next: number, finalNewline: boolean, report: Report): number {
  let i = next;
  for (const h of heredocsInLine(logical.text)) {
    let content = '';
    let terminated = false;
    const start = i + 1;
    while (i < physical.length) {
      const rawLine = physical[i]!;
      i++;
      let candidate = trimNewline(rawLine);
      if (h.chomp) candidate = candidate.replace(/^\t+/, '');
      if (candidate === h.name) {
        terminated = true;
        break;
      }
      content += rawLine + (i < physical.length || finalNewline ? '\n' : '');
    }
    logical.endLine = i;
    if (!terminated) {
      report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line: logical.line, col: 1, endLine: i, message: `unterminated heredoc ${h.name}` });
    }
    logical.heredocs.push({ ...h, content, line: start });
  }
  return i;
}

function directivesFrom(dp: DirectiveParser, report: Report): Directives {
  const out: Directives = { list: dp.list, escape: dp.escape, check: { skip: [], skipAll: false, error: false } };
  for (const d of dp.list) {
    if (d.name === 'syntax') out.syntax = d.value;
    if (d.name === 'check') {
      const c = parseCheck(d.value);
      if (typeof c === 'string') report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line: d.line, col: 1, message: c });
      else out.check = c;
    }
  }
  return out;
}
