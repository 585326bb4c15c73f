// Make's variables: two flavors, origins ranked as GNU ranks them (a command-line value beats
// the makefile's unless `override`), scopes for target-specific values, and the expansion of
// `$(...)` text that everything in make goes through.
// https://www.gnu.org/software/make/manual/html_node/Using-Variables.html
import { UserlandError } from '../lib/index.ts';

/** A makefile position, as messages print it: `Makefile:12`. */
export interface Where {
  file: string;
  line: number;
}

/** A fatal error: printed `WHERE: *** MESSAGE.  Stop.` (or `make: *** …` without a where), exit 2. */
export class Stop extends UserlandError {
  readonly where: Where | undefined;
  constructor(message: string, where?: Where) {
    super(message, 2);
    this.where = where;
  }
}

export type Origin =
  'default' | 'environment' | 'environment override' | 'file' | 'command line' | 'override' | 'automatic';

// GNU's `enum variable_origin` order: a definition replaces one of equal or lower rank.
const RANK: Record<Origin, number> = {
  default: 0,
  environment: 1,
  file: 2,
  'environment override': 3,
  'command line': 4,
  override: 5,
  automatic: 6,
};

export interface Variable {
  value: string;
  recursive: boolean;
  origin: Origin;
  /** true: `export`; false: `unexport`; undefined: GNU's default (environment and command line). */
  exported?: boolean;
}

export class Scope {
  readonly vars = new Map<string, Variable>();
  readonly parent: Scope | undefined;
  constructor(parent?: Scope) {
    this.parent = parent;
  }
  lookup(name: string): Variable | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  /** Every name visible here, innermost first. */
  names(): Set<string> {
    const out = new Set<string>(this.parent?.names());
    for (const k of this.vars.keys()) out.add(k);
    return out;
  }
  set(name: string, value: string, origin: Origin, recursive = false): void {
    const was = this.lookup(name);
    this.vars.set(name, { value, recursive, origin, exported: was?.exported });
  }
}

export type AssignOp = '=' | ':=' | '::=' | '?=' | '+=' | '!=';

/** What a function can be called with: its arguments unexpanded, unless the table says otherwise. */
export interface MakeFunction {
  min: number;
  /** The last argument takes the rest, commas and all; 0: no limit. */
  max: number;
  /** The function expands its own arguments (if, or, and, foreach, call's laziness). */
  lazy?: boolean;
  fn(args: string[], scope: Scope, ex: Expander): Promise<string>;
}

export class Expander {
  /** Where the text being expanded came from, for messages. */
  where: Where | undefined;
  functions: ReadonlyMap<string, MakeFunction> = new Map();
  readonly #active = new Set<Variable>();

