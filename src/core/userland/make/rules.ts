// What a makefile leaves behind: targets with their prerequisites and recipes, pattern and
// suffix rules, GNU's built-in rules and variables for C and C++, and the implicit rule search
// that picks a rule for a target without a recipe.
// https://www.gnu.org/software/make/manual/html_node/Implicit-Rules.html
import { matchStem, type AssignOp, type Origin, type Where } from './variables.ts';

export interface RecipeLine {
  text: string;
  where: Where;
}

export interface Target {
  name: string;
  prereqs: string[];
  orderOnly: string[];
  /** undefined: no rule gave a recipe (`x: ;` gives an empty one). */
  recipe: RecipeLine[] | undefined;
  /** A static pattern rule's stem, `$*`. */
  stem?: string;
  /** `t:: …` rules: each runs on its own when its prerequisites are newer (or it has none). */
  doubleColon?: Array<{ prereqs: string[]; orderOnly: string[]; recipe: RecipeLine[] }>;
}

export interface PatternRule {
  /** Patterns, each with one `%`. */
  targets: string[];
  prereqs: string[];
  orderOnly: string[];
  recipe: RecipeLine[] | undefined;
  /** A suffix rule (`.c.o:`): it applies only while both suffixes are in .SUFFIXES. */
  suffixes?: [from: string, to: string];
  builtin?: boolean;
}

/** A rule as the reader found it, before it goes into the database. */
export interface ParsedRule {
  targets: string[];
  prereqs: string[];
  orderOnly: string[];
  pattern: boolean;
  /** A static pattern rule's target pattern and prerequisite patterns. */
  stem?: { pattern: string; prereqs: string[]; orderOnly: string[] };
  doubleColon: boolean;
  lines: RecipeLine[];
  /** `x: ;` has a recipe, even an empty one. */
  hasRecipe: boolean;
  where: Where;
}

export interface Assignment {
  name: string;
  op: AssignOp;
  value: string;
  origin: Origin;
  exported?: boolean;
  where: Where;
}

export const DEFAULT_SUFFIXES = (
  '.out .a .ln .o .c .cc .C .cpp .p .f .F .m .r .y .l .ym .yl .s .S .mod .sym .def .h .info .dvi .tex ' +
  '.texinfo .texi .txinfo .w .ch .web .sh .elc .el'
).split(' ');

/** GNU make 4.3's built-in variables (`make -p`), the ones C and C++ builds use. */
export const BUILTIN_VARIABLES: ReadonlyArray<[string, string]> = [
  ['AR', 'ar'],
  ['ARFLAGS', 'rv'],
  ['AS', 'as'],
  ['CC', 'cc'],
  ['CXX', 'g++'],
  ['CPP', '$(CC) -E'],
  ['LD', 'ld'],
  ['LEX', 'lex'],
  ['YACC', 'yacc'],
  ['RM', 'rm -f'],
  ['OUTPUT_OPTION', '-o $@'],
  ['COMPILE.c', '$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c'],
  ['COMPILE.cc', '$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c'],
  ['COMPILE.cpp', '$(COMPILE.cc)'],
  ['COMPILE.C', '$(COMPILE.cc)'],
  ['COMPILE.s', '$(AS) $(ASFLAGS) $(TARGET_MACH)'],
  ['COMPILE.S', '$(CC) $(ASFLAGS) $(CPPFLAGS) $(TARGET_MACH) -c'],
  ['PREPROCESS.S', '$(CC) -E $(CPPFLAGS)'],
  ['LINK.c', '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)'],
  ['LINK.cc', '$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)'],
  ['LINK.cpp', '$(LINK.cc)'],
  ['LINK.C', '$(LINK.cc)'],
  ['LINK.o', '$(CC) $(LDFLAGS) $(TARGET_ARCH)'],
  ['LINK.s', '$(CC) $(ASFLAGS) $(LDFLAGS) $(TARGET_MACH)'],
  ['LINK.S', '$(CC) $(ASFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_MACH)'],
];

const BUILTIN_WHERE: Where = { file: '<builtin>', line: 0 };

/** GNU's built-in rules are suffix rules, so `.SUFFIXES:` turns them off as it does there. */
const BUILTIN_RULES: ReadonlyArray<[from: string, to: string, recipe: string]> = [
  ['.c', '.o', '$(COMPILE.c) $(OUTPUT_OPTION) $<'],
  ['.cc', '.o', '$(COMPILE.cc) $(OUTPUT_OPTION) $<'],
  ['.cpp', '.o', '$(COMPILE.cpp) $(OUTPUT_OPTION) $<'],
  ['.C', '.o', '$(COMPILE.C) $(OUTPUT_OPTION) $<'],
  ['.s', '.o', '$(COMPILE.s) -o $@ $<'],
  ['.S', '.o', '$(COMPILE.S) -o $@ $<'],
  ['.o', '', '$(LINK.o) $^ $(LOADLIBES) $(LDLIBS) -o $@'],
  ['.c', '', '$(LINK.c) $^ $(LOADLIBES) $(LDLIBS) -o $@'],
  ['.cc', '', '$(LINK.cc) $^ $(LOADLIBES) $(LDLIBS) -o $@'],
  ['.cpp', '', '$(LINK.cpp) $^ $(LOADLIBES) $(LDLIBS) -o $@'],
  ['.C', '', '$(LINK.C) $^ $(LOADLIBES) $(LDLIBS) -o $@'],
  ['.sh', '', 'cat $< >$@\n\tchmod a+x $@'],
];

