// The parsed awk program: items (pattern-action pairs), functions, and their statements and
// expressions, as POSIX awk's grammar names them.

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  /** A regex literal: the ERE itself where a regex is wanted, else `$0 ~ /re/`. */
  | { k: 're'; src: string }
  | { k: 'var'; name: string }
  | { k: 'idx'; name: string; subs: Expr[] }
  | { k: 'field'; e: Expr }
  | { k: 'group'; e: Expr }
  | { k: 'assign'; op: string; lv: Expr; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'in'; subs: Expr[]; name: string }
  | { k: 'match'; neg: boolean; a: Expr; re: Expr }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'cat'; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'unary'; op: '-' | '+' | '!'; e: Expr }
  | { k: 'incr'; op: '++' | '--'; pre: boolean; lv: Expr }
  | { k: 'call'; name: string; args: Expr[]; line: number }
  | { k: 'builtin'; name: string; args: Expr[] }
  /** getline: from the main input, `< file` or `cmd |`; into `lv` or $0. */
  | { k: 'getline'; src: 'main' | 'file' | 'cmd'; e?: Expr; lv?: Expr };

export interface Redirect {
  op: '>' | '>>' | '|';
  e: Expr;
}

/** `line`: where it starts, for the errors found when it is compiled. */
export type Stmt = { line?: number } & (
  | { k: 'expr'; e: Expr }
  | { k: 'print' | 'printf'; args: Expr[]; redir?: Redirect }
  | { k: 'if'; c: Expr; t: Stmt; f?: Stmt }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; body: Stmt; c: Expr }
  | { k: 'for'; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { k: 'forin'; v: Expr; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' | 'nextfile' | 'break' | 'continue' }
  | { k: 'exit' | 'return'; e?: Expr }
  | { k: 'delete'; name: string; subs?: Expr[] }
);

export type Pattern = { k: 'BEGIN' | 'END' | 'all' } | { k: 'expr'; e: Expr } | { k: 'range'; a: Expr; b: Expr };

export interface Item {
  pattern: Pattern;
  line: number;
  /** Absent: `{ print }`. */
  body?: Stmt[];
}

export interface FuncDef {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Program {
  items: Item[];
  funcs: Map<string, FuncDef>;
}
