// sed's script language: addresses, commands and their arguments, parsed into a flat list
// where { jumps past its } and b, t, T jump to their label, as GNU sed compiles it.
import { compile, RegexError, UserlandError } from '../lib/index.ts';

export class SedError extends UserlandError {
  /** Where in the script it was found (GNU's "char N"). */
  char = 0;
}

export type Addr =
  | { kind: 'line'; n: number }
  | { kind: 'last' }
  | { kind: 're'; re: RegExp | null }
  | { kind: 'step'; first: number; step: number }
  | { kind: 'zero' };

export type Addr2 = Addr | { kind: 'plus'; n: number } | { kind: 'mult'; n: number };

export interface Cmd {
  a1?: Addr;
  a2?: Addr2;
  negate: boolean;
  name: string;
  /** Text of a, i, c; file of r, w; label of b, t, T, :. */
  text?: string;
  /** { : index of the matching }; b t T: index to jump to (-1: end of script). */
  jump?: number;
  /** q, Q: exit status. */
  code?: number;
  s?: {
    re: RegExp | null;
    rep: string;
    global: boolean;
    nth: number;
    print: boolean;
    ignoreCase: boolean;
    write?: string;
  };
  y?: Map<string, string>;
  /** Range state. */
  active?: boolean;
  end?: number;
}

export class ScriptParser {
  readonly #s: string;
  #i = 0;
  readonly #extended: boolean;
  readonly cmds: Cmd[] = [];

  constructor(script: string, extended: boolean) {
    this.#s = script;
    this.#extended = extended;
  }

  parse(): Cmd[] {
    try {
      return this.#parse();
    } catch (e) {
      if (e instanceof SedError && e.char === 0) e.char = this.#i;
      throw e;
    }
  }

  #parse(): Cmd[] {
    const blocks: number[] = [];
    for (;;) {
      this.#skip(' \t\n;');
      if (this.#i >= this.#s.length) break;
      if (this.#s[this.#i] === '#') {
        this.#line();
        continue;
      }
      if (this.#s[this.#i] === '}') {
        const open = blocks.pop();
        if (open === undefined) throw new SedError(`unexpected \`}'`);
        this.#i++;
        this.cmds[open]!.jump = this.cmds.length;
        continue;
      }
      const cmd = this.#command();
      if (cmd.name === '{') blocks.push(this.cmds.length);
      this.cmds.push(cmd);
    }
    if (blocks.length > 0) throw new SedError(`unmatched \`{'`);
    const labels = new Map<string, number>();
    this.cmds.forEach((c, i) => {
      if (c.name === ':') labels.set(c.text!, i);
    });
    for (const c of this.cmds) {
      if (c.name === 'b' || c.name === 't' || c.name === 'T') {
        if (c.text === '') c.jump = -1;
        else {
          const at = labels.get(c.text!);
          if (at === undefined) throw new SedError(`can't find label for jump to \`${c.text}'`);
          c.jump = at;
        }
      }
    }
    return this.cmds;
  }

  #skip(chars: string): void {
    while (this.#i < this.#s.length && chars.includes(this.#s[this.#i]!)) this.#i++;
  }

