// What an instruction parser gets: its logical line, the escape token, and a way to report a
// problem at an offset of that line. Shared by the instruction parsers.

import { position, type LogicalLine } from './lines.ts';
import type { Diagnostic, EscapeToken, Flag, Heredoc, InstructionKind } from './types.ts';
import type { FlagValues } from './flags.ts';
import { parseJSONArray, splitFields, type RawFlag } from './split.ts';

export interface LineContext {
  line: LogicalLine;
  escape: EscapeToken;
  report(d: Omit<Diagnostic, 'file'>): void;
}

export interface Header {
  kind: InstructionKind;
  keyword: string;
  line: number;
  col: number;
  endLine: number;
  original: string;
  flags: Flag[];
  heredocs: Heredoc[];
}

/** `--name=value` -> { name, value }; a bare `--name` has value undefined. */
export function toFlag(raw: RawFlag, ctx: LineContext): Flag {
  const body = raw.text.startsWith('--') ? raw.text.slice(2) : raw.text;
  const eq = body.indexOf('=');
  const at = position(ctx.line, raw.offset);
  return {
    name: eq < 0 ? body : body.slice(0, eq),
    value: eq < 0 ? undefined : body.slice(eq + 1),
    line: at.line,
    col: at.col,
  };
}

export function errorAt(
  ctx: LineContext,
  offset: number,
  message: string,
  code: Diagnostic['code'] = 'DOCKERFILE_SYNTAX',
): void {
  const at = position(ctx.line, offset);
  ctx.report({ severity: 'error', code, line: at.line, col: at.col, endLine: ctx.line.endLine, message });
}

export function errorAtFlag(ctx: LineContext, flag: Flag, message: string): void {
  ctx.report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line: flag.line, col: flag.col, message });
}

/** An instruction being parsed: its header, the text after the flags, and the flag values. */
export interface Parsed {
  header: Header;
  rest: string;
  restOffset: number;
  values: FlagValues;
  ctx: LineContext;
}

/** Arguments of COPY/ADD/VOLUME: a JSON array of strings, else whitespace-separated fields. */
export function jsonOrFields(p: Parsed): { args: string[]; json: boolean } | undefined {
  const json = parseJSONArray(p.rest);
  if (json.ok) return { args: json.values, json: true };
  if (json.notStrings) {
    errorAt(p.ctx, p.restOffset, 'when using JSON array syntax, arrays must be comprised of strings only');
    return undefined;
  }
  return { args: splitFields(p.rest).map((f) => f.text), json: false };
}
