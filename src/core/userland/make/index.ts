// `make`: GNU make 4.3 as C and C++ projects' Makefiles use it, over the build's file tree:
// read the makefiles, bring the goals up to date by mtime, run recipes through /bin/sh. Jobs
// run one at a time (-j is accepted). https://www.gnu.org/software/make/manual/make.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { Collector, type Ctx, envEntries, fromUtf8, Fs, logical, program, readAll } from '../lib/index.ts';
import { makeFunctions } from './functions.ts';
import { emptyOptions, makeflags, OptionError, parseArgs, parseMakeflags, type MakeOptions } from './options.ts';
import { findAssignment, Reader, type ReaderHost } from './parse.ts';
import { BUILTIN_VARIABLES, Database } from './rules.ts';
import { Abort, Runner, type RunHost } from './run.ts';
import { Expander, Scope, Stop, type Origin, type Where } from './variables.ts';
import { USAGE } from './usage.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];
/** Restarts after remaking an included makefile, before make gives up on it. */
const MAX_RESTARTS = 3;

class Make implements ReaderHost, RunHost {
  readonly c: Ctx;
  readonly o: MakeOptions;
  readonly level: number;
  readonly prefix: string;
  readonly ex = new Expander();
  readonly includeDirs: string[];
  cwd: string;
  globals = new Scope();
  db: Database;
  #fs: Fs;

  constructor(c: Ctx, o: MakeOptions, level: number) {
    this.c = c;
    this.o = o;
    this.level = level;
    this.prefix = level > 0 ? `${c.name}[${level}]` : c.name;
    this.includeDirs = o.includeDirs;
    this.cwd = logical(c.spec.cwd);
    this.#fs = c.fs;
    this.db = new Database(!o.noBuiltinRules);
    this.ex.functions = makeFunctions({
      fs: () => this.fs(),
      shell: (cmd, scope) => this.shell(cmd, scope),
      info: (text) => this.out.text(`${text}\n`),
      warning: (text) => this.err.text(`${this.#at(this.ex.where)}: ${text}\n`),
      eval: (text) => new Reader(this).read(text, this.ex.where?.file ?? ''),
    });
  }

  get flags(): MakeOptions {
    return this.o;
  }
  get out() {
    return this.c.out;
  }
  get err() {
    return this.c.err;
  }
  fs(): Fs {
    return this.#fs;
  }

  warn(where: Where, text: string): void {
    this.err.text(`${this.#at(where)}: ${text}\n`);
  }

