// From text to logical lines, as BuildKit's parser.Parse reads a Dockerfile: parser directives
// at the top, comments, line continuations (comment and blank lines inside them are skipped),
// and heredoc bodies after the line that opens them. Each logical line keeps a map back to
// physical line:col so that any offset in it can be reported where it was written.

import { lex } from './lex.ts';
import { parseJSONArray, splitCommand } from './split.ts';
import { DirectiveParser, directivesFrom } from './directives.ts';
import type { Diagnostic, Directives, Heredoc } from './types.ts';

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

export type Report = (d: Omit<Diagnostic, 'file'>) => void;

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
    report({
      severity: 'error',
      code: 'DOCKERFILE_SYNTAX',
      line: Math.max(1, physical.length),
      col: 1,
      message: 'file with no instructions',
    });
  }
  return { directives: directivesFrom(dp, report), lines };
}

/** Reads the bodies of the heredocs the line opens, in order; returns the next line index. */
function readHeredocs(
  logical: LogicalLine,
  physical: string[],
  next: number,
  finalNewline: boolean,
  report: Report,
): number {
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
      report({
        severity: 'error',
        code: 'DOCKERFILE_SYNTAX',
        line: logical.line,
        col: 1,
        endLine: i,
        message: `unterminated heredoc ${h.name}`,
      });
    }
    logical.heredocs.push({ ...h, content, line: start });
  }
  return i;
}
