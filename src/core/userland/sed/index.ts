// sed, as GNU sed runs a script: addresses (N, $, /re/, \cREc, first~step, ranges with
// N, /re/, +N, ~N, 0,/re/, and !), commands s y p P d D n N g G h H x a i c = q Q b t T :
// { } r w z F, and -n -e -f -E/-r -i[SUFFIX] -s -z.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToBytes,
  bytesToBin,
  type Ctx,
  FsError,
  opt,
  options,
  program,
  readAll,
  strerror,
  UsageError,
} from '../lib/index.ts';
import { ScriptParser, SedError, type Addr, type Cmd } from './script.ts';
import { HELP, USAGE, VERSION } from './usage.ts';

/** The replacement of s///: & and \1-\9, \n, and GNU's \U \L \u \l \E case changes. */
function replace(rep: string, m: RegExpExecArray): string {
  let out = '';
  let caseMode: 'U' | 'L' | '' = '';
  let once: 'u' | 'l' | '' = '';
  const add = (t: string): void => {
    for (const ch of t) {
      let x = caseMode === 'U' ? ch.toUpperCase() : caseMode === 'L' ? ch.toLowerCase() : ch;
      if (once) {
        x = once === 'u' ? x.toUpperCase() : x.toLowerCase();
        once = '';
      }
      out += x;
    }
  };
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '&') add(m[0]);
    else if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i]!;
      if (/[0-9]/.test(n)) add(m[Number(n)] ?? '');
      else if (n === 'n') add('\n');
      else if (n === 't') add('\t');
      else if (n === 'U' || n === 'L') caseMode = n;
      else if (n === 'E') caseMode = '';
      else if (n === 'u' || n === 'l') once = n;
      else add(n);
    } else add(c);
  }
  return out;
}

interface Input {
  name: string;
  lines: string[];
  /** Whether the last line ended with a newline. */
  newlineAtEnd: boolean;
}

class Runner {
  readonly #cmds: Cmd[];
  readonly #c: Ctx;
  readonly #quiet: boolean;
  readonly #nl: string;
  #lastRe: RegExp | null = null;
  #writes = new Map<string, string>();
  out = '';
  exitCode: number | null = null;

  constructor(cmds: Cmd[], c: Ctx, quiet: boolean, nl: string) {
    this.#cmds = cmds;
    this.#c = c;
    this.#quiet = quiet;
    this.#nl = nl;
  }

