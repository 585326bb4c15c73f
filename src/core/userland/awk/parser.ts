// awk's grammar (POSIX awk, "Grammar") by recursive descent, one method per precedence level,
// lowest first. Newlines end statements except where the grammar allows them (after "{", "&&",
// "||", ",", "do", "else", and the ")" of if, for and while).
import type { Expr, FuncDef, Item, Pattern, Program, Redirect, Stmt } from './ast.ts';
import { AwkSyntaxError, tokenize, type Token } from './lexer.ts';

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '^=']);
const CMP = new Set(['<', '<=', '==', '!=', '>', '>=']);
/** What may start the right side of a concatenation ("-" and "+" subtract and add instead). */
const CONCAT_START = new Set(['NUMBER', 'STRING', 'ERE', 'NAME', 'FUNC_NAME', 'BUILTIN', '$', '!', '(', '++', '--']);
const END_SIMPLE = new Set([';', 'NEWLINE', '}', 'EOF']);

function isLvalue(e: Expr): boolean {
  return e.k === 'var' || e.k === 'idx' || e.k === 'field';
}

export function parse(src: string): Program {
  return new Parser(tokenize(src)).program();
}

class Parser {
  readonly #toks: Token[];
  #i = 0;
  /** In print's expression list an unparenthesized ">" redirects. */
  #noGt = false;
  readonly #funcs = new Map<string, FuncDef>();

  constructor(toks: Token[]) {
    this.#toks = toks;
  }

