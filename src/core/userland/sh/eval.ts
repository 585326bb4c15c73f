// Shell execution (XCU 2.9): lists, and-or lists, pipelines (one stage at a time, each stage's
// output buffered for the next: a RUN step needs no concurrency), compound commands,
// functions, and simple commands: special built-ins, functions, built-ins, then programs found
// on PATH in the volume and run through the process model. The dialect (dialect.ts) adds bash's
// compound commands, built-ins and messages.
import type { AndOr, Command, CompoundCommand, FunctionDef, Pipeline, Redir, Script, SimpleCommand } from './ast.ts';
import type { BuiltinProgram, Processes, ProcessSpec } from '../../runtime/process.ts';
import { bytesStdin } from '../../runtime/stdio.ts';
import { hasWasmMagic, mergeEnv } from '../../runtime/process.ts';
import { quote, REGULAR_BUILTINS, SPECIAL_BUILTINS } from './builtins.ts';
import type { Dialect, Extension } from './dialect.ts';
import { Expander, type ExpandHost } from './expand.ts';
import { Collector, expandPathname, fromUtf8, Fs, matchExtglob, matchPattern, readAll, utf8 } from '../lib/index.ts';
import { ShellSyntaxError, type LexOptions } from './lexer.ts';
import { Parser } from './parser.ts';
import { Io, redirect, RedirError, type RedirContext } from './redirect.ts';
import { ExitSignal, LoopSignal, NAME, ReturnSignal, ShellError, ShellState } from './state.ts';
import { findProgram, type Lookup } from '../../runtime/program-lookup.ts';

export interface ShellHooks {
  /** Runs a script file that is neither a Wasm module nor has a "#!" line, as sh does. */
  sh: BuiltinProgram;
  /** Commands sh runs itself rather than from PATH, as dash does (echo, printf, test, …). */
  inProcess: ReadonlyMap<string, BuiltinProgram>;
  dialect: Dialect;
}

/** How a script is being read, for bash's syntax error messages (`bash: -c: line 1: …`). */
export interface SourceOptions {
  /** What syntax errors start with: `bash: -c`, `t.sh`, `bash: eval`. */
  where?: string;
  /** Whether a syntax error ends the shell (a script, -c) or only fails the command (bash's eval). */
  fatal?: boolean;
  /** bash: the script itself, where an error that discards a command line goes on with the next. */
  top?: boolean;
}

const MAX_FUNCTION_DEPTH = 1000;

/** The `< file` of a command substitution that is only that (bash's $(< file)). */
function fileOnly(body: Script): Redir | null {
  const ao = body.length === 1 ? body[0]! : null;
  const p = ao && ao.rest.length === 0 && !ao.background ? ao.first : null;
  const c = p && !p.negate && !p.time && p.commands.length === 1 ? p.commands[0]! : null;
  if (c?.type !== 'simple' || c.words.length > 0 || c.assigns.length > 0 || c.redirs.length !== 1) return null;
  const r = c.redirs[0]!;
  return r.op === '<' && r.fd === null ? r : null;
}

/** bash's built-ins that run other commands, which report their own write errors. */
const RUNS_COMMANDS = new Set(['eval', 'source', '.', 'command', 'builtin', 'exec', 'time']);

export class Shell {
  readonly state: ShellState;
  readonly processes: Processes;
  readonly hooks: ShellHooks;
  /** What the dialect adds to a running shell (bash's arrays, dynamic variables, …), or null. */
  readonly ext: Extension | null;
  /** Exit status of the last command substitution (the status of a command with no words). */
  #subStatus = 0;
  /** bash: how deep in command substitutions, for set -x's "++". */
  traceLevel = 1;

  constructor(state: ShellState, processes: Processes, hooks: ShellHooks) {
    this.state = state;
    this.processes = processes;
    this.hooks = hooks;
    this.ext = hooks.dialect.extend(this);
  }

  get dialect(): Dialect {
    return this.hooks.dialect;
  }

  fs(): Fs {
    return new Fs(this.processes.volume, this.state.cwd, this.state.umask);
  }

  /** What bash's messages start with: the script, the file a function came from, or $0. */
  where(): string {
    return this.state.file || this.state.arg0;
  }

