// The syntax tree of the POSIX shell language (XCU 2.9 and 2.10: commands and grammar), and
// what bash adds to it (marked "bash"): the parser makes those only in bash's dialect.

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
  | { type: 'arith'; expr: Word }
  /** bash: <(list) or >(list), a path that reads the list's output or feeds its input. */
  | { type: 'procsub'; dir: '<' | '>'; body: Script }
  /** bash: name=(…) in an assignment: the elements, `[key]=value` ones as written. */
  | { type: 'array'; elements: Word[] };

export type ParamOp =
  | '-'
  | '='
  | '?'
  | '+'
  | '%'
  | '%%'
  | '#'
  | '##'
  // bash: ${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}, ${x:offset:length}, ${x^p} ${x^^p} ${x,p}
  // ${x,,p}, ${x@Q} (the operator letter in `arg`'s text).
  | '/'
  | '//'
  | '/#'
  | '/%'
  | ':'
  | '^'
  | '^^'
  | ','
  | ',,'
  | '~'
  | '~~'
  | '@';

/** $name, ${name}, ${name<op>word}, ${#name}; `bad` holds a ${…} that is not valid. */
export interface ParamPart {
  type: 'param';
  name: string;
  op?: ParamOp;
  /** The ":" form of -, =, ?, +: a null value counts as unset. */
  colon?: boolean;
  arg?: Word;
  /** bash: the replacement of ${x/p/r}, the length of ${x:o:l} (null when not given). */
  arg2?: Word | null;
  length?: boolean;
  /** bash: ${name[subscript]}: the subscript as written; '@' and '*' stand for every element. */
  index?: Word | '@' | '*';
  /** bash: ${!name}: the value names the parameter; with index @ or *, the array's keys. */
  indirect?: boolean;
  /** bash: ${!prefix*} or ${!prefix@}: the names of the variables that start with `name`. */
  prefix?: '@' | '*';
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
  /** bash: name[subscript]=value. */
  index?: Word;
  /** bash: name+=value. */
  append?: boolean;
}

export type RedirOp =
  | '<'
  | '>'
  | '>>'
  | '>|'
  | '<>'
  | '<&'
  | '>&'
  | '<<'
  | '<<-'
  // bash: here-string, and stdout and stderr both
  | '<<<'
  | '&>'
  | '&>>';

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
  /** bash: ";&" runs the next item's body too; ";;&" goes on testing the next patterns. */
  next?: ';&' | ';;&';
}

/** bash: the expression of [[ … ]]. */
export type CondExpr =
  | { type: 'and' | 'or'; left: CondExpr; right: CondExpr }
  | { type: 'not'; expr: CondExpr }
  | { type: 'unary'; op: string; arg: Word }
  | { type: 'binary'; op: string; left: Word; right: Word }
  | { type: 'word'; word: Word };

export type Compound =
  | { type: 'group'; body: Script }
  | { type: 'subshell'; body: Script }
  | { type: 'if'; clauses: Array<{ cond: Script; body: Script }>; otherwise: Script | null }
  | { type: 'for'; name: string; words: Word[] | null; body: Script }
  /** bash: select NAME [in WORDS]; do …; done. */
  | { type: 'select'; name: string; words: Word[] | null; body: Script }
  | { type: 'while'; until: boolean; cond: Script; body: Script }
  | { type: 'case'; word: Word; items: CaseItem[] }
  /** bash: [[ expression ]]. */
  | { type: 'cond'; expr: CondExpr }
  /** bash: (( expression )), the expression's text as a here-document word. */
  | { type: 'arith'; expr: Word }
  /** bash: for (( init; test; step )). */
  | { type: 'for-arith'; init: Word; test: Word; step: Word; body: Script };

export type CompoundCommand = Compound & { redirs: Redir[]; line: number };

export interface FunctionDef {
  type: 'function';
  name: string;
  body: CompoundCommand;
  line: number;
  /** bash: the file it was defined in (BASH_SOURCE, and its messages), set when it is defined. */
  source?: string;
}

export type Command = SimpleCommand | CompoundCommand | FunctionDef;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
  line: number;
  /** bash: which commands' stderr goes down the pipe too (`|&`), by index. */
  bothOut?: boolean[];
  /** bash: `time` before it reports how long it took (`time -p`: in POSIX's format). */
  time?: 'bash' | 'posix';
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  /** Ended by "&": run here in the foreground all the same (a RUN step has no job control). */
  background: boolean;
}

/** A list of and-or lists, run in order. */
export type Script = AndOr[];
