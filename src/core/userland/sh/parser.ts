// The shell grammar (XCU 2.10) by recursive descent, one complete command line at a time as
// sh reads a script: a line runs before the next is parsed, so a syntax error further down
// does not stop what came before it (and `exit` stops before it).
import type {
  AndOr,
  Assign,
  CaseItem,
  Command,
  CompoundCommand,
  CondExpr,
  Pipeline,
  Redir,
  RedirOp,
  Script,
  SimpleCommand,
  Word,
} from './ast.ts';
import {
  DASH,
  Lexer,
  ShellSyntaxError,
  subscriptEnd,
  tokenText,
  unquoteText,
  type LexOptions,
  type SubParsers,
  type Token,
} from './lexer.ts';
import { NAME } from './state.ts';

const EOF_MESSAGE = 'syntax error: unexpected end of file';
const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '<<', '<<-', '<<<', '&>', '&>>']);
/** bash's reserved words, which are never taken for aliases here. */
const RESERVED = new Set([
  ...['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do'],
  ...['done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'],
]);
/** Reserved words that cannot start a command. */
const NOT_A_COMMAND = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
/** bash: the built-ins whose NAME=value arguments are assignments (name=(…) too). */
const DECLARATION = new Set(['declare', 'typeset', 'local', 'readonly', 'export']);
const COND_UNARY = new Set('abcdefghknoprstuvwxzGLNORS'.split('').map((c) => `-${c}`));
const COND_BINARY = new Set(['=', '==', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

const subParsers: SubParsers = {
  untilParen(src, pos, line, o) {
    const p = new Parser(src, pos, line, o);
    try {
      const script = p.list([')'], true);
      p.expectOp(')', ')');
      // Where it ends in the caller's text, which has none of the aliases spliced in here.
      return { script, end: p.lexer.pos - p.lexer.grown, line: p.lexer.line };
    } catch (e) {
      // bash looks for the ")" before it parses what is inside: the end of the script is that.
      if (o.bash && e instanceof ShellSyntaxError && e.message === EOF_MESSAGE) {
        throw new ShellSyntaxError("unexpected EOF while looking for matching `)'", e.line);
      }
      throw e;
    }
  },
  whole(src, line, o) {
    const p = new Parser(src, 0, line, o);
    const script = p.list([], true);
    p.expectEof();
    return script;
  },
};

/** The word's text when it is a plain unquoted word (so it can be a reserved word or a name). */
function plain(w: Word): string | null {
  if (w.parts.length === 1 && w.parts[0]!.type === 'lit') return w.parts[0]!.text;
  return w.parts.length === 0 ? '' : null;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'newline';
    case 'op':
      return `"${t.op}"`;
    case 'io':
      return `"${t.fd}"`;
    case 'word':
      return `"${t.word.text}"`;
  }
}

export class Parser {
  readonly lexer: Lexer;
  readonly bash: boolean;
  #peeked: Token | null = null;

  constructor(src: string, pos = 0, line = 1, o: LexOptions = DASH) {
    this.lexer = new Lexer(src, subParsers, pos, line, o);
    this.bash = o.bash;
  }

  /** The next complete command line, or null at the end of the script. */
  nextLine(): Script | null {
    this.#skipNewlines();
    if (this.#peek().kind === 'eof') return null;
    const out: Script = [];
    for (;;) {
      const ao = this.#andOr();
      out.push(ao);
      const t = this.#peek();
      if (t.kind === 'op' && (t.op === ';' || t.op === '&')) {
        this.#advance();
        ao.background = t.op === '&';
        const n = this.#peek();
        if (n.kind === 'newline' || n.kind === 'eof') break;
        continue;
      }
      if (t.kind === 'newline' || t.kind === 'eof') break;
      throw this.#unexpected(t);
    }
    const t = this.#peek();
    if (t.kind === 'newline') this.#advance();
    return out;
  }

  /** bash: drops the rest of the line the lexer is on, after an error that discards it. */
  skipLine(): void {
    this.#peeked = null;
    const lx = this.lexer;
    const nl = lx.src.indexOf('\n', lx.pos);
    lx.pos = nl < 0 ? lx.src.length : nl + 1;
    if (nl >= 0) lx.line++;
  }

  /** Parses a whole script. */
  script(): Script {
    const out: Script = [];
    for (let l = this.nextLine(); l; l = this.nextLine()) out.push(...l);
    return out;
  }

  /**
   * A compound list: and-or lists separated by ";", "&" or newlines, up to one of `terms`
   * (reserved words or operators, left for the caller). Empty only where `allowEmpty`.
   */
  list(terms: string[], allowEmpty = false, expecting?: string): Script {
    this.#skipNewlines();
    const out: Script = [];
    for (;;) {
      const t = this.#peek();
      if (t.kind === 'eof' || this.#isTerm(t, terms)) break;
      if (t.kind === 'word' && NOT_A_COMMAND.has(plain(t.word) ?? '')) throw this.#unexpected(t, expecting);
      const ao = this.#andOr();
      out.push(ao);
      const s = this.#peek();
      if (s.kind === 'op' && (s.op === ';' || s.op === '&')) {
        this.#advance();
        ao.background = s.op === '&';
        this.#skipNewlines();
      } else if (s.kind === 'newline') {
        this.#skipNewlines();
      } else break;
    }
    if (out.length === 0 && !allowEmpty) throw this.#unexpected(this.#peek(), expecting);
    return out;
  }

  expectOp(op: string, expecting: string): void {
    const t = this.#peek();
    if (t.kind !== 'op' || t.op !== op) throw this.#unexpected(t, expecting);
    this.#advance();
  }

  expectEof(): void {
    this.#skipNewlines();
    const t = this.#peek();
    if (t.kind !== 'eof') throw this.#unexpected(t);
  }

  #isTerm(t: Token, terms: string[]): boolean {
    if (t.kind === 'op') return terms.includes(t.op);
    if (t.kind === 'word') {
      const p = plain(t.word);
      return p !== null && terms.includes(p);
    }
    return false;
  }

  #peek(): Token {
    this.#peeked ??= this.lexer.next();
    return this.#peeked;
  }

  #advance(): Token {
    const t = this.#peek();
    this.#peeked = null;
    return t;
  }

  #skipNewlines(): void {
    while (this.#peek().kind === 'newline') this.#advance();
  }

  #unexpected(t: Token, expecting?: string): ShellSyntaxError {
    if (this.bash) {
      if (t.kind === 'eof') return new ShellSyntaxError(EOF_MESSAGE, t.line);
      const near = tokenText(t);
      return new ShellSyntaxError(`syntax error near unexpected token \`${near}'`, t.line, near);
    }
    const what = `${describe(t)} unexpected${expecting ? ` (expecting "${expecting}")` : ''}`;
    return new ShellSyntaxError(what, t.line);
  }

  #word(t: Token, reserved: string): boolean {
    return t.kind === 'word' && plain(t.word) === reserved;
  }

  #expectWord(reserved: string): void {
    const t = this.#peek();
    if (!this.#word(t, reserved)) throw this.#unexpected(t, reserved);
    this.#advance();
  }

  #andOr(): AndOr {
    const first = this.#pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.#advance();
      this.#skipNewlines();
      rest.push({ op: t.op, pipeline: this.#pipeline() });
    }
    return { first, rest, background: false };
  }

  #pipeline(): Pipeline {
    const line = this.#peek().line;
    let negate = false;
    let time: Pipeline['time'];
    if (this.bash && this.#word(this.#peek(), 'time')) {
      this.#advance();
      time = 'bash';
      if (this.#word(this.#peek(), '-p')) {
        this.#advance();
        time = 'posix';
      }
    }
    if (this.#word(this.#peek(), '!')) {
      this.#advance();
      negate = true;
    }
    const commands: Command[] = [this.#command()];
    let bothOut: boolean[] | undefined;
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'op' || (t.op !== '|' && t.op !== '|&')) break;
      if (t.op === '|&') (bothOut ??= [])[commands.length - 1] = true;
      this.#advance();
      this.#skipNewlines();
      commands.push(this.#command());
    }
    const p: Pipeline = bothOut ? { negate, commands, line, bothOut } : { negate, commands, line };
    if (time) p.time = time;
    return p;
  }

  /** bash: the aliases being expanded, and where the text of each ends in the lexer's source. */
  #aliases: Array<{ name: string; end: number }> = [];
  /** bash: the last alias's value ended in a blank, so the next word is looked up too. */
  #aliasNext = false;

  /**
   * bash's alias expansion: an unquoted word in command position that names an alias is
   * replaced by its value in the source, which is read again (an alias is not expanded inside
   * its own value). Whether it replaced one.
   */
  #expandAlias(): boolean {
    const t = this.#peek();
    const lookup = this.lexer.o.alias;
    if (!this.bash || !lookup || t.kind !== 'word') return false;
    const name = plain(t.word);
    if (name === null || name === '' || RESERVED.has(name)) return false;
    this.#aliases = this.#aliases.filter((a) => a.end > t.start);
    if (this.#aliases.some((a) => a.name === name)) return false;
    const value = lookup(name);
    if (value === undefined) return false;
    const lx = this.lexer;
    const end = t.start + t.word.text.length;
    const delta = value.length - (end - t.start);
    lx.src = lx.src.slice(0, t.start) + value + lx.src.slice(end);
    lx.grown += delta;
    for (const a of this.#aliases) a.end += delta;
    this.#aliases.push({ name, end: t.start + value.length });
    lx.pos = t.start;
    this.#peeked = null;
    this.#aliasNext = /[ \t]$/.test(value);
    return true;
  }

  #command(): Command {
    while (this.#expandAlias());
    const t = this.#peek();
    if (this.bash && t.kind === 'op' && t.op === '(' && this.lexer.src[t.start + 1] === '(') {
      this.#advance();
      this.lexer.pos = t.start + 2;
      const expr = this.lexer.readArith();
      if (expr) return this.#redirects({ type: 'arith', expr, redirs: [], line: t.line });
      this.lexer.pos = t.start + 1;
      const body = this.list([')'], false, ')');
      this.expectOp(')', ')');
      return this.#redirects({ type: 'subshell', body, redirs: [], line: t.line });
    }
    if (t.kind === 'op' && t.op === '(') {
      this.#advance();
      const body = this.list([')'], false, ')');
      this.expectOp(')', ')');
      return this.#redirects({ type: 'subshell', body, redirs: [], line: t.line });
    }
    if (t.kind === 'word') {
      const p = plain(t.word);
      if (p !== null && NOT_A_COMMAND.has(p)) throw this.#unexpected(t);
      switch (p) {
        case '{': {
          this.#advance();
          const body = this.list(['}'], false, '}');
          this.#expectWord('}');
          return this.#redirects({ type: 'group', body, redirs: [], line: t.line });
        }
        case 'if':
          return this.#redirects(this.#if());
        case 'while':
        case 'until':
          return this.#redirects(this.#while(p === 'until'));
        case 'for':
          return this.#redirects(this.#for());
        case 'case':
          return this.#redirects(this.#case());
      }
      if (this.bash) {
        if (p === '[[') return this.#redirects(this.#cond());
        if (p === 'select') return this.#redirects(this.#for(true));
        if (p === 'function') return this.#functionKeyword();
      }
    }
    return this.#simple();
  }

  /** bash: [[ expression ]]. */
  #cond(): CompoundCommand {
    const line = this.#advance().line;
    const outer = this.lexer.inCond;
    this.lexer.inCond = true;
    try {
      const expr = this.#condOr();
      const t = this.#peek();
      if (!this.#word(t, ']]')) {
        if (t.kind === 'word') throw condError('conditional binary operator expected', t);
        if (t.kind === 'op' && t.op === ')') {
          throw condError("syntax error in conditional expression: unexpected token `)'", t);
        }
        throw condError(`unexpected token \`${tokenText(t)}', conditional binary operator expected`, t);
      }
      this.#advance();
      return { type: 'cond', expr, redirs: [], line };
    } finally {
      this.lexer.inCond = outer;
    }
  }

  #condOr(): CondExpr {
    let left = this.#condAnd();
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'op' || t.op !== '||') return left;
      this.#advance();
      this.#skipNewlines();
      left = { type: 'or', left, right: this.#condAnd() };
    }
  }

  #condAnd(): CondExpr {
    let left = this.#condTerm();
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'op' || t.op !== '&&') return left;
      this.#advance();
      this.#skipNewlines();
      left = { type: 'and', left, right: this.#condTerm() };
    }
  }

  #condTerm(): CondExpr {
    const t = this.#peek();
    if (t.kind === 'op' && t.op === '(') {
      this.#advance();
      this.#skipNewlines();
      const inner = this.#condOr();
      const c = this.#peek();
      if (c.kind !== 'op' || c.op !== ')') throw condError(`unexpected token \`${tokenText(c)}', expected \`)'`, c);
      this.#advance();
      return inner;
    }
    if (t.kind !== 'word' || this.#word(t, ']]')) {
      if (t.kind === 'eof') throw this.#unexpected(t);
      // `[[ ]]` and the like: not run, and nothing said.
      throw condError('', t);
    }
    const w = plain(t.word);
    this.#advance();
    if (w === '!') {
      if (this.#word(this.#peek(), ']]')) return { type: 'word', word: t.word };
      return { type: 'not', expr: this.#condTerm() };
    }
    if (w !== null && COND_UNARY.has(w)) {
      const a = this.#peek();
      if (a.kind !== 'word' || this.#word(a, ']]')) {
        throw condError(`unexpected argument${a.kind === 'word' ? " `]]'" : ''} to conditional unary operator`, a);
      }
      this.#advance();
      return { type: 'unary', op: w, arg: a.word };
    }
    const o = this.#peek();
    let op: string | null = null;
    if (o.kind === 'op' && (o.op === '<' || o.op === '>')) op = o.op;
    else if (o.kind === 'word' && COND_BINARY.has(plain(o.word) ?? '')) op = plain(o.word);
    if (op === null) {
      if (o.kind === 'word' && !this.#word(o, ']]')) throw condError('conditional binary operator expected', o);
      return { type: 'word', word: t.word };
    }
    this.#advance();
    if (op === '=~') return { type: 'binary', op, left: t.word, right: this.lexer.readRegex() };
    const r = this.#peek();
    if (r.kind !== 'word' || this.#word(r, ']]')) {
      throw condError(`unexpected argument${r.kind === 'word' ? " `]]'" : ''} to conditional binary operator`, r);
    }
    this.#advance();
    const n = this.#peek();
    if (n.kind === 'word' && !this.#word(n, ']]')) throw condError('syntax error in conditional expression', n);
    return { type: 'binary', op, left: t.word, right: r.word };
  }

  /** bash: function NAME [()] compound-command. */
  #functionKeyword(): Command {
    const line = this.#advance().line;
    const n = this.#advance();
    if (n.kind !== 'word') throw this.#unexpected(n);
    const name = n.word.text;
    const t = this.#peek();
    if (t.kind === 'op' && t.op === '(') {
      this.#advance();
      this.expectOp(')', ')');
    }
    this.#skipNewlines();
    const body = this.#command();
    if (body.type === 'simple' || body.type === 'function') throw this.#unexpected(this.#peek());
    return { type: 'function', name, body, line };
  }

  #redirects(c: CompoundCommand): CompoundCommand {
    for (;;) {
      const t = this.#peek();
      if (t.kind === 'io' || (t.kind === 'op' && REDIR_OPS.has(t.op))) c.redirs.push(this.#redir());
      else return c;
    }
  }

  #if(): CompoundCommand {
    const line = this.#advance().line;
    const clauses: Array<{ cond: Script; body: Script }> = [];
    let otherwise: Script | null = null;
    for (;;) {
      const cond = this.list(['then'], false, 'then');
      this.#expectWord('then');
      const body = this.list(['elif', 'else', 'fi'], false, 'fi');
      clauses.push({ cond, body });
      const t = this.#advance();
      if (this.#word(t, 'elif')) continue;
      if (this.#word(t, 'else')) {
        otherwise = this.list(['fi'], false, 'fi');
        this.#expectWord('fi');
      } else if (!this.#word(t, 'fi')) throw this.#unexpected(t, 'fi');
      break;
    }
    return { type: 'if', clauses, otherwise, redirs: [], line };
  }

  #while(until: boolean): CompoundCommand {
    const line = this.#advance().line;
    const cond = this.list(['do'], false, 'do');
    this.#expectWord('do');
    const body = this.list(['done'], false, 'done');
    this.#expectWord('done');
    return { type: 'while', until, cond, body, redirs: [], line };
  }

  /** for NAME [in WORDS]; do …; done, or bash's select, which has the same shape. */
  #for(select = false): CompoundCommand {
    const line = this.#advance().line;
    const n0 = this.#peek();
    if (this.bash && !select && n0.kind === 'op' && n0.op === '(' && this.lexer.src[n0.start + 1] === '(')
      return this.#forArith(line);
    const n = this.#advance();
    let name = n.kind === 'word' ? plain(n.word) : null;
    // bash finds out that a word is no name when the loop runs.
    if (this.bash && n.kind === 'word') name ??= n.word.text;
    if (name === null || (!this.bash && !NAME.test(name))) {
      if (this.bash) throw this.#unexpected(n);
      throw new ShellSyntaxError(`Bad for loop variable`, n.line);
    }
    let words: Word[] | null = null;
    this.#skipNewlines();
    if (this.#word(this.#peek(), 'in')) {
      this.#advance();
      words = [];
      for (;;) {
        const t = this.#peek();
        if (t.kind !== 'word') break;
        words.push(t.word);
        this.#advance();
      }
      const t = this.#peek();
      if (t.kind === 'op' && t.op === ';') this.#advance();
      else if (t.kind !== 'newline') throw this.#unexpected(t, 'do');
    } else {
      const t = this.#peek();
      if (t.kind === 'op' && t.op === ';') this.#advance();
    }
    this.#skipNewlines();
    const body = this.#loopBody();
    return { type: select ? 'select' : 'for', name, words, body, redirs: [], line };
  }

  /** do … done, or in bash also { … } (after a for's list). */
  #loopBody(): Script {
    if (this.bash && this.#word(this.#peek(), '{')) {
      this.#advance();
      const body = this.list(['}'], false, '}');
      this.#expectWord('}');
      return body;
    }
    this.#expectWord('do');
    const body = this.list(['done'], false, 'done');
    this.#expectWord('done');
    return body;
  }

  /** bash: for (( init; test; step )) body. */
  #forArith(line: number): CompoundCommand {
    const open = this.#advance();
    this.lexer.pos = open.start + 2;
    const expr = this.lexer.readArith();
    if (!expr) throw this.#unexpected(this.#peek());
    const pieces = splitArith(expr.text);
    if (pieces.length !== 3) throw new ShellSyntaxError('syntax error: arithmetic expression required', line);
    const [init, test, step] = pieces.map((text) => {
      const l = new Lexer(text, subParsers, 0, line, this.lexer.o);
      return l.readWord('here', false);
    }) as [Word, Word, Word];
    const t = this.#peek();
    if (t.kind === 'op' && t.op === ';') this.#advance();
    this.#skipNewlines();
    const body = this.#loopBody();
    return { type: 'for-arith', init, test, step, body, redirs: [], line };
  }

  #case(): CompoundCommand {
    const line = this.#advance().line;
    const w = this.#advance();
    if (w.kind !== 'word') throw this.#unexpected(w);
    this.#skipNewlines();
    this.#expectWord('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.#skipNewlines();
      let t = this.#peek();
      if (this.#word(t, 'esac')) {
        this.#advance();
        break;
      }
      if (t.kind === 'op' && t.op === '(') {
        this.#advance();
        t = this.#peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        const p = this.#advance();
        if (p.kind !== 'word') throw this.#unexpected(p, ')');
        patterns.push(p.word);
        const s = this.#peek();
        if (s.kind === 'op' && s.op === '|') {
          this.#advance();
          continue;
        }
        break;
      }
      this.expectOp(')', ')');
      const body = this.list([';;', ';&', ';;&', 'esac'], true);
      const item: CaseItem = { patterns, body };
      items.push(item);
      const e = this.#peek();
      if (e.kind === 'op' && e.op === ';;') this.#advance();
      else if (e.kind === 'op' && (e.op === ';&' || e.op === ';;&')) {
        this.#advance();
        item.next = e.op;
      } else if (!this.#word(e, 'esac')) throw this.#unexpected(e, 'esac');
    }
    return { type: 'case', word: w.word, items, redirs: [], line };
  }

  #redir(): Redir {
    let fd: number | null = null;
    const first = this.#advance();
    let opTok = first;
    if (first.kind === 'io') {
      fd = first.fd;
      opTok = this.#advance();
    }
    if (opTok.kind !== 'op' || !REDIR_OPS.has(opTok.op)) throw this.#unexpected(opTok);
    const target = this.#advance();
    if (target.kind !== 'word') throw this.#unexpected(target);
    const op = opTok.op as RedirOp;
    const r: Redir = { fd, op, target: target.word };
    if (op === '<<' || op === '<<-') {
      const quoted = target.word.parts.some((p) => p.type !== 'lit');
      r.here = { body: '', quoted };
      this.lexer.addHereDoc(r, unquoteText(target.word.text), op === '<<-');
    }
    return r;
  }

  #simple(): Command {
    const line = this.#peek().line;
    const cmd: SimpleCommand = { type: 'simple', assigns: [], words: [], redirs: [], line };
    for (;;) {
      const t = this.#peek();
      if (t.kind === 'io' || (t.kind === 'op' && REDIR_OPS.has(t.op))) {
        cmd.redirs.push(this.#redir());
        continue;
      }
      if (t.kind !== 'word') break;
      // The first word after assignments is in command position; so is the word after an
      // alias whose value ends in a blank.
      if ((cmd.words.length === 0 && cmd.assigns.length > 0) || (cmd.words.length > 0 && this.#aliasNext)) {
        this.#aliasNext = false;
        if (this.#expandAlias()) continue;
      }
      this.#advance();
      if (cmd.words.length === 0) {
        const a = this.bash ? bashAssignment(t.word, this.lexer.o) : assignment(t.word);
        if (a) {
          cmd.assigns.push(a);
          continue;
        }
      }
      if (
        this.bash &&
        t.word.parts.some((p) => p.type === 'array') &&
        !DECLARATION.has(plain(cmd.words[0] ?? t.word) ?? '')
      ) {
        throw new ShellSyntaxError("syntax error near unexpected token `('", t.line, '(');
      }
      cmd.words.push(t.word);
      // name() compound-command: a function definition.
      if (cmd.words.length === 1 && cmd.assigns.length === 0 && cmd.redirs.length === 0) {
        const n = this.#peek();
        if (n.kind === 'op' && n.op === '(') return this.#function(t.word, line);
      }
    }
    if (cmd.assigns.length === 0 && cmd.words.length === 0 && cmd.redirs.length === 0) {
      throw this.#unexpected(this.#peek());
    }
    return cmd;
  }

  #function(nameWord: Word, line: number): Command {
    const name = plain(nameWord);
    this.#advance();
    this.expectOp(')', ')');
    if (this.bash) {
      this.#skipNewlines();
      const body = this.#command();
      if (body.type === 'simple' || body.type === 'function') throw this.#unexpected(this.#peekBack(body));
      return { type: 'function', name: nameWord.text, body, line };
    }
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new ShellSyntaxError(`Bad function name`, line);
    }
    this.#skipNewlines();
    const body = this.#command();
    if (body.type === 'simple' || body.type === 'function') throw new ShellSyntaxError(`Bad function body`, line);
    return { type: 'function', name, body, line };
  }

  /** The token a bad function body started with, for bash's message. */
  #peekBack(body: Command): Token {
    const w = body.type === 'simple' ? body.words[0] : undefined;
    return w ? { kind: 'word', word: w, line: body.line, start: 0 } : this.#peek();
  }
}

