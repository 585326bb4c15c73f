// Reading a makefile into the database: logical lines (continuations, comments), directives
// (conditionals, define, include, override/export), assignments and rules, with GNU make
// 4.3's messages for what it cannot read.
// https://www.gnu.org/software/make/manual/html_node/Makefiles.html
import { fromUtf8, type Fs, FsError } from '../lib/index.ts';
import type { Assignment, Database, ParsedRule } from './rules.ts';
import {
  Stop,
  topLevel,
  words,
  type AssignOp,
  type Expander,
  type Origin,
  type Scope,
  type Where,
} from './variables.ts';

export interface ReaderHost {
  db: Database;
  globals: Scope;
  ex: Expander;
  fs(): Fs;
  shell(cmd: string, scope: Scope): Promise<string>;
  /** `WHERE: text` on stderr. */
  warn(where: Where, text: string): void;
  includeDirs: string[];
}

interface Cond {
  /** The enclosing text is read. */
  outer: boolean;
  taken: boolean;
  /** A branch was taken already: the rest are skipped. */
  done: boolean;
  sawElse: boolean;
}

const DIRECTIVE =
  /^(ifeq|ifneq|ifdef|ifndef|else|endif|define|endef|include|-include|sinclude|override|export|unexport|undefine|vpath|private)(?=[\s(]|$)/;

/** The assignment in `line` (`NAME op value`), or undefined when the line is a rule. */
export function findAssignment(line: string): { name: string; op: AssignOp; value: string } | undefined {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (depth > 0) continue;
    else if (c === '=') {
      const prev = line[i - 1];
      let op: AssignOp = '=';
      let at = i;
      if (prev === '+' || prev === '?' || prev === '!') {
        op = `${prev}=` as AssignOp;
        at = i - 1;
      }
      return { name: line.slice(0, at).trim(), op, value: line.slice(i + 1).replace(/^[ \t]+/, '') };
    } else if (c === ':') {
      const op = line.startsWith(':=', i) ? ':=' : line.startsWith('::=', i) ? '::=' : undefined;
      if (!op) return undefined;
      return { name: line.slice(0, i).trim(), op, value: line.slice(i + op.length).replace(/^[ \t]+/, '') };
    }
  }
  return undefined;
}

/** File names as make keeps them: `./foo` is `foo`. */
function names(text: string): string[] {
  return words(text).map((w) => (w.startsWith('./') && w.length > 2 ? w.replace(/^(\.\/)+/, '') : w));
}

function oddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Drops a `#` comment; `\#` is a literal `#`. */
function stripComment(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && line[i + 1] === '#') {
      out += '#';
      i++;
    } else if (c === '#') break;
    else out += c;
  }
  return out;
}

export class Reader {
  readonly #h: ReaderHost;
  /** Makefiles `include` named that do not exist, with where they were named. */
  readonly missing: Array<[name: string, where: Where]> = [];

  constructor(host: ReaderHost) {
    this.#h = host;
  }

