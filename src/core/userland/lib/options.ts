// Command-line options as GNU's getopt_long reads them (clustered flags, -n5 and -n 5,
// --name=value, a long name cut to any unambiguous prefix, "--"), parsed once into a typed
// record per command. Each field of the record names the short letters and long names that
// set it; bad usage is a UsageError in getopt's own words.
import { UsageError } from './errors.ts';

/** One field of a command's options: the names that set it and how each occurrence does. */
export interface Option<T> {
  /** Short letters (one character) and long names (more). */
  readonly names: readonly string[];
  /** Whether the names take an argument; `optional` ones only glued (-Ivalue, --name=value). */
  readonly argument: 'none' | 'required' | 'optional';
  /** The field's value when none of its names is given. */
  initial(): T;
  /** The field after `name` is given (with its argument; `operands`: how many came before it). */
  next(current: T, name: string, argument: string | undefined, operands: number): T;
  /** What `name` stands for, where names of one field differ (choice): names alike are synonyms. */
  meaning?(name: string): unknown;
}

type Spec = Record<string, Option<unknown>>;

/** The record a spec parses into. */
export type Options<S extends Spec> = { [K in keyof S]: S[K] extends Option<infer T> ? T : never };

export interface ParsedArgs<S extends Spec> {
  opts: Options<S>;
  operands: string[];
}

/** Set when any of `names` is given. */
function flag(...names: string[]): Option<boolean> {
  return { names, argument: 'none', initial: () => false, next: () => true };
}

/** How many times `names` are given (-vv). */
function count(...names: string[]): Option<number> {
  return { names, argument: 'none', initial: () => 0, next: (n) => n + 1 };
}

/** An option with an argument: the last one given. */
function arg(...names: string[]): Option<string | undefined> {
  return { names, argument: 'required', initial: () => undefined, next: (_, __, v) => v };
}

/** An option whose argument may be left out (`--color`, `-I`): "" when it is. */
function optionalArg(...names: string[]): Option<string | undefined> {
  return { names, argument: 'optional', initial: () => undefined, next: (_, __, v) => v ?? '' };
}

/** An option with an argument, every one given, in order (grep -e, sort -k). */
function args(...names: string[]): Option<string[]> {
  return { names, argument: 'required', initial: () => [], next: (list, _, v) => [...list, v!] };
}

/** `args` whose argument may be left out ("" for each bare one). */
function optionalArgs(...names: string[]): Option<string[]> {
  return { names, argument: 'optional', initial: () => [], next: (list, _, v) => [...list, v ?? ''] };
}

/** An option with an argument, each with how many operands came before it (tar's -C). */
function placedArgs(...names: string[]): Option<Array<{ value: string; operands: number }>> {
  return {
    names,
    argument: 'required',
    initial: () => [],
    next: (list, _, v, operands) => [...list, { value: v!, operands }],
  };
}

/** Options that each stand for a value, the last one given winning (rm -f/-i, grep -E/-F). */
function choice<V>(initial: V, values: Record<string, V>): Option<V> {
  return {
    names: Object.keys(values),
    argument: 'none',
    initial: () => initial,
    next: (_, name) => values[name]!,
    meaning: (name) => values[name],
  };
}

/** Options that each stand for a value, every one given, in order (tar's -c, -x, -t). */
function choices<V>(values: Record<string, V>): Option<V[]> {
  return {
    names: Object.keys(values),
    argument: 'none',
    initial: () => [],
    next: (list, name) => [...list, values[name]!],
    meaning: (name) => values[name],
  };
}

/** Options with arguments that each stand for a kind, every one in order (sed's -e and -f). */
function taggedArgs<V>(kinds: Record<string, V>): Option<Array<[V, string]>> {
  return {
    names: Object.keys(kinds),
    argument: 'required',
    initial: () => [],
    next: (list, name, v) => [...list, [kinds[name]!, v!]],
    meaning: (name) => kinds[name],
  };
}

/** The kinds of field a command's options are declared with: `opt.flag('p', 'parents')`. */
export const opt = { flag, count, arg, optionalArg, args, optionalArgs, placedArgs, choice, choices, taggedArgs };

/** A command's options: parse(args) gives the record and the operands. */
export function options<S extends Spec>(spec: S, o: { stopAtOperand?: boolean } = {}): CommandOptions<S> {
  return new CommandOptions(spec, o.stopAtOperand ?? false);
}

