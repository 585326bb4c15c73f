// Bringing targets up to date: prerequisites first, a recipe when the target is missing,
// phony or older than a prerequisite (the volume's mtimes), each recipe line through the
// shell with its `@ - +` prefixes, and GNU make 4.3's messages when something fails.
// https://www.gnu.org/software/make/manual/html_node/Rules.html
import { type Fs, type Out, UserlandError } from '../lib/index.ts';
import { findImplicit, type Database, type Match, type RecipeLine, type Target } from './rules.ts';
import { matchStem, Scope, Stop, type Expander } from './variables.ts';

export interface RunFlags {
  keepGoing: boolean;
  justPrint: boolean;
  silent: boolean;
  ignoreErrors: boolean;
  alwaysMake: boolean;
  question: boolean;
  touch: boolean;
}

export interface RunHost {
  db: Database;
  ex: Expander;
  flags: RunFlags;
  /** `make` or `make[1]`: how messages start. */
  prefix: string;
  out: Out;
  err: Out;
  fs(): Fs;
  /** Runs one command line through $(SHELL) with the environment `scope` exports. */
  runShell(cmd: string, scope: Scope): Promise<number>;
  shell(cmd: string, scope: Scope): Promise<string>;
}

/** A failure already reported (a recipe's error): make stops with status 2. */
export class Abort extends UserlandError {
  constructor() {
    super('make stopped', 2);
  }
}

interface State {
  done: boolean;
  /** Remade in this run, or missing without a recipe: what depends on it is remade too. */
  changed: boolean;
  failed: boolean;
  hasRecipe: boolean;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** A recipe's text as commands: newlines end one unless a backslash escapes them. */
function commands(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    let n = 0;
    for (let j = i - 1; j >= start && text[j] === '\\'; j--) n++;
    if (n % 2 === 1) continue;
    out.push(text.slice(start, i));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

export class Runner {
  readonly #h: RunHost;
  readonly #states = new Map<string, State>();
  readonly #implicit = new Map<string, Match | undefined>();
  /** Recipes started, so a goal that started none says "Nothing to be done". */
  #started = 0;
  /** -q: something is out of date. */
  stale = false;

  constructor(host: RunHost) {
    this.#h = host;
  }

  mtime(name: string): bigint | undefined {
    return this.#h.fs().lookup(name)?.mtim;
  }

  /** Updates a goal and says so when there was nothing to do; false when it failed. */
  async goal(name: string, globals: Scope): Promise<boolean> {
    const h = this.#h;
    const before = this.#started;
    const st = await this.update(name, undefined, globals);
    if (st.failed) {
      if (h.flags.keepGoing) h.err.text(`${h.prefix}: Target '${name}' not remade because of errors.\n`);
      return false;
    }
    if (this.#started === before && !h.flags.silent && !h.db.silentAll && !h.flags.question) {
      h.out.text(
        h.db.phony.has(name) || !st.hasRecipe
          ? `${h.prefix}: Nothing to be done for '${name}'.\n`
          : `${h.prefix}: '${name}' is up to date.\n`,
      );
    }
    return true;
  }

  async update(name: string, needer: string | undefined, inherited: Scope): Promise<State> {
    const h = this.#h;
    const known = this.#states.get(name);
    if (known) {
      if (!known.done) {
        h.err.text(`${h.prefix}: Circular ${needer} <- ${name} dependency dropped.\n`);
        return { done: true, changed: false, failed: false, hasRecipe: false };
      }
      return known;
    }
    const st: State = { done: false, changed: false, failed: false, hasRecipe: false };
    this.#states.set(name, st);
    const db = h.db;
    const t = db.targets.get(name);
    const phony = db.phony.has(name);
    const scope = await this.#scope(name, inherited);
    let recipe = t?.recipe;
    let prereqs = t?.prereqs ?? [];
    let orderOnly = t?.orderOnly ?? [];
    let stem = t?.stem;
    if (recipe === undefined && !phony) {
      const m = this.#search(name);
      if (m) {
        recipe = m.rule.recipe;
        prereqs = [...m.prereqs, ...prereqs];
        orderOnly = [...m.orderOnly, ...orderOnly];
        stem = m.stem;
        // A file only a chain of implicit rules needs is intermediate: made, used, removed.
        for (const p of m.prereqs) {
          if (this.mtime(p) === undefined && !this.#mentioned().has(p) && !db.keep.has(p)) this.#intermediate.add(p);
        }
      }
    }
    const before = this.mtime(name);
    if (t?.doubleColon) return this.#doubleColon(name, t.doubleColon, scope, st, before);
    if (recipe === undefined && t === undefined && before === undefined && !phony) {
      if (db.defaultRecipe === undefined) {
        st.done = st.failed = true;
        this.#noRule(name, needer);
        return st;
      }
      recipe = db.defaultRecipe;
    }
    st.hasRecipe = recipe !== undefined;
    const newer: string[] = [];
    for (const p of unique(prereqs)) {
      if (before !== undefined && this.#intermediate.has(p) && this.#unneeded(p, before)) continue;
      const r = await this.update(p, name, scope);
      if (r.failed) st.failed = true;
      else if (r.changed || (before !== undefined && (this.mtime(p) ?? 0n) > before)) newer.push(p);
    }
    for (const p of unique(orderOnly)) if ((await this.update(p, name, scope)).failed) st.failed = true;
    if (!st.failed && (h.flags.alwaysMake || phony || before === undefined || newer.length > 0)) {
      st.changed = true;
      if (recipe !== undefined) {
        const auto = this.#automatic(name, scope, {
          prereqs,
          orderOnly,
          stem,
          newer: before === undefined ? prereqs : newer,
        });
        st.failed = !(await this.#execute(name, recipe, auto, before));
      }
    }
    st.done = true;
    return st;
  }

  async #doubleColon(
    name: string,
    rules: NonNullable<Target['doubleColon']>,
    scope: Scope,
    st: State,
    before: bigint | undefined,
  ): Promise<State> {
    const h = this.#h;
    st.hasRecipe = true;
    for (const rule of rules) {
      const newer: string[] = [];
      let failed = false;
      for (const p of unique(rule.prereqs)) {
        const r = await this.update(p, name, scope);
        if (r.failed) failed = true;
        else if (r.changed || (before !== undefined && (this.mtime(p) ?? 0n) > before)) newer.push(p);
      }
      for (const p of unique(rule.orderOnly)) if ((await this.update(p, name, scope)).failed) failed = true;
      st.failed ||= failed;
      const must = h.flags.alwaysMake || rule.prereqs.length === 0 || before === undefined || newer.length > 0;
      if (failed || !must) continue;
      st.changed = true;
      const auto = this.#automatic(name, scope, {
        ...rule,
        stem: undefined,
        newer: before === undefined ? rule.prereqs : newer,
      });
      if (!(await this.#execute(name, rule.recipe, auto, before))) st.failed = true;
    }
    st.done = true;
    return st;
  }

  #search(name: string): Match | undefined {
    if (!this.#implicit.has(name)) {
      this.#implicit.set(
        name,
        findImplicit(this.#h.db, name, (n) => this.mtime(n) !== undefined || this.#mentioned().has(n)),
      );
    }
    return this.#implicit.get(name);
  }

  #named: Set<string> | undefined;
  readonly #intermediate = new Set<string>();

  /** A missing intermediate file is not remade while what it would be made from is older than its user. */
  #unneeded(p: string, before: bigint): boolean {
    const m = this.#search(p);
    return (
      m !== undefined &&
      m.prereqs.every((q) => {
        const t = this.mtime(q);
        return t !== undefined && t <= before && !this.#states.get(q)?.changed;
      })
    );
  }