/** bash: NAME=value, NAME+=value, NAME[subscript]=value, NAME=(…) as an assignment, or null. */
export function bashAssignment(w: Word, o: LexOptions): Assign | null {
  const text = w.text;
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text);
  if (!m) return null;
  const name = m[0];
  let i = name.length;
  let indexText: string | undefined;
  if (text[i] === '[') {
    const end = subscriptEnd(text, i + 1);
    if (end < 0) return null;
    indexText = text.slice(i + 1, end);
    i = end + 1;
  }
  const append = text[i] === '+';
  if (append) i++;
  if (text[i] !== '=') return null;
  i++;
  const prefix = text.slice(0, i);
  const first = w.parts[0];
  let value: Word;
  if (first?.type === 'lit' && first.text.startsWith(prefix)) {
    const rest = first.text.slice(prefix.length);
    const parts = rest === '' ? w.parts.slice(1) : [{ type: 'lit' as const, text: rest }, ...w.parts.slice(1)];
    value = { parts, text: text.slice(i) };
  } else {
    const lexer = new Lexer(text.slice(i), subParsers, 0, 1, o);
    value = lexer.readWord('word', false);
  }
  const a: Assign = { name, value };
  if (indexText !== undefined) a.index = new Lexer('', subParsers, 0, 1, o).subscript(indexText);
  if (append) a.append = true;
  return a;
}

/** The three expressions of for (( … ; … ; … )), split at the semicolons outside parentheses. */
function splitArith(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out;
}

/**
 * bash's errors inside [[ … ]]: the message alone (no `syntax error near`), and most leave $?
 * as it was (status -1), as bash 5.2 does.
 */
function condError(message: string, t: Token, status = -1): ShellSyntaxError {
  return new ShellSyntaxError(message, t.line, undefined, status);
}

/** NAME=value as the first words of a simple command: the value is the rest of the word. */
function assignment(w: Word): Assign | null {
  const first = w.parts[0];
  if (first?.type !== 'lit') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return null;
  const rest = first.text.slice(m[0].length);
  const parts = rest === '' ? w.parts.slice(1) : [{ type: 'lit' as const, text: rest }, ...w.parts.slice(1)];
  return { name: m[1]!, value: { parts, text: w.text.slice(m[0].length) } };
}

/** Parses a whole script (for tests, and for `eval` and `.`); throws ShellSyntaxError. */
export function parseScript(src: string, o: LexOptions = DASH): Script {
  return new Parser(src, 0, 1, o).script();
}

export { ShellSyntaxError };