  #re(re: RegExp | null): RegExp {
    const r = re ?? this.#lastRe;
    if (!r) throw new SedError('no previous regular expression');
    this.#lastRe = r;
    return r;
  }

  #matchAddr(a: Addr, ps: string, line: number, last: boolean): boolean {
    switch (a.kind) {
      case 'line':
        return line === a.n;
      case 'last':
        return last;
      case 'zero':
        return false;
      case 'step':
        return a.step <= 0 ? line === a.first : line >= a.first && (line - a.first) % a.step === 0;
      case 're': {
        const r = this.#re(a.re);
        r.lastIndex = 0;
        return r.test(ps);
      }
    }
  }

  #selected(cmd: Cmd, ps: string, line: number, last: boolean): boolean {
    let hit: boolean;
    if (!cmd.a1) hit = true;
    else if (!cmd.a2) hit = this.#matchAddr(cmd.a1, ps, line, last);
    else if (cmd.active) {
      const a2 = cmd.a2;
      if (a2.kind === 'line') cmd.active = line < a2.n;
      else if (a2.kind === 'plus' || a2.kind === 'mult') cmd.active = line < cmd.end!;
      else cmd.active = !this.#matchAddr(a2, ps, line, last);
      hit = true;
    } else {
      const start = cmd.a1.kind === 'zero' ? line === 1 : this.#matchAddr(cmd.a1, ps, line, last);
      hit = start;
      if (start) {
        const a2 = cmd.a2;
        if (a2.kind === 'line') cmd.active = a2.n > line;
        else if (a2.kind === 'plus') {
          cmd.end = line + a2.n;
          cmd.active = a2.n > 0;
        } else if (a2.kind === 'mult') {
          cmd.end = a2.n <= 0 ? line : Math.ceil(line / a2.n) * a2.n;
          cmd.active = cmd.end > line;
        } else if (cmd.a1.kind === 'zero') cmd.active = !this.#matchAddr(a2, ps, line, last);
        else cmd.active = a2.kind !== 'last' || !last;
      }
    }
    return hit !== cmd.negate;
  }

  #write(file: string, text: string): void {
    if (file === '/dev/stdout') {
      this.out += text;
      return;
    }
    this.#writes.set(file, (this.#writes.get(file) ?? '') + text);
  }

  /** Files named by w commands are created even when nothing is written to them. */
  prepareWrites(): void {
    for (const c of this.#cmds) {
      const f = c.name === 'w' ? c.text : c.s?.write;
      if (f !== undefined && f !== '/dev/stdout') this.#writes.set(f, '');
    }
  }

  flushWrites(): void {
    for (const [f, text] of this.#writes) this.#c.fs.writeFile(f, binToBytes(text));
  }

  /** Runs the script over `input` (one stream: all files, or one file with -s/-i). */
  run(input: Input, hold: { value: string }, lineNo: { n: number }): void {
    const { lines } = input;
    const nl = this.#nl;
    let idx = 0;
    let ps = '';
    let append = '';
    const flushAppend = (): void => {
      this.out += append;
      append = '';
    };
    const printPs = (lastLine: boolean): void => {
      this.out += ps + (lastLine && !input.newlineAtEnd ? '' : nl);
    };
    let restart = false;
    while (restart || idx < lines.length) {
      if (!restart) {
        ps = lines[idx++]!;
        lineNo.n++;
      }
      restart = false;
      let replaced = false;
      let pc = 0;
      let deleted = false;
      while (pc < this.#cmds.length) {
        const cmd = this.#cmds[pc]!;
        const last = idx >= lines.length;
        if (!this.#selected(cmd, ps, lineNo.n, last)) {
          pc = cmd.name === '{' ? cmd.jump! : pc + 1;
          continue;
        }
        pc++;
        switch (cmd.name) {
          case '{':
          case ':':
            break;
          case '=':
            this.out += `${lineNo.n}\n`;
            break;
          case 'a':
            append += cmd.text! + '\n';
            break;
          case 'i':
            this.out += cmd.text! + '\n';
            break;
          case 'c':
            if (!cmd.a2 || !cmd.active) this.out += cmd.text! + '\n';
            deleted = true;
            pc = this.#cmds.length;
            break;
          case 'r':
            try {
              append += bytesToBin(this.#c.fs.readFile(cmd.text!));
            } catch {
              // A missing file adds nothing, as sed says.
            }
            break;
          case 'w':
            this.#write(cmd.text!, ps + nl);
            break;
          case 'b':
            pc = cmd.jump! < 0 ? this.#cmds.length : cmd.jump!;
            break;
          case 't':
          case 'T':
            if (replaced === (cmd.name === 't')) pc = cmd.jump! < 0 ? this.#cmds.length : cmd.jump!;
            replaced = false;
            break;
          case 'd':
            deleted = true;
            pc = this.#cmds.length;
            break;
          case 'D': {
            const at = ps.indexOf('\n');
            if (at < 0) {
              deleted = true;
              pc = this.#cmds.length;
            } else {
              ps = ps.slice(at + 1);
              flushAppend();
              restart = true;
              pc = this.#cmds.length;
              deleted = true;
            }
            break;
          }
          case 'g':
            ps = hold.value;
            break;
          case 'G':
            ps += '\n' + hold.value;
            break;
          case 'h':
            hold.value = ps;
            break;
          case 'H':
            hold.value += '\n' + ps;
            break;
          case 'x':
            [ps, hold.value] = [hold.value, ps];
            break;
          case 'z':
            ps = '';
            break;
          case 'F':
            this.out += `${input.name}\n`;
            break;
          case 'p':
            this.out += ps + nl;
            break;
          case 'P': {
            const at = ps.indexOf('\n');
            this.out += (at < 0 ? ps : ps.slice(0, at)) + nl;
            break;
          }
          case 'n':
            if (idx >= lines.length) {
              pc = this.#cmds.length;
              break;
            }
            if (!this.#quiet) printPs(false);
            flushAppend();
            ps = lines[idx++]!;
            lineNo.n++;
            break;
          case 'N':
            if (idx >= lines.length) {
              pc = this.#cmds.length;
              break;
            }
            flushAppend();
            ps += '\n' + lines[idx++]!;
            lineNo.n++;
            break;
          case 'q':
          case 'Q':
            if (cmd.name === 'q' && !this.#quiet) printPs(idx >= lines.length);
            if (cmd.name === 'q') flushAppend();
            this.exitCode = cmd.code ?? 0;
            return;
          case 'y': {
            let t = '';
            for (const ch of ps) t += cmd.y!.get(ch) ?? ch;
            ps = t;
            break;
          }
          case 's': {
            const s = cmd.s!;
            const re = globalOf(this.#re(s.re));
            let count = 0;
            let result = '';
            let at = 0;
            let did = false;
            for (let m = re.exec(ps); m; m = re.exec(ps)) {
              count++;
              if (count >= s.nth && (s.global || count === s.nth)) {
                result += ps.slice(at, m.index) + replace(s.rep, m);
                at = m.index + m[0].length;
                did = true;
              }
              if (m[0] === '') re.lastIndex++;
              if (!s.global && count >= s.nth) break;
            }
            if (did) {
              ps = result + ps.slice(at);
              replaced = true;
              if (s.print) this.out += ps + nl;
              if (s.write !== undefined) this.#write(s.write, ps + nl);
            }
            break;
          }
        }
      }
      if (!deleted && !this.#quiet) printPs(idx >= lines.length);
      if (!restart) flushAppend();
    }
  }
}

const globals = new WeakMap<RegExp, RegExp>();

/** The same regex with the g flag, made once. */
function globalOf(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) {
    g = new RegExp(re.source, `${re.flags}g`);
    globals.set(re, g);
  }
  g.lastIndex = 0;
  return g;
}

function splitInput(name: string, data: string, nl: string): Input {
  const lines = data.split(nl);
  const newlineAtEnd = data.endsWith(nl) || data === '';
  if (lines[lines.length - 1] === '') lines.pop();
  return { name, lines, newlineAtEnd };
}

const SED = options({
  quiet: opt.flag('n', 'quiet', 'silent'),
  // -e and -f, in the order given: their texts make one script.
  scripts: opt.taggedArgs({ e: 'expression', expression: 'expression', f: 'file', file: 'file' } as const),
  // -i takes an optional suffix, glued to it (-i.bak, --in-place=.bak).
  inPlace: opt.optionalArg('i', 'in-place'),
  extended: opt.flag('r', 'E', 'regexp-extended'),
  separate: opt.flag('s', 'separate'),
  unbuffered: opt.flag('u', 'unbuffered'),
  nullData: opt.flag('z', 'null-data'),
  posix: opt.flag('posix'),
  debug: opt.flag('debug'),
  sandbox: opt.flag('sandbox'),
  lineLength: opt.arg('l', 'line-length'),
  help: opt.flag('help'),
  version: opt.flag('version'),
});

const sed = program((c) => {
  let parsed;
  try {
    parsed = SED.parse(c.args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    c.err.text(`sed: ${e.message}\n${USAGE}`);
    return 1;
  }
  const { opts: o, operands: given } = parsed;
  if (o.help || o.version) {
    c.out.text(o.help ? HELP : VERSION);
    return 0;
  }
  const inPlace = o.inPlace;
  const pieces: string[] = [];
  for (const [kind, v] of o.scripts) {
    if (kind === 'expression') pieces.push(argToBin(v));
    else {
      try {
        pieces.push(bytesToBin(v === '-' ? readAll(c.stdin) : c.fs.readFile(v)).replace(/\n$/, ''));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        c.warn(`couldn't open file ${v}: ${strerror(e.errno)}`);
        return 1;
      }
    }
  }
  const operands = [...given];
  if (pieces.length === 0) {
    const script = operands.shift();
    if (script === undefined) {
      c.err.text(USAGE);
      return 1;
    }
    pieces.push(argToBin(script));
  }
  let cmds: Cmd[];
  try {
    cmds = new ScriptParser(pieces.join('\n'), o.extended).parse();
  } catch (e) {
    if (!(e instanceof SedError)) throw e;
    c.warn(`-e expression #1, char ${e.char}: ${e.message}`);
    return 1;
  }
  const nl = o.nullData ? '\0' : '\n';
  const runner = new Runner(cmds, c, o.quiet, nl);
  runner.prepareWrites();
  const hold = { value: '' };
  const lineNo = { n: 0 };
  let status = 0;
  const files = operands.length === 0 ? ['-'] : operands;
  const read = (f: string): string | null => {
    try {
      return bytesToBin(f === '-' ? readAll(c.stdin) : c.fs.readFile(f));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`can't read ${f}: ${strerror(e.errno)}`);
      status = 2;
      return null;
    }
  };
  try {
    if (inPlace !== undefined) {
      if (operands.length === 0) {
        c.warn('no input files');
        return 1;
      }
      for (const f of operands) {
        const data = read(f);
        if (data === null) continue;
        runner.out = '';
        lineNo.n = 0;
        runner.run(splitInput(f, data, nl), hold, lineNo);
        if (inPlace !== '') {
          const base = f.slice(f.lastIndexOf('/') + 1);
          const backup = inPlace.includes('*')
            ? f.slice(0, f.lastIndexOf('/') + 1) + inPlace.replace(/\*/g, base)
            : f + inPlace;
          c.fs.writeFile(backup, binToBytes(data));
        }
        const node = c.fs.lookup(f);
        const mode = node?.mode ?? 0o644;
        c.fs.writeFile(f, binToBytes(runner.out)).mode = mode;
        if (runner.exitCode !== null) break;
      }
    } else if (o.separate) {
      for (const f of files) {
        const data = read(f);
        if (data === null) continue;
        runner.run(splitInput(f, data, nl), hold, lineNo);
        if (runner.exitCode !== null) break;
      }
      c.out.bin(runner.out);
    } else {
      const parts = files.map(read).filter((d): d is string => d !== null);
      // One stream: files run together, a file without a final newline joins the next.
      let data = '';
      for (const d of parts) data += data !== '' && !data.endsWith(nl) ? nl + d : d;
      runner.run(splitInput(files.length === 1 ? files[0]! : '-', data, nl), hold, lineNo);
      c.out.bin(runner.out);
    }
    runner.flushWrites();
  } catch (e) {
    if (!(e instanceof SedError)) throw e;
    c.out.bin(runner.out);
    c.warn(e.message);
    return 4;
  }
  return runner.exitCode ?? status;
});

export const sedPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['sed', sed]];