  /** Reads a makefile; false when it does not exist. */
  async readFile(path: string): Promise<boolean> {
    let text: string;
    try {
      text = fromUtf8(this.#h.fs().readFile(path));
    } catch (e) {
      if (e instanceof FsError) return false;
      throw e;
    }
    const list = this.#h.globals.lookup('MAKEFILE_LIST')?.value ?? '';
    this.#h.globals.set('MAKEFILE_LIST', `${list} ${path}`, 'file');
    await this.read(text, path);
    return true;
  }

  async read(text: string, file: string): Promise<void> {
    const h = this.#h;
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const conds: Cond[] = [];
    let rule: ParsedRule | undefined;
    const active = (): boolean => conds.length === 0 || (conds.at(-1)!.outer && conds.at(-1)!.taken);
    const endRule = (): void => {
      if (rule) h.db.addRule(rule, (where, text) => h.warn(where, text));
      rule = undefined;
    };
    let i = 0;
    while (i < lines.length) {
      const where: Where = { file, line: i + 1 };
      const raw = lines[i++]!;
      if (raw.startsWith('\t') && (rule || !active())) {
        let text = raw.slice(1);
        while (oddBackslashes(text) && i < lines.length) {
          const next = lines[i++]!;
          text += `\n${next.startsWith('\t') ? next.slice(1) : next}`;
        }
        if (rule && active()) rule.lines.push({ text, where });
        continue;
      }
      let logical = raw;
      while (oddBackslashes(logical) && i < lines.length) logical = `${logical.slice(0, -1)}\n${lines[i++]!}`;
      logical = logical.replace(/[ \t]*\n[ \t]*/g, ' ');
      h.ex.where = where;
      const line = stripComment(logical).trim();
      if (line === '') continue;
      const word = DIRECTIVE.exec(line)?.[1];
      const rest = word ? line.slice(word.length).trim() : '';
      const isDirective = word !== undefined && !/^(=|:=|::=|\+=|\?=|!=|:)/.test(rest);

      if (isDirective && ['ifeq', 'ifneq', 'ifdef', 'ifndef'].includes(word)) {
        const outer = active();
        const taken = outer && (await this.#condition(word, rest, where));
        conds.push({ outer, taken, done: taken, sawElse: false });
        continue;
      }
      if (isDirective && word === 'else') {
        const c = conds.at(-1);
        if (!c) throw new Stop("extraneous 'else'", where);
        if (c.sawElse) throw new Stop("only one 'else' per conditional", where);
        const nested = DIRECTIVE.exec(rest)?.[1];
        if (nested && ['ifeq', 'ifneq', 'ifdef', 'ifndef'].includes(nested)) {
          c.taken = c.outer && !c.done && (await this.#condition(nested, rest.slice(nested.length).trim(), where));
        } else {
          c.taken = !c.done;
          c.sawElse = true;
        }
        c.done ||= c.taken;
        continue;
      }
      if (isDirective && word === 'endif') {
        if (!conds.pop()) throw new Stop("extraneous 'endif'", where);
        continue;
      }
      if (!active()) {
        if (isDirective && word === 'define') i = this.#skipDefine(lines, i, where).next;
        continue;
      }
      i = await this.#line(line, raw, lines, i, where, {
        endRule,
        startRule: (r) => {
          endRule();
          rule = r;
        },
      });
    }
    endRule();
    const last = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    if (conds.length > 0) throw new Stop("missing 'endif'", { file, line: last });
  }

  /** One logical line that is not a conditional; returns the index of the next line. */
  async #line(
    line: string,
    raw: string,
    lines: string[],
    i: number,
    where: Where,
    ctx: { endRule(): void; startRule(r: ParsedRule): void },
  ): Promise<number> {
    const h = this.#h;
    let text = line;
    let override = false;
    let exported: boolean | undefined;
    for (;;) {
      const m = /^(override|export|unexport|private)(?:\s+|$)/.exec(text);
      if (!m || /^\s*(=|:=|::=|\+=|\?=|!=)/.test(text.slice(m[1]!.length))) break;
      if (m[1] === 'override') override = true;
      else if (m[1] === 'export') exported = true;
      else if (m[1] === 'unexport') exported = false;
      text = text.slice(m[0].length);
    }
    const origin: Origin = override ? 'override' : 'file';
    if (/^define(\s|$)/.test(text)) {
      ctx.endRule();
      const d = this.#skipDefine(lines, i, where);
      const head = text.slice(6).trim();
      const m = /^(.*?)\s*(=|:=|::=|\+=|\?=|!=)?$/.exec(head)!;
      const name = (await h.ex.expand(m[1]!, h.globals)).trim();
      await this.#assign(name, (m[2] as AssignOp | undefined) ?? '=', d.body, origin, exported);
      return d.next;
    }
    if (/^endef(\s|$)/.test(text)) throw new Stop("extraneous 'endef'", where);
    const asg = findAssignment(text);
    if (asg && !/^(include|-include|sinclude|vpath|undefine)\s/.test(text)) {
      ctx.endRule();
      const name = (await h.ex.expand(asg.name, h.globals)).trim();
      if (name === '') throw new Stop('empty variable name', where);
      await this.#assign(name, asg.op, asg.value, origin, exported);
      return i;
    }
    if (exported !== undefined) {
      ctx.endRule();
      const names = words(await h.ex.expand(text, h.globals));
      if (names.length === 0) h.db.exportAll = exported;
      for (const n of names) {
        const v = h.globals.lookup(n);
        if (v) v.exported = exported;
        else h.globals.vars.set(n, { value: '', recursive: true, origin: 'file', exported });
      }
      return i;
    }
    const inc = /^(include|-include|sinclude|undefine|vpath)(?:\s+|$)/.exec(text);
    if (inc) {
      ctx.endRule();
      const arg = await h.ex.expand(text.slice(inc[0].length), h.globals);
      if (inc[1] === 'undefine') h.globals.vars.delete(arg.trim());
      else if (inc[1] !== 'vpath') {
        for (const name of words(arg)) {
          const found = name.startsWith('/') ? name : this.#findInclude(name);
          if (await this.readFile(found)) continue;
          if (inc[1] === 'include') this.missing.push([name, where]);
        }
      }
      return i;
    }
    await this.#rule(text, raw, where, ctx);
    return i;
  }

