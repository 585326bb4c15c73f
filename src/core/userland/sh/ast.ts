// The syntax tree of the POSIX shell language (XCU 2.9 and 2.10: commands and grammar).

/** One piece of a word, as the lexer read it; expansion (expand.ts) turns words into fields. */
export type WordPart =
  /** Unquoted text: subject to pathname expansion (and tilde expansion at the start). */
  | { type: 'lit'; text: string }
  /** Quoted text ('…', \c, or the literal text inside "…"): taken as is. */
  | { type: 'sq'; text: string }
  /** "…": its parts are expanded but never split or globbed. */
  | { type: 'dq'; parts: WordPart[] }
  | ParamPart
  | { type: 'cmdsub'; body: Script }
  | { type: 'arith'; expr: Word };

export type ParamOp = '-' | '=' | '?' | '+' | '%' | '%%' | '#' | '##';

/** $name, ${name}, ${name<op>word}, ${#name}; `bad` holds a ${…} that is not POSIX. */
export interface ParamPart {
  type: 'param';
  name: string;
  op?: ParamOp;
  /** The ":" form of -, =, ?, +: a null value counts as unset. */
  colon?: boolean;
  arg?: Word;
  length?: boolean;
  bad?: string;
}

export interface Word {
  parts: WordPart[];
  /** The source text, as written. */
  text: string;
}

export interface Assign {
  name: string;
  value: Word;
}

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-';

export interface Redir {
  /** The fd written before the operator (2 in 2>&1), else null for the operator's default. */
  fd: number | null;
  op: RedirOp;
  target: Word;
  /** Here-document: its body (filled in when the lexer reaches it) and whether the delimiter was quoted. */
  here?: { body: string; quoted: boolean };
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redir[];
  line: number;
}

export interface CaseItem {
  patterns: Word[];
  body: Script;
}

export type Compound =
  | { type: 'group'; body: Script }
  | { type: 'subshell'; body: Script }
  | { type: 'if'; clauses: Array<{ cond: Script; body: Script }>; otherwise: Script | null }
  | { type: 'for'; name: string; words: Word[] | null; body: Script }
  | { type: 'while'; until: boolean; cond: Script; body: Script }
  | { type: 'case'; word: Word; items: CaseItem[] };

export type CompoundCommand = Compound & { redirs: Redir[]; line: number };

export interface FunctionDef {
  type: 'function';
  name: string;
  body: CompoundCommand;
  line: number;
}

export type Command = SimpleCommand | CompoundCommand | FunctionDef;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
  line: number;
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  /** Ended by "&": run here in the foreground all the same (a RUN step has no job control). */
  background: boolean;
}

/** A list of and-or lists, run in order. */
export type Script = AndOr[];