  #at(where: Where | undefined): string {
    return where ? `${where.file}:${where.line}` : this.prefix;
  }

  fatal(e: Stop): void {
    this.err.text(`${this.#at(e.where)}: *** ${e.message}.  Stop.\n`);
  }

  chdir(dir: string): void {
    const cwd = logical(this.#fs.abs(dir));
    if (this.#fs.lookup(cwd)?.kind !== 'dir') throw new Stop(`${dir}: No such file or directory`);
    this.cwd = cwd;
    this.#fs = new Fs(this.c.fs.volume, cwd);
  }

  /** The variables of a fresh read: defaults, the environment, then the command line's. */
  async setup(): Promise<void> {
    const g = new Scope();
    const def = (name: string, value: string, origin: Origin = 'default', recursive = true): void => {
      g.vars.set(name, { value, recursive, origin });
    };
    if (!this.o.noBuiltinVariables) for (const [k, v] of BUILTIN_VARIABLES) def(k, v);
    def('SHELL', '/bin/sh');
    def('.SHELLFLAGS', '-c');
    def('MAKE_COMMAND', this.c.spec.argv[0] ?? 'make');
    def('MAKE', '$(MAKE_COMMAND)');
    def('MAKE_VERSION', '4.3');
    def('MAKEFILE_LIST', '', 'file', false);
    def('MAKECMDGOALS', this.o.goals.join(' '), 'default', false);
    def('CURDIR', this.cwd, 'file', false);
    def('MAKELEVEL', String(this.level), 'environment', false);
    def('MAKEFLAGS', makeflags(this.o), 'file', false);
    const envOrigin: Origin = this.o.envOverrides ? 'environment override' : 'environment';
    for (const [name, value] of envEntries(this.c.spec.env)) {
      // GNU make never takes SHELL from the environment, and keeps MAKEFLAGS and MAKELEVEL its own.
      if (!NAME.test(name) || ['SHELL', 'MAKEFLAGS', 'MAKELEVEL', 'MFLAGS'].includes(name)) continue;
      g.vars.set(name, { value, recursive: true, origin: envOrigin, exported: true });
    }
    this.globals = g;
    this.db = new Database(!this.o.noBuiltinRules);
    for (const v of this.o.vars) {
      const a = findAssignment(v);
      if (a && a.name !== '')
        await this.ex.assign(g, a.name, a.op, a.value, 'command line', (cmd) => this.shell(cmd, g));
    }
  }

  /** What a recipe's process gets: the environment, as the exported variables change it. */
  async environment(scope: Scope): Promise<string[]> {
    const env = new Map(envEntries(this.c.spec.env));
    for (const name of scope.names()) {
      const v = scope.lookup(name)!;
      if (!NAME.test(name) || name === 'MAKEFLAGS' || name === 'MAKELEVEL') continue;
      const byDefault =
        v.origin === 'command line' ||
        v.origin.startsWith('environment') ||
        (this.db.exportAll && v.origin !== 'default' && v.origin !== 'automatic');
      if (v.exported ?? byDefault) env.set(name, v.recursive ? await this.ex.valueOf(name, scope) : v.value);
      else if (v.exported === false) env.delete(name);
    }
    env.set('MAKEFLAGS', makeflags(this.o));
    env.set('MAKELEVEL', String(this.level + 1));
    return [...env].map(([k, v]) => `${k}=${v}`);
  }

  async #argv(cmd: string, scope: Scope): Promise<string[]> {
    const shell = (await this.ex.valueOf('SHELL', scope)).trim() || '/bin/sh';
    const flags = (await this.ex.valueOf('.SHELLFLAGS', scope)).split(/\s+/).filter((f) => f !== '');
    return [shell, ...flags, cmd];
  }

  async runShell(cmd: string, scope: Scope): Promise<number> {
    return this.c.processes.spawn({
      argv: await this.#argv(cmd, scope),
      env: await this.environment(scope),
      cwd: this.cwd,
      stdin: this.c.stdin,
      stdout: this.c.spec.stdout,
      stderr: this.c.spec.stderr,
    });
  }

  /** `$(shell …)` and `!=`: the command's output, newlines as spaces, the last ones dropped. */
  async shell(cmd: string, scope: Scope): Promise<string> {
    const out = new Collector();
    const code = await this.c.processes.spawn({
      argv: await this.#argv(cmd, scope),
      env: await this.environment(scope),
      cwd: this.cwd,
      stdout: out.sink,
      stderr: this.c.spec.stderr,
    });
    this.globals.set('.SHELLSTATUS', String(code), 'file');
    return fromUtf8(out.bytes()).replace(/\n+$/, '').replace(/\n/g, ' ');
  }

  /** Reads the makefiles; false when none was named or found. */
  async #read(): Promise<boolean> {
    const reader = new Reader(this);
    let files = this.o.files;
    if (files.length === 0) {
      const found = DEFAULT_MAKEFILES.find((f) => this.#fs.lookup(f)?.kind === 'file');
      files = found ? [found] : [];
    }
    for (const f of files) {
      if (f === '-') await reader.read(fromUtf8(readAll(this.c.stdin)), '-');
      else if (!(await reader.readFile(f))) {
        this.err.text(`${this.prefix}: ${f}: No such file or directory\n`);
        throw new Stop(`No rule to make target '${f}'`);
      }
    }
    // Flags a makefile adds to MAKEFLAGS (`MAKEFLAGS += -s`) count, as in GNU make.
    const more = emptyOptions();
    parseMakeflags(this.globals.lookup('MAKEFLAGS')?.value ?? '', more);
    for (const k of ['keepGoing', 'justPrint', 'silent', 'ignoreErrors', 'alwaysMake', 'question', 'touch'] as const) {
      this.o[k] ||= more[k];
    }
    if (more.printDirectory !== undefined) this.o.printDirectory = more.printDirectory;
    this.#missing = reader.missing;
    return files.length > 0;
  }

  #missing: Array<[string, Where]> = [];

  async main(): Promise<number> {
    let hadMakefile = false;
    for (let restarts = 0; ; restarts++) {
      await this.setup();
      hadMakefile = await this.#read();
      if (this.#missing.length === 0 || restarts === MAX_RESTARTS) break;
      // An included makefile a rule can make is made, then everything is read again.
      const runner = new Runner(this);
      for (const [name, where] of this.#missing) {
        const t = this.db.targets.get(name);
        if (!t) this.warn(where, `${name}: No such file or directory`);
        await runner.update(name, undefined, this.globals);
      }
    }
    const goals = [...this.o.goals];
    if (goals.length === 0) {
      const goal = this.globals.lookup('.DEFAULT_GOAL')?.value.trim() || this.db.firstTarget;
      if (!goal) throw new Stop(hadMakefile ? 'No targets' : 'No targets specified and no makefile found');
      goals.push(goal);
    }
    const runner = new Runner(this);
    let ok = true;
    try {
      for (const g of goals) if (!(await runner.goal(g, this.globals))) ok = false;
    } finally {
      runner.removeIntermediates();
    }
    if (this.o.question) return runner.stale ? 1 : 0;
    return ok ? 0 : 2;
  }
}

const make = program(async (c) => {
  const level = Number(c.getenv('MAKELEVEL') ?? '0') || 0;
  const o = emptyOptions();
  const inherited = c.getenv('MAKEFLAGS');
  if (inherited) parseMakeflags(inherited, o);
  try {
    parseArgs(c.args, o);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    c.err.text(`${c.name}: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    c.out.text(USAGE);
    return 0;
  }
  if (o.version) {
    c.out.text('GNU Make 4.3\nBuilt for wasm32-wasi (Wharf: make written in TypeScript)\n');
    return 0;
  }
  const m = new Make(c, o, level);
  let entered = false;
  try {
    for (const d of o.directories) m.chdir(d);
    if (o.printDirectory ?? (!o.silent && (o.directories.length > 0 || level > 0))) {
      c.out.text(`${m.prefix}: Entering directory '${m.cwd}'\n`);
      entered = true;
    }
    return await m.main();
  } catch (e) {
    if (e instanceof Stop) {
      m.fatal(e);
      return 2;
    }
    if (e instanceof Abort) return 2;
    throw e;
  } finally {
    if (entered) c.out.text(`${m.prefix}: Leaving directory '${m.cwd}'\n`);
  }
}, 2);

export const makePrograms: ReadonlyArray<[string, BuiltinProgram]> = [['make', make]];