  /** Removes the intermediate files this run made, as GNU make does when it is done. */
  removeIntermediates(): void {
    const h = this.#h;
    if (h.flags.justPrint || h.flags.question || h.flags.touch) return;
    const made = [...this.#intermediate].filter((p) => this.#states.get(p)?.changed && this.mtime(p) !== undefined);
    if (made.length === 0) return;
    if (!h.flags.silent && !h.db.silentAll) h.out.text(`rm ${made.join(' ')}\n`);
    for (const p of made) h.fs().unlink(p);
  }

  /** Every target and prerequisite the makefiles name: GNU's files that "ought to exist". */
  #mentioned(): Set<string> {
    if (!this.#named) {
      this.#named = new Set(this.#h.db.targets.keys());
      for (const t of this.#h.db.targets.values()) for (const p of [...t.prereqs, ...t.orderOnly]) this.#named.add(p);
    }
    return this.#named;
  }

  #noRule(name: string, needer: string | undefined): void {
    const h = this.#h;
    const what = `No rule to make target '${name}'${needer === undefined ? '' : `, needed by '${needer}'`}`;
    if (!h.flags.keepGoing) throw new Stop(what);
    h.err.text(`${h.prefix}: *** ${what}.\n`);
  }

  /** Target- and pattern-specific variables, over what the target needing this one sees. */
  async #scope(name: string, inherited: Scope): Promise<Scope> {
    const h = this.#h;
    const list = [
      ...h.db.patternVars.filter(([p]) => matchStem(p, name) !== undefined).map(([, a]) => a),
      ...(h.db.targetVars.get(name) ?? []),
    ];
    if (list.length === 0) return inherited;
    const scope = new Scope(inherited);
    for (const a of list) {
      h.ex.where = a.where;
      await h.ex.assign(scope, a.name, a.op, a.value, a.origin, (cmd) => h.shell(cmd, scope));
      if (a.exported) scope.vars.get(a.name)!.exported = true;
    }
    return scope;
  }

  #automatic(
    name: string,
    scope: Scope,
    o: { prereqs: string[]; orderOnly: string[]; stem: string | undefined; newer: string[] },
  ): Scope {
    const auto = new Scope(scope);
    let stem = o.stem;
    if (stem === undefined) {
      const s = this.#h.db.suffixes.find((x) => name.endsWith(x) && name.length > x.length);
      stem = s ? name.slice(0, -s.length) : '';
    }
    const values: Record<string, string[]> = {
      '@': [name],
      '<': o.prereqs.slice(0, 1),
      '^': unique(o.prereqs),
      '+': o.prereqs,
      '?': unique(o.newer),
      '|': unique(o.orderOnly),
      '*': [stem],
    };
    for (const [k, list] of Object.entries(values)) {
      const set = (n: string, ws: string[]): void => {
        auto.vars.set(n, { value: ws.join(' '), recursive: false, origin: 'automatic' });
      };
      set(k, list);
      set(
        `${k}D`,
        list.map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/')) || '/' : '.')),
      );
      set(
        `${k}F`,
        list.map((w) => w.slice(w.lastIndexOf('/') + 1)),
      );
    }
    return auto;
  }

  /** Runs a recipe; false when it failed and -k goes on (without -k a failure throws Abort). */
  async #execute(name: string, recipe: RecipeLine[], scope: Scope, before: bigint | undefined): Promise<boolean> {
    const h = this.#h;
    this.#started++;
    if (h.flags.question) {
      this.stale = true;
      return true;
    }
    if (h.flags.touch) {
      if (!h.db.phony.has(name)) {
        if (!h.flags.silent) h.out.text(`touch ${name}\n`);
        const fs = h.fs();
        fs.touch(fs.create(name));
      }
      return true;
    }
    // All of a recipe is expanded before its first line runs, as GNU does.
    const lines: Array<{ cmd: string; line: RecipeLine; make: boolean }> = [];
    for (const line of recipe) {
      h.ex.where = line.where;
      const text = await h.ex.expand(line.text, scope);
      const make = /\$[({]MAKE[)}]/.test(line.text);
      for (const cmd of commands(text)) lines.push({ cmd, line, make });
    }
    const batches = h.db.oneshell && lines.length > 0 ? [oneShell(lines)] : lines;
    for (const { cmd, line, make } of batches) {
      let s = cmd;
      let silent = false;
      let ignore = false;
      let force = false;
      for (; /^[@+\- \t]/.test(s); s = s.slice(1)) {
        if (s[0] === '@') silent = true;
        else if (s[0] === '-') ignore = true;
        else if (s[0] === '+') force = true;
      }
      if (s === '') continue;
      silent ||= h.flags.silent || h.db.silentAll || h.db.silent.has(name);
      ignore ||= h.flags.ignoreErrors || h.db.ignoreAll || h.db.ignore.has(name);
      const run = !h.flags.justPrint || force || make;
      if (!silent || !run) h.out.text(`${s}\n`);
      if (!run) continue;
      const code = await h.runShell(s, scope);
      if (code === 0) continue;
      const at = line.where.line > 0 ? `${line.where.file}:${line.where.line}` : line.where.file;
      if (ignore) {
        h.err.text(`${h.prefix}: [${at}: ${name}] Error ${code} (ignored)\n`);
        continue;
      }
      h.err.text(`${h.prefix}: *** [${at}: ${name}] Error ${code}\n`);
      this.#deleteOnError(name, before);
      if (!h.flags.keepGoing) throw new Abort();
      return false;
    }
    return true;
  }

  #deleteOnError(name: string, before: bigint | undefined): void {
    const h = this.#h;
    const now = this.mtime(name);
    if (!h.db.deleteOnError || h.db.phony.has(name) || now === undefined || now === before) return;
    h.err.text(`${h.prefix}: *** Deleting file '${name}'\n`);
    h.fs().unlink(name);
  }
}

/** .ONESHELL: the whole recipe as one script; the first line's prefixes apply to all of it. */
function oneShell(lines: Array<{ cmd: string; line: RecipeLine; make: boolean }>): {
  cmd: string;
  line: RecipeLine;
  make: boolean;
} {
  const first = lines[0]!;
  const head = /^[@+\- \t]*/.exec(first.cmd)![0];
  const body = lines.map((l, i) => (i === 0 ? l.cmd.slice(head.length) : l.cmd.replace(/^[@+\-]+/, ''))).join('\n');
  return { cmd: head + body, line: first.line, make: lines.some((l) => l.make) };
}