  #findInclude(name: string): string {
    const fs = this.#h.fs();
    if (fs.lookup(name)) return name;
    for (const d of this.#h.includeDirs) {
      const p = `${d.replace(/\/$/, '')}/${name}`;
      if (fs.lookup(p)) return p;
    }
    return name;
  }

  async #assign(name: string, op: AssignOp, value: string, origin: Origin, exported?: boolean): Promise<void> {
    const h = this.#h;
    await h.ex.assign(h.globals, name, op, value, origin, (cmd) => h.shell(cmd, h.globals));
    if (exported !== undefined) {
      const v = h.globals.lookup(name);
      if (v) v.exported = exported;
    }
  }

  /** The body of a `define` that starts before line `i`, up to its `endef`. */
  #skipDefine(lines: string[], i: number, where: Where): { body: string; next: number } {
    const body: string[] = [];
    let depth = 0;
    for (let j = i; j < lines.length; j++) {
      const t = lines[j]!.trim();
      if (/^(override\s+|export\s+)*define(\s|$)/.test(t)) depth++;
      else if (/^endef(\s|#|$)/.test(t)) {
        if (depth === 0) return { body: body.join('\n'), next: j + 1 };
        depth--;
      }
      body.push(lines[j]!);
    }
    throw new Stop("missing 'endef', unterminated 'define'", where);
  }

  async #condition(word: string, rest: string, where: Where): Promise<boolean> {
    const h = this.#h;
    if (word === 'ifdef' || word === 'ifndef') {
      const name = (await h.ex.expand(rest, h.globals)).trim();
      const v = h.globals.lookup(name);
      return (v !== undefined && v.value !== '') === (word === 'ifdef');
    }
    let a: string;
    let b: string;
    if (rest.startsWith('(') && rest.endsWith(')')) {
      const inner = rest.slice(1, -1);
      const comma = topLevel(inner, ',');
      if (comma < 0) throw new Stop('invalid syntax in conditional', where);
      a = inner.slice(0, comma);
      b = inner.slice(comma + 1);
    } else {
      const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(rest);
      if (!m) throw new Stop('invalid syntax in conditional', where);
      a = m[2]!;
      b = m[4]!;
    }
    const x = (await h.ex.expand(a, h.globals)).trim();
    const y = (await h.ex.expand(b, h.globals)).trim();
    return (x === y) === (word === 'ifeq');
  }

  async #rule(text: string, raw: string, where: Where, ctx: { endRule(): void; startRule(r: ParsedRule): void }) {
    const h = this.#h;
    let colon = topLevel(text, ':');
    if (colon < 0) {
      // A line of references: `$(info …)`, `$(eval …)`, or a rule a variable holds.
      const expanded = (await h.ex.expand(text, h.globals)).trim();
      if (expanded === '') return;
      colon = expanded.includes(':') ? topLevel(expanded.replaceAll('$', '$$'), ':') : -1;
      if (colon >= 0) text = expanded.replaceAll('$', '$$');
    }
    if (colon < 0) {
      if (raw.startsWith('\t')) throw new Stop('recipe commences before first target', where);
      if (raw.startsWith('        '))
        throw new Stop('missing separator (did you mean TAB instead of 8 spaces?)', where);
      throw new Stop('missing separator', where);
    }
    let rest = text.slice(colon + 1);
    const doubleColon = rest.startsWith(':');
    if (doubleColon) rest = rest.slice(1);
    let recipe: string | undefined;
    const semi = topLevel(rest, ';');
    if (semi >= 0) {
      recipe = rest.slice(semi + 1).trimStart();
      rest = rest.slice(0, semi);
    }
    const targets = names(await h.ex.expand(text.slice(0, colon), h.globals));
    const asg = semi < 0 ? findAssignment(rest) : undefined;
    if (asg) {
      ctx.endRule();
      let name = asg.name;
      let origin: Origin = 'file';
      let exported: boolean | undefined;
      for (let m; (m = /^(override|export|private)\s+/.exec(name)); name = name.slice(m[0].length)) {
        if (m[1] === 'override') origin = 'override';
        if (m[1] === 'export') exported = true;
      }
      name = (await h.ex.expand(name, h.globals)).trim();
      for (const t of targets) {
        const a: Assignment = { name, op: asg.op, value: asg.value, origin, exported, where };
        if (t.includes('%')) h.db.patternVars.push([t, a]);
        else h.db.targetVars.set(t, [...(h.db.targetVars.get(t) ?? []), a]);
      }
      return;
    }
    const split = async (s: string): Promise<[string[], string[]]> => {
      const ws = names(await h.ex.expand(s, h.globals));
      const bar = ws.indexOf('|');
      return bar < 0 ? [ws, []] : [ws.slice(0, bar), ws.slice(bar + 1)];
    };
    const r: ParsedRule = {
      targets,
      prereqs: [],
      orderOnly: [],
      pattern: false,
      doubleColon,
      lines: [],
      hasRecipe: false,
      where,
    };
    const second = topLevel(rest, ':');
    if (second >= 0) {
      const [pat] = await split(rest.slice(0, second));
      const [prereqs, orderOnly] = await split(rest.slice(second + 1));
      if (pat?.length !== 1 || !pat[0]!.includes('%')) throw new Stop("target pattern contains no '%'", where);
      r.stem = { pattern: pat[0]!, prereqs, orderOnly };
    } else {
      [r.prereqs, r.orderOnly] = await split(rest);
      r.pattern = targets.some((t) => t.includes('%'));
      if (r.pattern && !targets.every((t) => t.includes('%'))) throw new Stop('mixed implicit and normal rules', where);
    }
    if (recipe !== undefined) {
      r.hasRecipe = true;
      if (recipe !== '') r.lines.push({ text: recipe, where });
    }
    ctx.startRule(r);
  }
}