export function suffixRule(from: string, to: string, recipe: RecipeLine[] | undefined, builtin = false): PatternRule {
  return { targets: [`%${to}`], prereqs: [`%${from}`], orderOnly: [], recipe, suffixes: [from, to], builtin };
}

export class Database {
  readonly targets = new Map<string, Target>();
  readonly patterns: PatternRule[] = [];
  readonly builtins: PatternRule[];
  suffixes: string[] = [...DEFAULT_SUFFIXES];
  readonly phony = new Set<string>();
  readonly silent = new Set<string>();
  readonly ignore = new Set<string>();
  /** .PRECIOUS and .SECONDARY: intermediate files that stay. */
  readonly keep = new Set<string>();
  silentAll = false;
  ignoreAll = false;
  oneshell = false;
  deleteOnError = false;
  /** `export` alone or .EXPORT_ALL_VARIABLES. */
  exportAll = false;
  /** The first ordinary target, unless .DEFAULT_GOAL says otherwise. */
  firstTarget: string | undefined;
  defaultRecipe: RecipeLine[] | undefined;
  readonly targetVars = new Map<string, Assignment[]>();
  readonly patternVars: Array<[pattern: string, a: Assignment]> = [];

  constructor(withBuiltins: boolean) {
    this.builtins = withBuiltins
      ? BUILTIN_RULES.map(([from, to, recipe]) =>
          suffixRule(
            from,
            to,
            recipe.split('\n\t').map((text) => ({ text, where: BUILTIN_WHERE })),
            true,
          ),
        )
      : [];
  }

  target(name: string): Target {
    let t = this.targets.get(name);
    if (!t) {
      t = { name, prereqs: [], orderOnly: [], recipe: undefined };
      this.targets.set(name, t);
    }
    return t;
  }

  /** `%.o: %.c` with no recipe cancels the rule it names; a new one replaces an old one. */
  addPattern(rule: PatternRule): void {
    const same = (r: PatternRule): boolean =>
      r.targets.join(' ') === rule.targets.join(' ') && r.prereqs.join(' ') === rule.prereqs.join(' ');
    for (const list of [this.patterns, this.builtins]) {
      const at = list.findIndex(same);
      if (at >= 0) list.splice(at, 1);
    }
    if (rule.recipe !== undefined) this.patterns.push(rule);
  }

  /** `.c.o` or `.c` as a suffix rule's pair, when the suffixes are known. */
  suffixPair(name: string): [string, string] | undefined {
    if (this.suffixes.includes(name)) return [name, ''];
    for (const s of this.suffixes) {
      if (name.startsWith(s) && name.length > s.length && this.suffixes.includes(name.slice(s.length))) {
        return [s, name.slice(s.length)];
      }
    }
    return undefined;
  }