  #line(): string {
    const end = this.#s.indexOf('\n', this.#i);
    const text = this.#s.slice(this.#i, end < 0 ? undefined : end);
    this.#i = end < 0 ? this.#s.length : end + 1;
    return text;
  }

  #number(): number {
    const m = /^\d+/.exec(this.#s.slice(this.#i))!;
    this.#i += m[0].length;
    return Number(m[0]);
  }

  /** Text up to an unescaped `delim`; `\delim` becomes delim, other escapes stay. */
  #delimited(delim: string, regex: boolean): string {
    let out = '';
    for (;;) {
      const c = this.#s[this.#i];
      if (c === undefined) throw new SedError(`unterminated ${regex ? 'address regex' : "`s' command"}`);
      this.#i++;
      if (c === delim) return out;
      if (c === '\\') {
        const n = this.#s[this.#i++];
        if (n === undefined) throw new SedError(`unterminated \`s' command`);
        if (n === delim) out += delim;
        else if (n === '\n') out += regex ? '\\n' : '\n';
        else out += `\\${n}`;
      } else if (c === '\n' && regex) {
        throw new SedError(`unterminated address regex`);
      } else if (c === '[' && regex) {
        // A bracket expression may hold the delimiter unescaped.
        const m = /^\^?\]?[^\]]*\]/.exec(this.#s.slice(this.#i));
        out += c;
        if (m) {
          out += m[0];
          this.#i += m[0].length;
        }
      } else out += c;
    }
  }

  #regex(src: string, ignoreCase: boolean): RegExp | null {
    if (src === '') return null;
    try {
      return compile(src, { extended: this.#extended, ignoreCase });
    } catch (e) {
      if (e instanceof RegexError) throw new SedError(e.message);
      throw e;
    }
  }

  #address(): Addr | undefined {
    const c = this.#s[this.#i];
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      const n = this.#number();
      if (this.#s[this.#i] === '~') {
        this.#i++;
        return { kind: 'step', first: n, step: /[0-9]/.test(this.#s[this.#i] ?? '') ? this.#number() : 0 };
      }
      return n === 0 ? { kind: 'zero' } : { kind: 'line', n };
    }
    if (c === '$') {
      this.#i++;
      return { kind: 'last' };
    }
    if (c === '/' || c === '\\') {
      this.#i++;
      const delim = c === '/' ? '/' : this.#s[this.#i++]!;
      const src = this.#delimited(delim, true);
      let ignoreCase = false;
      while (this.#s[this.#i] === 'I' || this.#s[this.#i] === 'M') {
        if (this.#s[this.#i] === 'I') ignoreCase = true;
        this.#i++;
      }
      return { kind: 're', re: this.#regex(src, ignoreCase) };
    }
    return undefined;
  }

  #command(): Cmd {
    const cmd: Cmd = { negate: false, name: '' };
    const a1 = this.#address();
    if (a1) {
      cmd.a1 = a1;
      this.#skip(' \t');
      if (this.#s[this.#i] === ',') {
        this.#i++;
        this.#skip(' \t');
        const c = this.#s[this.#i];
        if (c === '+' || c === '~') {
          this.#i++;
          cmd.a2 = { kind: c === '+' ? 'plus' : 'mult', n: this.#number() };
        } else {
          const a2 = this.#address();
          if (!a2) throw new SedError("unexpected `,'");
          cmd.a2 = a2;
        }
      } else if (a1.kind === 'zero') throw new SedError('invalid usage of line address 0');
    }
    this.#skip(' \t');
    while (this.#s[this.#i] === '!') {
      cmd.negate = true;
      this.#i++;
      this.#skip(' \t');
    }
    const name = this.#s[this.#i++];
    if (name === undefined) throw new SedError('missing command');
    cmd.name = name;
    switch (name) {
      case '{':
        return cmd;
      case 'a':
      case 'i':
      case 'c':
        cmd.text = this.#text();
        return cmd;
      case ':': {
        if (cmd.a1) throw new SedError(": doesn't want any addresses");
        this.#skip(' \t');
        cmd.text = this.#label();
        if (cmd.text === '') throw new SedError('":" lacks a label');
        return cmd;
      }
      case 'b':
      case 't':
      case 'T':
        this.#skip(' \t');
        cmd.text = this.#label();
        break;
      case 'r':
      case 'w':
        this.#skip(' \t');
        cmd.text = this.#line();
        return cmd;
      case 'q':
      case 'Q':
        this.#skip(' \t');
        cmd.code = /[0-9]/.test(this.#s[this.#i] ?? '') ? this.#number() : 0;
        break;
      case 's':
        this.#substitute(cmd);
        break;
      case 'y': {
        const delim = this.#s[this.#i++]!;
        const from = unescapeY(this.#delimited(delim, false));
        const to = unescapeY(this.#delimited(delim, false));
        if (from.length !== to.length) throw new SedError("strings for `y' command are different lengths");
        cmd.y = new Map([...from].map((ch, k) => [ch, to[k]!]));
        break;
      }
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        break;
      default:
        throw new SedError(`unknown command: \`${name}'`);
    }
    this.#skip(' \t');
    const next = this.#s[this.#i];
    if (next !== undefined && !';\n}#'.includes(next)) throw new SedError(`extra characters after command`);
    return cmd;
  }

  #label(): string {
    const m = /^[^;\n\s}]*/.exec(this.#s.slice(this.#i))!;
    this.#i += m[0].length;
    return m[0];
  }

  /** a/i/c text: GNU's one-line form ("a text") or POSIX's ("a\" newline lines ending in "\"). */
  #text(): string {
    this.#skip(' \t');
    if (this.#s[this.#i] === '\\') {
      this.#i++;
      if (this.#s[this.#i] === '\n') this.#i++;
      else this.#skip(' \t');
    }
    let out = '';
    for (;;) {
      const c = this.#s[this.#i];
      if (c === undefined) break;
      this.#i++;
      if (c === '\\') {
        const n = this.#s[this.#i++];
        if (n === undefined) break;
        out += n === 't' ? '\t' : n;
        continue;
      }
      if (c === '\n') break;
      out += c;
    }
    return out;
  }

  #substitute(cmd: Cmd): void {
    const delim = this.#s[this.#i++];
    if (delim === undefined || delim === '\n' || delim === '\\') throw new SedError(`unterminated \`s' command`);
    const src = this.#delimited(delim, true);
    const rep = this.#delimited(delim, false);
    const s = { re: null as RegExp | null, rep, global: false, nth: 1, print: false, ignoreCase: false } as NonNullable<
      Cmd['s']
    >;
    for (;;) {
      const f = this.#s[this.#i];
      if (f === 'g') s.global = true;
      else if (f === 'p') s.print = true;
      else if (f === 'i' || f === 'I') s.ignoreCase = true;
      else if (f === 'm' || f === 'M' || f === 'e') {
        // multi-line mode and e: accepted, without effect here
      } else if (f !== undefined && /[0-9]/.test(f)) {
        s.nth = this.#number();
        if (s.nth === 0) throw new SedError("number option to `s' command may not be zero");
        continue;
      } else if (f === 'w') {
        this.#i++;
        this.#skip(' \t');
        s.write = this.#line();
        this.#i--;
      } else break;
      this.#i++;
    }
    s.re = this.#regex(src, s.ignoreCase);
    cmd.s = s;
  }
}

function unescapeY(s: string): string {
  return s.replace(/\\([\s\S])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}