  async expand(text: string, scope: Scope): Promise<string> {
    if (!text.includes('$')) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const d = text.indexOf('$', i);
      if (d < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, d);
      const c = text[d + 1];
      if (c === undefined) break;
      if (c === '$') {
        out += '$';
        i = d + 2;
      } else if (c === '(' || c === '{') {
        const end = matching(text, d + 2, c);
        if (end < 0) throw new Stop('unterminated variable reference', this.where);
        out += await this.#reference(text.slice(d + 2, end), scope);
        i = end + 1;
      } else {
        out += await this.valueOf(c, scope);
        i = d + 2;
      }
    }
    return out;
  }

  /** The value of a variable, expanded when recursive; '' when undefined. */
  async valueOf(name: string, scope: Scope): Promise<string> {
    const v = scope.lookup(name);
    if (!v) return '';
    if (!v.recursive) return v.value;
    if (this.#active.has(v)) throw new Stop(`Recursive variable '${name}' references itself (eventually)`, this.where);
    this.#active.add(v);
    try {
      return await this.expand(v.value, scope);
    } finally {
      this.#active.delete(v);
    }
  }

  async #reference(inner: string, scope: Scope): Promise<string> {
    const call = /^([a-z-]+)[ \t]+/.exec(inner) ?? /^([a-z-]+)$/.exec(inner);
    const f = call ? this.functions.get(call[1]!) : undefined;
    if (call && f) {
      const args = splitArgs(inner.slice(call[0].length), f.max);
      if (args.length < f.min) {
        throw new Stop(`insufficient number of arguments (${args.length}) to function '${call[1]}'`, this.where);
      }
      const given = f.lazy ? args : await Promise.all(args.map((a) => this.expand(a, scope)));
      return f.fn(given, scope, this);
    }
    // A substitution reference: $(VAR:a=b), $(VAR:%.c=%.o).
    const colon = topLevel(inner, ':');
    if (colon >= 0) {
      const eq = topLevel(inner, '=', colon + 1);
      if (eq >= 0) {
        const name = await this.expand(inner.slice(0, colon), scope);
        const from = await this.expand(inner.slice(colon + 1, eq), scope);
        const to = await this.expand(inner.slice(eq + 1), scope);
        const value = await this.valueOf(name, scope);
        const pFrom = from.includes('%') ? from : `%${from}`;
        const pTo = from.includes('%') ? to : `%${to}`;
        return words(value)
          .map((w) => patsubst(pFrom, pTo, w))
          .join(' ');
      }
    }
    return this.valueOf(await this.expand(inner, scope), scope);
  }

  /**
   * A definition, with GNU's precedence: a weaker origin leaves a stronger one alone, `?=`
   * only defines, `+=` keeps the flavor it appends to. `shell` runs `!=`'s command.
   */
  async assign(
    scope: Scope,
    name: string,
    op: AssignOp,
    raw: string,
    origin: Origin,
    shell: (cmd: string) => Promise<string>,
  ): Promise<void> {
    const was = scope.lookup(name);
    if (was && RANK[was.origin] > RANK[origin]) return;
    if (op === '?=' && was) return;
    let v: Variable;
    if (op === '+=' && was) {
      const more = was.recursive ? raw : await this.expand(raw, scope);
      const value = was.value === '' ? more : more === '' ? was.value : `${was.value} ${more}`;
      v = { value, recursive: was.recursive, origin };
    } else if (op === ':=' || op === '::=') {
      v = { value: await this.expand(raw, scope), recursive: false, origin };
    } else if (op === '!=') {
      v = { value: await shell(await this.expand(raw, scope)), recursive: false, origin };
    } else {
      v = { value: raw, recursive: true, origin };
    }
    v.exported = was?.exported;
    scope.vars.set(name, v);
  }
}

/** The index of the `)`/`}` closing a reference opened just before `from`, or -1. */
export function matching(text: string, from: number, open: string): number {
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === open) depth++;
    else if (c === close) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The first `ch` outside any `$(...)`/`${...}` from `from`, or -1. */
export function topLevel(text: string, ch: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/** A function's arguments, split at commas outside parentheses; the `max`th takes the rest. */
function splitArgs(text: string, max: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0 && (max === 0 || out.length < max - 1)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text !== '' || out.length > 0) out.push(text.slice(start));
  return out;
}

export function words(text: string): string[] {
  return text.split(/[ \t\n]+/).filter((w) => w !== '');
}

/** The stem `pattern` (with one `%`) matches in `word`, or undefined. */
export function matchStem(pattern: string, word: string): string | undefined {
  const at = pattern.indexOf('%');
  if (at < 0) return pattern === word ? '' : undefined;
  const pre = pattern.slice(0, at);
  const post = pattern.slice(at + 1);
  if (word.length < pre.length + post.length || !word.startsWith(pre) || !word.endsWith(post)) return undefined;
  return word.slice(pre.length, word.length - post.length);
}

/** `$(patsubst)` on one word: the replacement's `%` becomes the stem. */
export function patsubst(pattern: string, replacement: string, word: string): string {
  const stem = matchStem(pattern, word);
  if (stem === undefined) return word;
  if (!pattern.includes('%')) return replacement;
  return replacement.replace('%', () => stem);
}