  /** A diagnostic as sh prints it: `sh: LINE: MESSAGE`, or bash's `bash: line LINE: MESSAGE`. */
  diag(io: Io, message: string): void {
    const s = this.state;
    const text = s.bash ? `${this.where()}: line ${s.line}: ${message}\n` : `${s.arg0}: ${s.line}: ${message}\n`;
    io.stderr(utf8(text));
  }

  /** Runs a whole script as a shell does (then its EXIT trap); returns the exit status. */
  async main(src: string, io: Io, line = 1, o: SourceOptions = {}): Promise<number> {
    let code: number;
    try {
      code = await this.source(src, io, line, o);
    } catch (e) {
      code = this.#ended(e, io);
    }
    return this.#exitTrap(code, io);
  }

  /**
   * bash: a startup file (BASH_ENV's) read before the script: null to go on, or the status the
   * shell ended with there (exit).
   */
  async startup(src: string, where: string, io: Io): Promise<number | null> {
    try {
      this.state.status = await this.source(src, io, 1, { where, fatal: false, top: true });
      return null;
    } catch (e) {
      return this.#exitTrap(this.#ended(e, io), io);
    }
  }

  lexOptions(): LexOptions {
    const s = this.state;
    return {
      bash: s.bash,
      extglob: () => s.shopt.has('extglob'),
      alias: (name) => (s.bash && s.shopt.has('expand_aliases') ? s.aliases.get(name) : undefined),
    };
  }

  /** Parses and runs `src` one command line at a time (also for eval and "."). */
  async source(src: string, io: Io, line = 1, o: SourceOptions = {}): Promise<number> {
    const parser = new Parser(src, 0, line, this.lexOptions());
    let status = 0;
    for (;;) {
      let script: Script | null;
      try {
        script = parser.nextLine();
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        this.#warnings(parser, io);
        this.state.line = e.line;
        if (!this.state.bash) {
          this.diag(io, `Syntax error: ${e.message}`);
          throw new ExitSignal(2);
        }
        if (e.discardsLine) {
          this.#bashSyntaxError(e, src, line, io, { ...o, fatal: false });
          status = this.state.status = e.status;
          parser.skipLine();
          continue;
        }
        return this.#bashSyntaxError(e, src, line, io, o);
      }
      this.#warnings(parser, io);
      if (!script) break;
      if (this.state.options.noexec) continue;
      if (!o.top) {
        status = await this.list(script, io);
        continue;
      }
      // Between command lines bash forgets the jobs that ended (wait -n no longer sees them;
      // wait PID still finds their status).
      for (const j of this.state.jobs) j.taken = true;
      try {
        status = await this.list(script, io);
      } catch (e) {
        if (!(e instanceof ShellError) || !e.discard) throw e;
        this.#report(e, io);
        status = this.state.status = e.status;
        if (e.abandons && this.state.commandString) throw new ExitSignal(status);
      }
    }
    return status;
  }

