// The shell grammar (XCU 2.10) by recursive descent, one complete command line at a time as
// sh reads a script: a line runs before the next is parsed, so a syntax error further down
// does not stop what came before it (and `exit` stops before it).
import type {
  AndOr,
  Assign,
  CaseItem,
  Command,
  CompoundCommand,
  Pipeline,
  Redir,
  RedirOp,
  Script,
  SimpleCommand,
  Word,
} from './ast.ts';
import { Lexer, ShellSyntaxError, unquoteText, type SubParsers, type Token } from './lexer.ts';

const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '<<', '<<-']);
/** Reserved words that cannot start a command. */
const NOT_A_COMMAND = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const subParsers: SubParsers = {
  untilParen(src, pos, line) {
    const p = new Parser(src, pos, line);
    const script = p.list([')'], true);
    p.expectOp(')', ')');
    return { script, end: p.lexer.pos, line: p.lexer.line };
  },
  whole(src, line) {
    const p = new Parser(src, 0, line);
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
  #peeked: Token | null = null;

  constructor(src: string, pos = 0, line = 1) {
    this.lexer = new Lexer(src, subParsers, pos, line);
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
    if (this.#word(this.#peek(), '!')) {
      this.#advance();
      negate = true;
    }
    const commands: Command[] = [this.#command()];
    for (;;) {
      const t = this.#peek();
      if (t.kind !== 'op' || t.op !== '|') break;
      this.#advance();
      this.#skipNewlines();
      commands.push(this.#command());
    }
    return { negate, commands, line };
  }

  #command(): Command {
    const t = this.#peek();
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
    }
    return this.#simple();
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

  #for(): CompoundCommand {
    const line = this.#advance().line;
    const n = this.#advance();
    const name = n.kind === 'word' ? plain(n.word) : null;
    if (name === null || !NAME.test(name)) throw new ShellSyntaxError(`Bad for loop variable`, n.line);
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
    this.#expectWord('do');
    const body = this.list(['done'], false, 'done');
    this.#expectWord('done');
    return { type: 'for', name, words, body, redirs: [], line };
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
      const body = this.list([';;', 'esac'], true);
      items.push({ patterns, body });
      const e = this.#peek();
      if (e.kind === 'op' && e.op === ';;') this.#advance();
      else if (!this.#word(e, 'esac')) throw this.#unexpected(e, 'esac');
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
      this.#advance();
      if (cmd.words.length === 0) {
        const a = assignment(t.word);
        if (a) {
          cmd.assigns.push(a);
          continue;
        }
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
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      throw new ShellSyntaxError(`Bad function name`, line);
    }
    this.#skipNewlines();
    const body = this.#command();
    if (body.type === 'simple' || body.type === 'function') throw new ShellSyntaxError(`Bad function body`, line);
    return { type: 'function', name, body, line };
  }
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
export function parseScript(src: string): Script {
  return new Parser(src).script();
}

export { ShellSyntaxError };