export class CommandOptions<S extends Spec> {
  readonly #spec: S;
  /** Stop at the first operand, as POSIX says (GNU tools go on looking for options). */
  readonly #stopAtOperand: boolean;
  /** Each name with the fields it sets and whether it takes an argument. */
  readonly #names = new Map<string, { fields: Array<keyof S>; argument: Option<unknown>['argument'] }>();
  readonly #long: string[];

  constructor(spec: S, stopAtOperand: boolean) {
    this.#spec = spec;
    this.#stopAtOperand = stopAtOperand;
    for (const field of Object.keys(spec) as Array<keyof S>) {
      const opt = spec[field]!;
      for (const name of opt.names) {
        const known = this.#names.get(name);
        if (known) known.fields.push(field);
        else this.#names.set(name, { fields: [field], argument: opt.argument });
      }
    }
    this.#long = [...this.#names.keys()].filter((n) => n.length > 1);
  }

  parse(argv: readonly string[]): ParsedArgs<S> {
    const opts = {} as Record<keyof S, unknown>;
    for (const field of Object.keys(this.#spec) as Array<keyof S>) opts[field] = this.#spec[field]!.initial();
    const operands: string[] = [];
    const given = (name: string, value: string | undefined): void => {
      for (const field of this.#names.get(name)!.fields) {
        opts[field] = this.#spec[field]!.next(opts[field], name, value, operands.length);
      }
    };
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') {
        operands.push(...argv.slice(i + 1));
        break;
      }
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        const name = this.#longName(eq < 0 ? a.slice(2) : a.slice(2, eq), a);
        const { argument } = this.#names.get(name)!;
        let value = eq < 0 ? undefined : a.slice(eq + 1);
        if (argument === 'none' && value !== undefined)
          throw new UsageError(`option '--${name}' doesn't allow an argument`);
        if (argument === 'required' && value === undefined) {
          value = argv[++i];
          if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
        }
        given(name, value);
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          const known = this.#names.get(c);
          if (!known) throw new UsageError(`invalid option -- '${c}'`);
          if (known.argument === 'none') {
            given(c, undefined);
            continue;
          }
          const value = a.slice(j + 1);
          if (value === '' && known.argument === 'required') {
            // The next word, even an empty one (patch -z '').
            const next = argv[++i];
            if (next === undefined) throw new UsageError(`option requires an argument -- '${c}'`);
            given(c, next);
          } else given(c, value === '' ? undefined : value);
          break;
        }
        continue;
      }
      operands.push(a);
      if (this.#stopAtOperand) {
        operands.push(...argv.slice(i + 1));
        break;
      }
    }
    return { opts: opts as Options<S>, operands };
  }

  /** The long name `given` (in the word `arg`) stands for: itself, or the one option it begins. */
  #longName(given: string, arg: string): string {
    if (this.#names.has(given) && given.length > 1) return given;
    // GNU tools all have --help and --version: those two words are never a cut of a longer name
    // (`sort --version` is not --version-sort).
    if (given === 'help' || given === 'version') throw new UsageError(`unrecognized option '--${given}'`);
    const prefixed = this.#long.filter((n) => n.startsWith(given));
    if (prefixed.length === 0) throw new UsageError(`unrecognized option '--${given}'`);
    // Synonyms (--quiet, --silent) are one option, as getopt_long counts them.
    const options = new Set(prefixed.map((n) => this.#identity(n)));
    if (options.size > 1) throw new UsageError(`option '${arg}' is ambiguous`);
    return prefixed[0]!;
  }

  /** What a name does: the fields it sets and what it stands for in each. */
  #identity(name: string): string {
    return JSON.stringify(this.#names.get(name)!.fields.map((f) => [f, this.#spec[f]!.meaning?.(name)]));
  }
}

/** The options of a command that takes none but still refuses what looks like one (sleep, tac). */
export const NO_OPTIONS = options({});

/** A count argument (head -n 5, tail -c 1K): digits with an optional multiplier suffix. */
export function parseCount(s: string, what: string): number {
  const m = /^([0-9]+)(b|kB|K|KiB|k|MB|M|MiB|GB|G|GiB)?$/.exec(s);
  if (!m) throw new UsageError(`invalid number of ${what}: '${s}'`);
  const mult: Record<string, number> = {
    b: 512,
    kB: 1000,
    K: 1024,
    k: 1024,
    KiB: 1024,
    MB: 1e6,
    M: 1 << 20,
    MiB: 1 << 20,
    GB: 1e9,
    G: 1 << 30,
    GiB: 1 << 30,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}