  /** A rule, once its recipe lines have ended; `warn` prints `WHERE: text`. */
  addRule(r: ParsedRule, warn: (where: Where, text: string) => void): void {
    const recipe = r.hasRecipe || r.lines.length > 0 ? r.lines : undefined;
    if (r.pattern) {
      this.addPattern({ targets: r.targets, prereqs: r.prereqs, orderOnly: r.orderOnly, recipe });
      return;
    }
    for (const name of r.targets) {
      if (this.#special(name, r.prereqs, recipe)) continue;
      const pair = r.prereqs.length === 0 && !r.stem ? this.suffixPair(name) : undefined;
      if (pair && recipe !== undefined) {
        this.addPattern(suffixRule(pair[0], pair[1], recipe));
        continue;
      }
      const t = this.target(name);
      if (this.firstTarget === undefined && (!name.startsWith('.') || name.includes('/'))) this.firstTarget = name;
      if (r.doubleColon) {
        (t.doubleColon ??= []).push({ prereqs: r.prereqs, orderOnly: r.orderOnly, recipe: recipe ?? [] });
        continue;
      }
      if (r.stem) {
        const stem = matchStem(r.stem.pattern, name);
        if (stem === undefined) {
          warn(r.where, `target '${name}' doesn't match the target pattern`);
          continue;
        }
        t.stem = stem;
        t.prereqs.push(...r.stem.prereqs.map((p) => p.replace('%', () => stem)));
        t.orderOnly.push(...r.stem.orderOnly.map((p) => p.replace('%', () => stem)));
      } else {
        t.prereqs.push(...r.prereqs);
        t.orderOnly.push(...r.orderOnly);
      }
      if (recipe === undefined) continue;
      if (t.recipe !== undefined && t.recipe.length > 0) {
        warn(recipe[0]?.where ?? r.where, `warning: overriding recipe for target '${name}'`);
        warn(t.recipe[0]!.where, `warning: ignoring old recipe for target '${name}'`);
      }
      t.recipe = recipe;
    }
  }

  /** GNU's special targets; true when `name` is one. */
  #special(name: string, prereqs: string[], recipe: RecipeLine[] | undefined): boolean {
    switch (name) {
      case '.PHONY':
        for (const p of prereqs) this.phony.add(p);
        return true;
      case '.SUFFIXES':
        this.suffixes = prereqs.length === 0 ? [] : [...this.suffixes, ...prereqs];
        return true;
      case '.SILENT':
        if (prereqs.length === 0) this.silentAll = true;
        for (const p of prereqs) this.silent.add(p);
        return true;
      case '.IGNORE':
        if (prereqs.length === 0) this.ignoreAll = true;
        for (const p of prereqs) this.ignore.add(p);
        return true;
      case '.DEFAULT':
        this.defaultRecipe = recipe;
        return true;
      case '.ONESHELL':
        this.oneshell = true;
        return true;
      case '.DELETE_ON_ERROR':
        this.deleteOnError = true;
        return true;
      case '.EXPORT_ALL_VARIABLES':
        this.exportAll = true;
        return true;
      case '.PRECIOUS':
      case '.SECONDARY':
        for (const p of prereqs) this.keep.add(p);
        return true;
      case '.INTERMEDIATE':
      case '.NOTINTERMEDIATE':
      case '.NOTPARALLEL':
      case '.POSIX':
      case '.LOW_RESOLUTION_TIME':
      case '.SECONDEXPANSION':
      case '.WAIT':
        return true;
      default:
        return false;
    }
  }

  #active(r: PatternRule): boolean {
    if (!r.suffixes) return true;
    const [from, to] = r.suffixes;
    return this.suffixes.includes(from) && (to === '' || this.suffixes.includes(to));
  }

  rules(): PatternRule[] {
    return [...this.patterns, ...this.builtins].filter((r) => this.#active(r));
  }
}

export interface Match {
  rule: PatternRule;
  stem: string;
  prereqs: string[];
  orderOnly: string[];
}

/** The stem of `name` under a target pattern: without a `/` in it, only the file name part matches. */
function stemOf(pattern: string, name: string): { stem: string; dir: string } | undefined {
  if (pattern.includes('/')) {
    const stem = matchStem(pattern, name);
    return stem === undefined ? undefined : { stem, dir: '' };
  }
  const slash = name.lastIndexOf('/');
  const dir = name.slice(0, slash + 1);
  const stem = matchStem(pattern, name.slice(slash + 1));
  return stem === undefined ? undefined : { stem, dir };
}

function fill(pattern: string, stem: string, dir: string): string {
  if (!pattern.includes('%')) return pattern;
  const filled = pattern.replace('%', () => stem);
  return pattern.includes('/') ? filled : dir + filled;
}

/**
 * GNU's implicit rule search, simplified: the first rule whose prerequisites all exist or
 * ought to (`ought`: a target or prerequisite the makefile names), else the first whose missing ones another rule can
 * make (a chain, as `%: %.o` + `%.o: %.c`). A match-anything rule (`%: …`) is not tried for
 * a name that another rule's target pattern says is a specific type (foo.c, foo.o).
 */
export function findImplicit(db: Database, name: string, ought: (n: string) => boolean): Match | undefined {
  return search(db, name, ought, new Set());
}

function search(db: Database, name: string, ought: (n: string) => boolean, used: Set<PatternRule>): Match | undefined {
  const rules = db.rules().filter((r) => !used.has(r));
  const specific =
    db.suffixes.some((s) => name.length > s.length && name.endsWith(s)) ||
    rules.some((r) => r.targets.some((p) => p !== '%' && stemOf(p, name) !== undefined));
  const candidates: Match[] = [];
  for (const rule of rules) {
    for (const pattern of rule.targets) {
      if (pattern === '%' && specific) continue;
      const m = stemOf(pattern, name);
      if (!m || (pattern === '%' && m.stem === '')) continue;
      const stem = m.dir + m.stem;
      candidates.push({
        rule,
        stem,
        prereqs: rule.prereqs.map((p) => fill(p, m.stem, m.dir)),
        orderOnly: rule.orderOnly.map((p) => fill(p, m.stem, m.dir)),
      });
      break;
    }
  }
  const direct = candidates.find((c) => c.prereqs.every(ought));
  if (direct || used.size >= 3) return direct;
  return candidates.find((c) =>
    c.prereqs.every((p) => ought(p) || search(db, p, ought, new Set([...used, c.rule])) !== undefined),
  );
}