  /** The current token's kind (a method: TypeScript would narrow a property across calls). */
  #tk(): string {
    return this.#toks[this.#i]!.t;
  }

  #peek(o = 1): string {
    return this.#toks[Math.min(this.#i + o, this.#toks.length - 1)]!.t;
  }

  #next(): Token {
    const tok = this.#toks[this.#i]!;
    if (tok.t !== 'EOF') this.#i++;
    return tok;
  }

  #error(): AwkSyntaxError {
    const tok = this.#toks[this.#i]!;
    const near =
      tok.t === 'NEWLINE'
        ? 'end of line'
        : tok.t === 'EOF'
          ? 'end of file'
          : tok.t === 'STRING'
            ? `"${tok.v}"`
            : tok.t === 'ERE'
              ? `/${tok.v}/`
              : tok.v;
    return new AwkSyntaxError(`syntax error at or near ${near}`, tok.line);
  }

  #expect(t: string): Token {
    if (this.#tk() !== t) throw this.#error();
    return this.#next();
  }

  #optNl(): void {
    while (this.#tk() === 'NEWLINE') this.#i++;
  }

  #skipSeps(): void {
    while (this.#tk() === 'NEWLINE' || this.#tk() === ';') this.#i++;
  }

  program(): Program {
    const items: Item[] = [];
    this.#skipSeps();
    while (this.#tk() !== 'EOF') {
      if (this.#tk() === 'function') this.#func();
      else items.push(this.#item());
      if (!END_SIMPLE.has(this.#tk()) && this.#toks[this.#i - 1]!.t !== '}') throw this.#error();
      this.#skipSeps();
    }
    return { items, funcs: this.#funcs };
  }

  #func(): void {
    this.#next();
    const nameTok = this.#tk() === 'NAME' || this.#tk() === 'FUNC_NAME' ? this.#next() : null;
    if (!nameTok) throw this.#error();
    if (this.#funcs.has(nameTok.v)) throw new AwkSyntaxError(`function ${nameTok.v} redefined`, nameTok.line);
    this.#expect('(');
    const params: string[] = [];
    this.#optNl();
    while (this.#tk() !== ')') {
      params.push(this.#expect('NAME').v);
      this.#optNl();
      if (this.#tk() === ',') {
        this.#next();
        this.#optNl();
      } else if (this.#tk() !== ')') throw this.#error();
    }
    this.#next();
    this.#optNl();
    const def: FuncDef = { name: nameTok.v, params, body: [] };
    this.#funcs.set(def.name, def);
    def.body = this.#block();
  }

  #item(): Item {
    const line = this.#toks[this.#i]!.line;
    let pattern: Pattern;
    if (this.#tk() === 'BEGIN' || this.#tk() === 'END') {
      pattern = { k: this.#next().t as 'BEGIN' | 'END' };
      if (this.#tk() !== '{') throw this.#error();
    } else if (this.#tk() === '{') pattern = { k: 'all' };
    else {
      const a = this.#expr();
      if (this.#tk() === ',') {
        this.#next();
        this.#optNl();
        pattern = { k: 'range', a, b: this.#expr() };
      } else pattern = { k: 'expr', e: a };
    }
    return this.#tk() === '{' ? { pattern, line, body: this.#block() } : { pattern, line };
  }

  #block(): Stmt[] {
    this.#expect('{');
    const body: Stmt[] = [];
    for (;;) {
      this.#skipSeps();
      if (this.#tk() === '}') break;
      body.push(this.#stmt());
    }
    this.#next();
    return body;
  }

  #end(): void {
    if (this.#tk() === ';' || this.#tk() === 'NEWLINE') this.#next();
    else if (this.#tk() !== '}' && this.#tk() !== 'EOF') throw this.#error();
  }

  /** A statement in a body position: the empty ";" included. */
  #body(): Stmt {
    if (this.#tk() === ';') {
      this.#next();
      return { k: 'block', body: [] };
    }
    this.#optNl();
    return this.#stmt();
  }

  #stmt(): Stmt {
    const line = this.#toks[this.#i]!.line;
    const s = this.#stmtAt();
    s.line = line;
    return s;
  }

  #stmtAt(): Stmt {
    switch (this.#tk()) {
      case '{':
        return { k: 'block', body: this.#block() };
      case 'if': {
        this.#next();
        this.#expect('(');
        const c = this.#expr();
        this.#expect(')');
        const t = this.#body();
        const save = this.#i;
        this.#skipSeps();
        if (this.#tk() === 'else') {
          this.#next();
          this.#optNl();
          return { k: 'if', c, t, f: this.#body() };
        }
        this.#i = save;
        return { k: 'if', c, t };
      }
      case 'while': {
        this.#next();
        this.#expect('(');
        const c = this.#expr();
        this.#expect(')');
        return { k: 'while', c, body: this.#body() };
      }
      case 'do': {
        this.#next();
        this.#optNl();
        const body = this.#stmt();
        this.#skipSeps();
        this.#expect('while');
        this.#expect('(');
        const c = this.#expr();
        this.#expect(')');
        this.#end();
        return { k: 'do', body, c };
      }
      case 'for':
        return this.#for();
      case ';':
        this.#next();
        return { k: 'block', body: [] };
    }
    const s = this.#simple();
    this.#end();
    return s;
  }

  #for(): Stmt {
    this.#next();
    this.#expect('(');
    if (this.#tk() === 'NAME' && this.#peek() === 'in' && this.#peek(2) === 'NAME' && this.#peek(3) === ')') {
      const v: Expr = { k: 'var', name: this.#next().v };
      this.#next();
      const arr = this.#next().v;
      this.#next();
      return { k: 'forin', v, arr, body: this.#body() };
    }
    const init = this.#tk() === ';' ? undefined : this.#expr();
    this.#expect(';');
    this.#optNl();
    const c = this.#tk() === ';' ? undefined : this.#expr();
    this.#expect(';');
    this.#optNl();
    const step = this.#tk() === ')' ? undefined : this.#expr();
    this.#expect(')');
    return { k: 'for', init, c, step, body: this.#body() };
  }

  #simple(): Stmt {
    const t = this.#tk();
    switch (t) {
      case 'print':
      case 'printf':
        return this.#print();
      case 'next':
      case 'nextfile':
      case 'break':
      case 'continue':
        this.#next();
        return { k: t };
      case 'exit':
      case 'return': {
        this.#next();
        return END_SIMPLE.has(this.#tk()) ? { k: t } : { k: t, e: this.#expr() };
      }
      case 'delete': {
        this.#next();
        const name = this.#expect('NAME').v;
        if (this.#tk() !== '[') return { k: 'delete', name };
        this.#next();
        const subs = this.#list(']');
        return { k: 'delete', name, subs };
      }
    }
    return { k: 'expr', e: this.#expr() };
  }

  #print(): Stmt {
    const k = this.#next().t as 'print' | 'printf';
    let args: Expr[] = [];
    if (this.#tk() === '(') {
      // `print (a, b) > "f"`: a parenthesized list, unless more expression follows the ")".
      const save = this.#i;
      this.#next();
      const list = this.#list(')');
      if (END_SIMPLE.has(this.#tk()) || this.#tk() === '>' || this.#tk() === '>>' || this.#tk() === '|') args = list;
      else this.#i = save;
    }
    if (
      args.length === 0 &&
      !END_SIMPLE.has(this.#tk()) &&
      this.#tk() !== '>' &&
      this.#tk() !== '>>' &&
      this.#tk() !== '|'
    ) {
      const saveGt = this.#noGt;
      this.#noGt = true;
      args.push(this.#expr());
      while (this.#tk() === ',') {
        this.#next();
        this.#optNl();
        args.push(this.#expr());
      }
      this.#noGt = saveGt;
    }
    let redir: Redirect | undefined;
    if (this.#tk() === '>' || this.#tk() === '>>' || this.#tk() === '|') {
      const op = this.#next().t as Redirect['op'];
      redir = { op, e: this.#concat() };
    }
    if (k === 'printf' && args.length === 0) throw this.#error();
    return { k, args, redir };
  }

  /** Expressions separated by commas up to `close`, which is consumed; ">" compares inside. */
  #list(close: string): Expr[] {
    const saveGt = this.#noGt;
    this.#noGt = false;
    const list: Expr[] = [];
    this.#optNl();
    while (this.#tk() !== close) {
      list.push(this.#expr());
      this.#optNl();
      if (this.#tk() === ',') {
        this.#next();
        this.#optNl();
      } else if (this.#tk() !== close) throw this.#error();
    }
    this.#next();
    this.#noGt = saveGt;
    return list;
  }

  #expr(): Expr {
    const left = this.#ternary();
    if (ASSIGN.has(this.#tk()) && isLvalue(left)) {
      const op = this.#next().t;
      this.#optNl();
      return { k: 'assign', op, lv: left, e: this.#expr() };
    }
    return left;
  }

  #ternary(): Expr {
    const c = this.#or();
    if (this.#tk() !== '?') return c;
    this.#next();
    this.#optNl();
    const a = this.#expr();
    this.#optNl();
    this.#expect(':');
    this.#optNl();
    return { k: 'cond', c, a, b: this.#expr() };
  }

  #or(): Expr {
    let a = this.#and();
    while (this.#tk() === '||') {
      this.#next();
      this.#optNl();
      a = { k: 'or', a, b: this.#and() };
    }
    return a;
  }

  #and(): Expr {
    let a = this.#in();
    while (this.#tk() === '&&') {
      this.#next();
      this.#optNl();
      a = { k: 'and', a, b: this.#in() };
    }
    return a;
  }

  #in(): Expr {
    let a = this.#match();
    while (this.#tk() === 'in') {
      this.#next();
      a = { k: 'in', subs: [a], name: this.#expect('NAME').v };
    }
    return a;
  }

  #match(): Expr {
    let a = this.#compare();
    while (this.#tk() === '~' || this.#tk() === '!~') {
      const neg = this.#next().t === '!~';
      a = { k: 'match', neg, a, re: this.#compare() };
    }
    return a;
  }

  /** Left-associative, as mawk and gawk take `a == b == c` (POSIX leaves it undefined). */
  #compare(): Expr {
    let a = this.#pipeGetline();
    while (CMP.has(this.#tk()) && !(this.#tk() === '>' && this.#noGt)) {
      const op = this.#next().t;
      a = { k: 'cmp', op, a, b: this.#pipeGetline() };
    }
    return a;
  }

  #pipeGetline(): Expr {
    let a = this.#concat();
    while (this.#tk() === '|' && this.#peek() === 'getline') {
      this.#next();
      this.#next();
      a = { k: 'getline', src: 'cmd', e: a, lv: this.#optLvalue() };
    }
    return a;
  }

  #concat(): Expr {
    let a = this.#additive();
    while (CONCAT_START.has(this.#tk())) {
      a = { k: 'cat', a, b: this.#additive() };
    }
    return a;
  }

  #additive(): Expr {
    let a = this.#mul();
    while (this.#tk() === '+' || this.#tk() === '-') {
      const op = this.#next().t;
      a = { k: 'bin', op, a, b: this.#mul() };
    }
    return a;
  }

  #mul(): Expr {
    let a = this.#unary();
    while (this.#tk() === '*' || this.#tk() === '/' || this.#tk() === '%') {
      const op = this.#next().t;
      a = { k: 'bin', op, a, b: this.#unary() };
    }
    return a;
  }

  #unary(): Expr {
    if (this.#tk() === '!' || this.#tk() === '-' || this.#tk() === '+') {
      const op = this.#next().t as '!' | '-' | '+';
      return { k: 'unary', op, e: this.#unary() };
    }
    return this.#power();
  }

  #power(): Expr {
    const a = this.#postfix();
    if (this.#tk() !== '^') return a;
    this.#next();
    // Right-associative, and its right side may carry a sign: 2^-1, 2^3^2.
    let sign: '-' | '+' | '!' | null = null;
    if (this.#tk() === '-' || this.#tk() === '+' || this.#tk() === '!') sign = this.#next().t as '-' | '+' | '!';
    const b = sign ? ({ k: 'unary', op: sign, e: this.#unaryPow() } as Expr) : this.#power();
    return { k: 'bin', op: '^', a, b };
  }

  #unaryPow(): Expr {
    if (this.#tk() === '-' || this.#tk() === '+' || this.#tk() === '!') {
      const op = this.#next().t as '!' | '-' | '+';
      return { k: 'unary', op, e: this.#unaryPow() };
    }
    return this.#power();
  }

  #postfix(): Expr {
    if (this.#tk() === '++' || this.#tk() === '--') {
      const op = this.#next().t as '++' | '--';
      const lv = this.#primary();
      if (!isLvalue(lv)) throw this.#error();
      return { k: 'incr', op, pre: true, lv };
    }
    const p = this.#primary();
    if ((this.#tk() === '++' || this.#tk() === '--') && isLvalue(p)) {
      return { k: 'incr', op: this.#next().t as '++' | '--', pre: false, lv: p };
    }
    return p;
  }

  #optLvalue(): Expr | undefined {
    if (this.#tk() === '$') {
      this.#next();
      return { k: 'field', e: this.#fieldOperand() };
    }
    if (this.#tk() !== 'NAME') return undefined;
    const name = this.#next().v;
    if (this.#tk() !== '[') return { k: 'var', name };
    this.#next();
    return { k: 'idx', name, subs: this.#list(']') };
  }

  #fieldOperand(): Expr {
    if (this.#tk() === '-' || this.#tk() === '+' || this.#tk() === '!') {
      const op = this.#next().t as '!' | '-' | '+';
      return { k: 'unary', op, e: this.#fieldOperand() };
    }
    if (this.#tk() === '++' || this.#tk() === '--') return this.#postfix();
    return this.#primary();
  }

  #primary(): Expr {
    const tok = this.#toks[this.#i]!;
    switch (tok.t) {
      case 'NUMBER':
        this.#next();
        return { k: 'num', v: tok.n };
      case 'STRING':
        this.#next();
        return { k: 'str', v: tok.v };
      case 'ERE':
        this.#next();
        return { k: 're', src: tok.v };
      case '$':
        this.#next();
        return { k: 'field', e: this.#fieldOperand() };
      case '(': {
        this.#next();
        const list = this.#list(')');
        if (list.length === 1) return { k: 'group', e: list[0]! };
        if (list.length === 0 || this.#tk() !== 'in') throw this.#error();
        this.#next();
        return { k: 'in', subs: list, name: this.#expect('NAME').v };
      }
      case 'NAME':
        return this.#optLvalue()!;
      case 'FUNC_NAME':
        this.#next();
        this.#next();
        return { k: 'call', name: tok.v, args: this.#list(')'), line: tok.line };
      case 'BUILTIN': {
        this.#next();
        if (this.#tk() === '(') {
          this.#next();
          return { k: 'builtin', name: tok.v, args: this.#list(')') };
        }
        if (tok.v !== 'length') throw this.#error();
        return { k: 'builtin', name: tok.v, args: [] };
      }
      case 'getline': {
        this.#next();
        const lv = this.#optLvalue();
        if (this.#tk() !== '<') return { k: 'getline', src: 'main', lv };
        this.#next();
        return { k: 'getline', src: 'file', e: this.#postfix(), lv };
      }
      case '-':
      case '+':
      case '!':
        return this.#unary();
    }
    throw this.#error();
  }
}