  /** bash: the parser's warnings (a here-document the end of the script closed). */
  #warnings(parser: Parser, io: Io): void {
    for (const w of parser.lexer.warnings.splice(0)) {
      io.stderr(utf8(`${this.where()}: line ${w.line}: warning: ${w.message}\n`));
    }
  }

  /** A ShellError's message, from where it happened (bash: inside a function, its file). */
  #report(e: ShellError, io: Io): void {
    if (e.where === undefined || !this.state.bash) this.diag(io, e.message);
    else io.stderr(utf8(`${e.where}: line ${e.whereLine ?? this.state.line}: ${e.message}\n`));
  }

  /** bash: `WHERE: line N: MESSAGE`, then the line it was in, then the end of the script (or of eval). */
  #bashSyntaxError(e: ShellSyntaxError, src: string, first: number, io: Io, o: SourceOptions): number {
    const where = o.where ?? this.where();
    let text = e.before ? `${where}: line ${e.before.line}: ${e.before.message}\n` : '';
    if (e.message !== '') text += `${where}: line ${e.line}: ${e.message}\n`;
    if (e.near !== undefined) {
      const lines = src.split('\n');
      text += `${where}: line ${e.line}: \`${lines[e.line - first] ?? ''}'\n`;
    }
    io.stderr(utf8(text));
    let status = e.status === -1 ? this.state.status : e.status;
    if (e.inCommandSubst && e.near !== undefined && this.state.commandString && status === 2) status = 127;
    if (o.fatal === false) return status;
    throw new ExitSignal(status);
  }

  /** How a shell ends on what unwound it: exit, a fatal error, or a stray return/break. */
  #ended(e: unknown, io: Io): number {
    if (e instanceof ExitSignal) return e.status;
    if (e instanceof ReturnSignal) return e.status;
    if (e instanceof LoopSignal) return this.state.status;
    if (e instanceof ShellError) {
      this.#report(e, io);
      // bash ends on an unset or ${x:?} parameter with 127 at the top of `bash -c`, and with 1
      // in a script, from standard input and in a subshell.
      const s = this.state;
      if (e.status === 127 && s.bash && !(s.commandString && !s.subshell)) return 1;
      return e.status;
    }
    throw e;
  }

  async #exitTrap(code: number, io: Io): Promise<number> {
    const trap = this.state.traps.get('EXIT');
    if (!trap) return code;
    this.state.traps.delete('EXIT');
    this.state.status = code;
    // bash reads the trap as its own script (`bash: exit trap: line 1: …`); an error in it
    // leaves the exit status as it was.
    const o: SourceOptions = this.state.bash ? { where: `${this.state.arg0}: exit trap`, fatal: false } : {};
    this.state.inTrap++;
    try {
      await this.source(this.state.bash ? `${trap}\n` : trap, io, this.state.bash ? 1 : this.state.line, o);
    } catch (e) {
      return this.#ended(e, io);
    }
    return code;
  }

  /** Runs `fn` in a subshell (a copy of this shell's state); returns its exit status. */
  async subshell(io: Io, fn: (sh: Shell) => Promise<number>): Promise<number> {
    const sub = new Shell(this.state.fork(), this.processes, this.hooks);
    sub.traceLevel = this.traceLevel;
    let code: number;
    try {
      code = await fn(sub);
    } catch (e) {
      code = sub.#ended(e, io);
    }
    return sub.#exitTrap(code, io);
  }

  async list(script: Script, io: Io): Promise<number> {
    let status = 0;
    for (const ao of script) {
      status = await this.#andOr(ao, io);
      this.state.status = status;
    }
    return status;
  }

  /** A condition (if, while, until): set -e does not apply inside it. */
  async condition(script: Script, io: Io): Promise<number> {
    this.state.errexitOff++;
    try {
      return await this.list(script, io);
    } finally {
      this.state.errexitOff--;
    }
  }

  async #andOr(ao: AndOr, io: Io): Promise<number> {
    if (ao.background) return this.#background(ao, io);
    let status = await this.#pipeline(ao.first, io, ao.rest.length === 0);
    for (let i = 0; i < ao.rest.length; i++) {
      const { op, pipeline } = ao.rest[i]!;
      if ((op === '&&') !== (status === 0)) continue;
      status = await this.#pipeline(pipeline, io, i === ao.rest.length - 1);
    }
    return status;
  }

  /**
   * `list &`: a job in a subshell, run to completion before the next command (a RUN step has
   * no job control). Its status is 0 to the shell; $! names it, and `wait` finds its status.
   */
  async #background(ao: AndOr, io: Io): Promise<number> {
    const s = this.state;
    const status = await this.subshell(io, (sh) => sh.#andOr({ ...ao, background: false }, io));
    const pid = s.nextPid++;
    s.jobs.push({ pid, status });
    s.lastJob = pid;
    return 0;
  }

  async #pipeline(p: Pipeline, io: Io, last: boolean): Promise<number> {
    if (!p.time || !this.ext) return this.#untimed(p, io, last);
    const start = performance.now();
    try {
      return await this.#untimed(p, io, last);
    } finally {
      this.ext.time(p.time === 'posix', performance.now() - start, io);
    }
  }

  async #untimed(p: Pipeline, io: Io, last: boolean): Promise<number> {
    const off = p.negate || !last;
    if (off) this.state.errexitOff++;
    let status: number;
    try {
      if (p.commands.length === 1) {
        status = await this.command(p.commands[0]!, io);
        this.ext?.pipestatus([status]);
      } else status = await this.#stages(p, io);
    } finally {
      if (off) this.state.errexitOff--;
    }
    if (p.negate) status = status === 0 ? 1 : 0;
    this.state.status = status;
    return status;
  }

  /** A pipeline of several commands: each in a subshell, its output the next one's input. */
  async #stages(p: Pipeline, io: Io): Promise<number> {
    const commands = p.commands;
    const statuses: number[] = [];
    let input: Uint8Array | null = null;
    for (let i = 0; i < commands.length; i++) {
      const stageIo = io.copy();
      if (input) stageIo.fds[0] = { in: bytesStdin(input) };
      const last = i === commands.length - 1;
      const collect = last ? null : new Collector();
      if (collect) {
        stageIo.fds[1] = { out: collect.sink };
        if (p.bothOut?.[i]) stageIo.fds[2] = { out: collect.sink };
      }
      // bash's lastpipe (no job control here): the last command runs in this shell.
      const here = last && this.state.bash && this.state.shopt.has('lastpipe');
      const cmd = commands[i]!;
      statuses.push(
        here
          ? await this.command(cmd, stageIo)
          : await this.subshell(stageIo, (sh) => {
              sh.state.subshellLevel += this.#pipeLevel(cmd);
              return sh.command(cmd, stageIo);
            }),
      );
      input = collect ? collect.bytes() : null;
    }
    this.ext?.pipestatus(statuses);
    const status = this.state.options.pipefail
      ? ([...statuses].reverse().find((s) => s !== 0) ?? 0)
      : statuses[statuses.length - 1]!;
    const failing = this.failed(status, io);
    if (failing) await failing;
    return status;
  }

  /**
   * bash: what a pipeline's stage adds to $BASH_SUBSHELL beyond its fork's one: a command that
   * is not a function runs in the forked child itself (-1), as does ( … ), whose own fork counts.
   */
  #pipeLevel(cmd: Command): number {
    if (cmd.type === 'subshell') return -1;
    if (cmd.type !== 'simple') return 0;
    const first = cmd.words[0];
    const name = first?.parts.length === 1 && first.parts[0]!.type === 'lit' ? first.parts[0]!.text : null;
    return name !== null && this.state.functions.has(name) ? 0 : -1;
  }

  /**
   * After a command: bash's ERR trap, then set -e (a failing command ends the shell unless it
   * is tested). A promise only when there is a trap to run.
   */
  failed(status: number, io: Io): Promise<void> | undefined {
    if (status === 0 || this.state.errexitOff > 0) return undefined;
    if (this.ext && this.state.traps.has('ERR') && !this.state.inErrTrap) return this.#errTrap(status, io);
    if (this.state.options.errexit) throw new ExitSignal(status);
    return undefined;
  }

  async #errTrap(status: number, io: Io): Promise<void> {
    this.state.inErrTrap = true;
    this.state.inTrap++;
    this.state.status = status;
    try {
      await this.source(this.state.traps.get('ERR')!, io, this.state.line);
    } finally {
      this.state.inErrTrap = false;
      this.state.inTrap--;
    }
    this.state.status = status;
    if (this.state.options.errexit) throw new ExitSignal(status);
  }

  async command(cmd: Command, io: Io): Promise<number> {
    if (!this.ext) return this.#command(cmd, io);
    const depth = this.ext.commandStart();
    try {
      return await this.#command(cmd, io);
    } finally {
      await this.ext.commandEnd(depth);
    }
  }

  async #command(cmd: Command, io: Io): Promise<number> {
    switch (cmd.type) {
      case 'simple':
        return this.#simple(cmd, io);
      case 'function':
        if (this.state.functionAttrs.get(cmd.name)?.includes('r')) {
          this.diag(io, `${cmd.name}: readonly function`);
          return 1;
        }
        this.state.functions.set(cmd.name, this.state.bash ? { ...cmd, source: this.state.file } : cmd);
        return 0;
      default:
        return this.#compound(cmd, io);
    }
  }

  expander(io: Io): Expander {
    const state = this.state;
    const host: ExpandHost = {
      param: (name) => this.param(name),
      assign: (name, value) => this.assign(name, value),
      positional: () => state.positional,
      get nounset() {
        return state.options.nounset;
      },
      get noglob() {
        return state.options.noglob;
      },
      commandSubst: async (body) => {
        const file = this.state.bash ? fileOnly(body) : null;
        if (file) return this.#readSubst(file, io);
        const out = new Collector();
        const subIo = io.copy();
        subIo.fds[1] = { out: out.sink };
        this.#subStatus = await this.subshell(subIo, (sh) => {
          sh.traceLevel++;
          // bash (not in POSIX mode) runs a command substitution without set -e, unless
          // shopt inherit_errexit says otherwise.
          if (sh.state.bash && !sh.state.shopt.has('inherit_errexit')) sh.state.options.errexit = false;
          return sh.list(body, subIo);
        });
        let text = fromUtf8(out.bytes());
        if (this.state.bash && text.includes('\0')) {
          // bash's strings are C strings: it drops the NULs and says so, once per substitution.
          this.diag(io, 'warning: command substitution: ignored null byte in input');
          text = text.replaceAll('\0', '');
        }
        return text.replace(/\n+$/, '');
      },
      glob: (pattern) => expandPathname(this.fs(), pattern, this.ext?.globOptions()),
      arith: (expr) => this.dialect.arith(this, expr, null),
      bash: this.ext ? this.ext.host(io) : null,
    };
    return new Expander(host);
  }

  /** bash's $(< file): the file's contents, without running a command. */
  async #readSubst(redir: Redir, io: Io): Promise<string> {
    const rio = await this.redirect({ redirs: [redir] }, io);
    this.#subStatus = rio ? 0 : 1;
    return rio ? fromUtf8(readAll(rio.stdin)).replace(/\n+$/, '') : '';
  }

  #redirContext(io: Io): RedirContext {
    const ex = this.expander(io);
    return {
      fs: () => this.fs(),
      expand: (w) => ex.string(w),
      fields: (w) => ex.fields(w),
      noclobber: this.state.options.noclobber,
      bash: this.state.bash,
    };
  }

  /** Applies redirections; on failure prints sh's message and returns null. */
  async redirect(cmd: { redirs: SimpleCommand['redirs'] }, io: Io, inPlace = false): Promise<Io | null> {
    if (cmd.redirs.length === 0) return io;
    try {
      return await redirect(cmd.redirs, io, this.#redirContext(io), inPlace);
    } catch (e) {
      if (!(e instanceof RedirError)) throw e;
      this.diag(io, e.message);
      return null;
    }
  }

  /** A parameter's value: special parameters, positional ones, then variables. */
  param(name: string): string | undefined {
    const s = this.state;
    switch (name) {
      case '?':
        return String(s.status);
      case '#':
        return String(s.positional.length);
      case '$':
        return '1';
      case '-':
        return this.ext ? this.ext.flags() : s.flags();
      case '0':
        return s.arg0;
      case '!':
        return s.lastJob?.toString();
      case '@':
      case '*':
        return s.positional.join(' ');
      case 'LINENO':
        return s.vars.has('LINENO') ? s.get(name) : String(s.line);
    }
    if (/^[0-9]+$/.test(name)) return s.positional[Number(name) - 1];
    if (this.ext) return this.ext.get(name);
    return s.get(name);
  }

  /** A variable's value in arithmetic: set -u applies (dash's message). */
  arithValue(name: string): string | undefined {
    const v = this.param(name);
    if (v === undefined && this.state.options.nounset) throw new ShellError(`${name}: parameter not set`);
    return v;
  }

  assign(name: string, value: string): void {
    if (this.ext) {
      this.ext.assign(name, value);
      return;
    }
    if (!this.state.set(name, value)) throw new ShellError(`${name}: is read only`);
  }

  async #compound(c: CompoundCommand, io: Io): Promise<number> {
    this.state.line = c.line;
    const rio = await this.redirect(c, io);
    if (!rio) return this.state.bash ? 1 : 2;
    switch (c.type) {
      case 'group':
        return this.list(c.body, rio);
      case 'subshell': {
        const own = rio.copy();
        const status = await this.subshell(own, (sh) => sh.list(c.body, own));
        const failing = this.failed(status, io);
        if (failing) await failing;
        return status;
      }
      case 'if':
        for (const clause of c.clauses) {
          if ((await this.condition(clause.cond, rio)) === 0) return this.list(clause.body, rio);
        }
        return c.otherwise ? this.list(c.otherwise, rio) : 0;
      case 'while':
        return this.#loop(
          async () => {
            const ok = (await this.condition(c.cond, rio)) === 0;
            return ok !== c.until;
          },
          c.body,
          rio,
        );
      case 'for': {
        if (!NAME.test(c.name)) {
          this.diag(rio, `\`${c.name}': not a valid identifier`);
          return 1;
        }
        const values: string[] = [];
        if (c.words) {
          const ex = this.expander(rio);
          for (const w of c.words) values.push(...(await ex.fields(w)));
        } else values.push(...this.state.positional);
        let i = 0;
        return this.#loop(
          async () => {
            if (i >= values.length) return false;
            await this.ext?.trace(rio, `for ${c.name} in ${c.words ? c.words.map((w) => w.text).join(' ') : '"$@"'}`);
            this.assign(c.name, values[i++]!);
            return true;
          },
          c.body,
          rio,
        );
      }
      case 'select':
        return this.#select(c, rio);
      case 'case':
        return this.#case(c, rio);
      case 'cond': {
        this.ext?.announce(c);
        const status = await this.dialect.cond(this, c.expr, rio);
        const failing = this.failed(status, io);
        if (failing) await failing;
        return status;
      }
      case 'arith': {
        this.ext?.announce(c);
        const expr = await this.expander(rio).string(c.expr);
        await this.ext?.trace(io, `(( ${expr} ))`);
        const status = (await this.#arithStatus(expr, '((', rio)) ?? 1;
        const failing = this.failed(status, io);
        if (failing) await failing;
        return status;
      }
      case 'for-arith':
        return this.#forArith(c, rio);
    }
  }

  /** bash's (( )) and let: 0 when the value is not 0, 1 when it is; null after a message. */
  async #arithStatus(expr: string, command: string, io: Io): Promise<number | null> {
    try {
      return this.dialect.arith(this, expr, command) !== 0n ? 0 : 1;
    } catch (e) {
      if (!(e instanceof ShellError) || e.status === 127) throw e;
      this.diag(io, e.message);
      return null;
    }
  }

  async #forArith(c: CompoundCommand & { type: 'for-arith' }, io: Io): Promise<number> {
    const ex = this.expander(io);
    const run = async (w: typeof c.init): Promise<bigint> => {
      const text = await ex.string(w);
      if (text.trim() === '') return 1n;
      await this.ext?.trace(io, `(( ${text} ))`);
      return this.dialect.arith(this, text, '((');
    };
    await run(c.init);
    let first = true;
    return this.#loop(
      async () => {
        if (!first) await run(c.step);
        first = false;
        return (await run(c.test)) !== 0n;
      },
      c.body,
      io,
    );
  }

  async #case(c: CompoundCommand & { type: 'case' }, io: Io): Promise<number> {
    const ex = this.expander(io);
    const word = await ex.string(c.word);
    await this.ext?.trace(io, `case ${c.word.text} in`);
    const bash = this.state.bash;
    const nocase = bash && this.state.shopt.has('nocasematch');
    const extglob = bash && this.state.shopt.has('extglob');
    let status = 0;
    let fallInto = false;
    for (let k = 0; k < c.items.length; k++) {
      const item = c.items[k]!;
      let hit = fallInto;
      for (const p of item.patterns) {
        if (hit) break;
        const pattern = await ex.pattern(p);
        hit = extglob ? matchExtglob(pattern, word, nocase) : matchPattern(pattern, word, nocase);
      }
      if (!hit) continue;
      status = await this.list(item.body, io);
      if (item.next === ';&') fallInto = true;
      else if (item.next === ';;&') fallInto = false;
      else return status;
    }
    return status;
  }

  /**
   * bash's select: the menu and PS3 on stderr, a line read into REPLY (an empty one shows the
   * menu again), NAME set to the item it numbers ('' for none), until break or the end of input.
   */
  async #select(c: CompoundCommand & { type: 'select' }, io: Io): Promise<number> {
    const values: string[] = [];
    if (c.words) {
      const ex = this.expander(io);
      for (const w of c.words) values.push(...(await ex.fields(w)));
    } else values.push(...this.state.positional);
    await this.ext?.trace(io, `select ${c.name} in ${c.words ? c.words.map((w) => w.text).join(' ') : '"$@"'}`);
    if (values.length === 0) return 0;
    const read = this.dialect.builtins.get('read')!;
    let menu = true;
    let eof = false;
    const status = await this.#loop(
      async () => {
        for (;;) {
          if (menu) io.stderr(utf8(this.ext!.selectMenu(values)));
          io.stderr(utf8(this.param('PS3') ?? '#? '));
          if ((await read(this, ['read'], io)) !== 0) {
            io.stdout(utf8('\n'));
            eof = true;
            return false;
          }
          const reply = this.param('REPLY') ?? '';
          menu = reply === '';
          if (menu) continue;
          const n = /^\s*[0-9]+\s*$/.test(reply) ? Number(reply) : 0;
          this.assign(c.name, values[n - 1] ?? '');
          return true;
        }
      },
      c.body,
      io,
    );
    return eof ? 1 : status;
  }

  async #loop(next: () => Promise<boolean>, body: Script, io: Io): Promise<number> {
    let status = 0;
    this.state.loopDepth++;
    try {
      while (await next()) {
        try {
          status = await this.list(body, io);
        } catch (e) {
          if (!(e instanceof LoopSignal)) throw e;
          if (e.count > 1) {
            e.count--;
            throw e;
          }
          if (e.kind === 'break') break;
        }
      }
    } finally {
      this.state.loopDepth--;
    }
    return status;
  }

  async #simple(cmd: SimpleCommand, io: Io): Promise<number> {
    this.state.line = cmd.line;
    this.#subStatus = 0;
    if (this.ext) return this.ext.simple(cmd, io);
    const ex = this.expander(io);
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(await ex.fields(w)));
    const assigns: Array<[string, string]> = [];
    for (const a of cmd.assigns) assigns.push([a.name, await ex.string(a.value)]);
    if (this.state.options.xtrace) this.#trace(io, assigns, argv);
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.assign(k, v);
      const status = (await this.redirect(cmd, io)) ? this.#subStatus : 2;
      const failing = this.failed(status, io);
      if (failing) await failing;
      return status;
    }
    // `exec` with only redirections applies them to the shell itself.
    const rio = await this.redirect(cmd, io, argv.length === 1 && argv[0] === 'exec');
    const status = rio ? await this.dispatch(argv, assigns, rio, false) : 2;
    const failing = this.failed(status, io);
    if (failing) await failing;
    return status;
  }

  /** The status of the last command substitution of a command with no words. */
  get subStatus(): number {
    return this.#subStatus;
  }

  #trace(io: Io, assigns: Array<[string, string]>, argv: string[]): void {
    const words = [...assigns.map(([k, v]) => `${k}=${quote(v)}`), ...argv.map(quote)];
    io.stderr(utf8(`${this.param('PS4') ?? '+ '}${words.join(' ')}\n`));
  }

  /** Runs a command by name: special built-in, function, built-in, in-process program, or PATH. */
  async dispatch(argv: string[], assigns: Array<[string, string]>, io: Io, skipFunctions: boolean): Promise<number> {
    const name = argv[0]!;
    if (this.state.bash) return this.#dispatchBash(argv, assigns, io, skipFunctions);
    const special = SPECIAL_BUILTINS.get(name);
    if (special) {
      for (const [k, v] of assigns) this.assign(k, v);
      return special(this, argv, io);
    }
    const fn = skipFunctions ? undefined : this.state.functions.get(name);
    if (fn) return this.withTemp(assigns, () => this.#call(fn, argv, io));
    const builtin = REGULAR_BUILTINS.get(name);
    if (builtin) return this.withTemp(assigns, async () => builtin(this, argv, io));
    return this.#program(argv, assigns, io);
  }

  /** bash (not in POSIX mode): functions before built-ins, and assignments before a built-in are its own. */
  async #dispatchBash(
    argv: string[],
    assigns: Array<[string, string]>,
    io: Io,
    skipFunctions: boolean,
  ): Promise<number> {
    const name = argv[0]!;
    const fn = skipFunctions ? undefined : this.state.functions.get(name);
    if (fn) return this.withTemp(assigns, () => this.#call(fn, argv, io));
    const builtin = this.dialect.builtins.get(name) ?? SPECIAL_BUILTINS.get(name) ?? REGULAR_BUILTINS.get(name);
    if (builtin)
      return this.withTemp(assigns, async () => this.#closedStdout(name, io, (bio) => builtin(this, argv, bio)));
    return this.#program(argv, assigns, io);
  }

  /** bash: a built-in that writes to a closed stdout fails: `NAME: write error: Bad file descriptor`. */
  async #closedStdout(name: string, io: Io, run: (io: Io) => number | Promise<number>): Promise<number> {
    if (io.fds[1] !== undefined || RUNS_COMMANDS.has(name)) return run(io);
    let wrote = false;
    const bio = io.copy();
    bio.fds[1] = { out: () => void (wrote = true) };
    const status = await run(bio);
    if (!wrote) return status;
    this.diag(io, `${name}: write error: Bad file descriptor`);
    return 1;
  }

  async #program(argv: string[], assigns: Array<[string, string]>, io: Io): Promise<number> {
    const env = mergeEnv(
      [...this.state.environ(), ...(this.ext?.exportedFunctions() ?? [])],
      assigns.map(([k, v]) => `${k}=${v}`),
    );
    const spec: ProcessSpec = { argv, env, cwd: this.state.cwd, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr };
    const program = this.hooks.inProcess.get(argv[0]!);
    if (program) return program(spec, this.processes);
    return this.#external(spec, io);
  }

  async withTemp(assigns: Array<[string, string]>, fn: () => Promise<number>): Promise<number> {
    if (assigns.length === 0) return fn();
    // Copies: bash's assignment changes a variable in place.
    const saved = assigns.map(([k]) => {
      const v = this.state.vars.get(k);
      return [k, v && { ...v }] as const;
    });
    for (const [k, v] of assigns) this.assign(k, v);
    try {
      return await fn();
    } finally {
      for (const [k, v] of saved) {
        if (v) this.state.vars.set(k, v);
        else this.state.vars.delete(k);
      }
    }
  }

  async #call(fn: FunctionDef, argv: string[], io: Io): Promise<number> {
    const s = this.state;
    if (s.locals.length >= MAX_FUNCTION_DEPTH) throw new ShellError(`${fn.name}: function nesting too deep`);
    const saved = s.positional;
    s.positional = argv.slice(1);
    const frame = new Map<string, ReturnType<typeof s.vars.get>>();
    s.locals.push(frame);
    const restore = this.ext?.enter(fn, argv[0]!);
    try {
      return await this.#compound(fn.body, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      if (e instanceof ShellError && e.where === undefined && s.bash) {
        e.where = this.where();
        e.whereLine = s.line;
      }
      throw e;
    } finally {
      s.locals.pop();
      for (const [k, v] of frame) {
        if (v) s.vars.set(k, v);
        else s.vars.delete(k);
      }
      s.positional = saved;
      if (restore) await restore(io);
    }
  }

  /** Finds a program as execvp does, on `path` (the default PATH when unset): `command -v`, `type`, a command. */
  find(name: string, path: string | undefined): Lookup {
    const env = path === undefined ? [] : [`PATH=${path}`];
    return findProgram(this.processes.volume, name, this.state.cwd, env, { executable: true });
  }

  async #external(spec: ProcessSpec, io: Io): Promise<number> {
    const name = spec.argv[0]!;
    const pathVar = spec.env.find((kv) => kv.startsWith('PATH='))?.slice(5);
    const found = this.find(name, pathVar);
    if (!found.found) {
      const dir = this.state.bash && found.code === 126 && this.fs().lookup(name)?.kind === 'dir';
      this.diag(io, dir ? `${name}: Is a directory` : this.state.bash ? bashNotFound(name, found) : found.message);
      return found.code;
    }
    if (this.state.bash && !name.includes('/')) {
      const h = this.state.hashed.get(name);
      if (h) h.hits++;
      else this.state.hashed.set(name, { path: found.written, hits: 1 });
    }
    const head = found.file.content.read(0, 256);
    const args = spec.argv.slice(1);
    // Without PATH the program gets the path it was found at as its argv[0].
    const argv0 = pathVar === undefined ? found.written : name;
    if (hasWasmMagic(head)) return this.processes.spawn({ ...spec, argv: [argv0, ...args] });
    if (head[0] === 0x23 && head[1] === 0x21) {
      // "#!interpreter [one argument]", as Linux reads it.
      const first = fromUtf8(head).slice(2).split('\n')[0]!.trim();
      const m = /^(\S+)(?:\s+(.*))?$/.exec(first);
      if (m) {
        const interp = m[2] ? [m[1]!, m[2].trim()] : [m[1]!];
        return this.processes.spawn({ ...spec, argv: [...interp, found.written, ...args] });
      }
    }
    // No "#!": the shell runs the file as a script of its own (execve's ENOEXEC).
    const self = this.state.bash ? 'bash' : 'sh';
    return this.hooks.sh({ ...spec, argv: [self, found.written, ...args] }, this.processes);
  }
}

/** bash's words for a program it cannot run: `foo: command not found`, `./x: Permission denied`. */
function bashNotFound(name: string, found: Lookup & { found: false }): string {
  if (found.code === 127)
    return name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`;
  return found.message;
}
