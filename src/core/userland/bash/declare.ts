// declare (typeset), local, readonly, export and unset: bash's variables with their
// attributes, arrays and scopes (a function's declare is local unless -g), and declare -p's
// and declare -f's listings as bash writes them.
// https://www.gnu.org/software/bash/manual/html_node/Bash-Builtins.html#index-declare
import type { Builtin } from '../sh/builtins.ts';
import type { Shell } from '../sh/eval.ts';
import type { Io } from '../sh/redirect.ts';
import { AssocArray, IndexedArray } from '../sh/arrays.ts';
import { NAME, type Var } from '../sh/state.ts';
import { utf8 } from '../lib/index.ts';
import { functionText } from './print.ts';
import { assocKey, declareValue } from './quote.ts';
import { attributes, type Assignment, type BashShell } from './shell.ts';

const REF = /^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/s;

function ext(sh: Shell): BashShell {
  return sh.ext as BashShell;
}

const print = (io: Io, text: string): void => io.stdout(utf8(text));

/** declare -p's line for a variable. */
export function declareLine(name: string, v: Var): string {
  const flags = attributes(v) || '-';
  if (v.array) {
    if (v.unset) return `declare -${flags} ${name}\n`;
    const keys = v.array.keys();
    const key = (k: string | number): string => (typeof k === 'string' ? assocKey(k) : String(k));
    const body = keys.map((k) => `[${key(k)}]=${declareValue(v.array!.get(k as never)!)}`).join(' ');
    const tail = v.array.kind === 'assoc' && keys.length > 0 ? ' ' : '';
    return `declare -${flags} ${name}=(${body}${tail})\n`;
  }
  if (v.unset) return `declare -${flags} ${name}\n`;
  return `declare -${flags} ${name}=${declareValue(v.value)}\n`;
}

interface Flags {
  on: Set<string>;
  off: Set<string>;
}

/** Option letters up to the first name; null after printing the usage error. */
function parseFlags(
  sh: Shell,
  argv: string[],
  io: Io,
  letters: string,
  usage: string,
): { flags: Flags; rest: number } | null {
  const flags: Flags = { on: new Set(), off: new Set() };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+]./.test(a)) break;
    for (const c of a.slice(1)) {
      if (!letters.includes(c)) {
        sh.diag(io, `${argv[0]}: ${a[0]}${c}: invalid option`);
        io.stderr(utf8(`${argv[0]}: usage: ${usage}\n`));
        return null;
      }
      (a[0] === '-' ? flags.on : flags.off).add(c);
    }
  }
  return { flags, rest: i };
}

/** The argument at `i` as an assignment: from the word itself when it was one, else from its text. */
function assignmentAt(sh: Shell, argv: string[], i: number): Assignment | { name: string } | null {
  const known = ext(sh).declarations.get(i);
  if (known) return known;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?(\+?)=(.*)$/s.exec(argv[i]!);
  if (!m) return null;
  return {
    name: m[1]!,
    key: m[2] ?? null,
    append: m[3] === '+',
    value: { kind: 'string', value: m[4]! },
    text: argv[i]!,
  };
}

/** Where `name` is to be declared: a new local in the running function, or where it lives now. */
function scope(sh: Shell, name: string, local: boolean, global: boolean): void {
  const s = sh.state;
  const frame = s.locals[s.locals.length - 1];
  if (local && frame && !frame.has(name)) {
    const old = s.vars.get(name);
    frame.set(name, old ? { ...old } : undefined);
    s.vars.set(name, { value: '', exported: false, readonly: false, unset: true });
    return;
  }
  if (global && !local) {
    // -g in a function: the global one, even when a local hides it.
    for (const f of s.locals) {
      if (f.has(name)) {
        let v = f.get(name);
        if (!v) {
          v = { value: '', exported: false, readonly: false, unset: true };
          f.set(name, v);
        }
        return;
      }
    }
  }
}

/** The Var `name` stands for in the scope declare works on (the saved global for -g), made when missing. */
function target(sh: Shell, name: string, global: boolean): Var {
  const s = sh.state;
  if (global) {
    for (const f of s.locals) {
      if (f.has(name)) return f.get(name)!;
    }
  }
  let v = s.vars.get(name);
  if (!v) {
    v = { value: '', exported: false, readonly: false, unset: true };
    s.vars.set(name, v);
  }
  return v;
}

function addAttr(v: Var, c: string, on: boolean): void {
  let attrs = v.attrs ?? '';
  if (on && c === 'l') attrs = attrs.replace('u', '');
  if (on && c === 'u') attrs = attrs.replace('l', '');
  if (on && !attrs.includes(c)) attrs += c;
  if (!on) attrs = attrs.replace(c, '');
  v.attrs = attrs === '' ? undefined : attrs;
}

/** Applies declare's flags and value to one name; false after a message. */
function declareOne(
  sh: Shell,
  io: Io,
  cmd: string,
  arg: Assignment | { name: string },
  flags: Flags,
  local: boolean,
): boolean {
  const name = arg.name;
  const e = ext(sh);
  const on = flags.on;
  const off = flags.off;
  const global = on.has('g');
  if (on.has('n') && 'value' in arg && arg.value.kind === 'string' && arg.value.value === name) {
    sh.diag(io, `${cmd}: ${name}: nameref variable self references not allowed`);
    return false;
  }
  scope(sh, name, local, global);
  const v = target(sh, e.resolve(name) === name || on.has('n') ? name : e.resolve(name), global);
  if ('value' in arg && v.readonly && !(on.size === 1 && on.has('r'))) {
    sh.diag(io, `${cmd}: ${name}: readonly variable`);
    return false;
  }
  if (on.has('A') && v.array?.kind === 'indexed') {
    sh.diag(io, `${cmd}: ${name}: cannot convert indexed to associative array`);
    return false;
  }
  if (on.has('a') && v.array?.kind === 'assoc') {
    sh.diag(io, `${cmd}: ${name}: cannot convert associative to indexed array`);
    return false;
  }
  if (on.has('n')) {
    const refValue = 'value' in arg && arg.value.kind === 'string' ? arg.value.value : v.unset ? '' : v.value;
    if (refValue !== '' && !REF.test(refValue)) {
      sh.diag(io, `${cmd}: \`${refValue}': invalid variable name for name reference`);
      return false;
    }
  }
  for (const c of 'ilnutx') {
    if (c === 'x') continue;
    if (on.has(c)) addAttr(v, c, true);
    if (off.has(c)) addAttr(v, c, false);
  }
  if (on.has('x')) v.exported = true;
  if (off.has('x')) v.exported = false;
  if (on.has('a') && !v.array) {
    const arr = new IndexedArray();
    if (!v.unset) arr.set(0, v.value);
    v.array = arr;
    v.value = '';
  }
  if (on.has('A') && !v.array) {
    v.array = new AssocArray();
    v.value = '';
    v.unset = true;
  }
  if ('value' in arg) {
    const assoc = on.has('A') || v.array?.kind === 'assoc';
    const assign = (): void => {
      const text = arg.value.kind === 'string' ? arg.value.value : '';
      if (arg.value.kind === 'string' && arg.key === null && v.array && !arg.append && /^\(.*\)$/s.test(text)) {
        // declare -a a="(1 2)": the string is read as a list.
        const words = text
          .slice(1, -1)
          .split(/\s+/)
          .filter((x) => x !== '');
        e.assignArray(
          name,
          words.map((x) => ({ key: null, value: x, append: false })),
          false,
        );
      } else e.perform({ ...arg, name: on.has('n') ? name : e.resolve(name) }, assoc);
    };
    const shown = sh.state.vars.get(name);
    if (global && shown !== v) {
      // -g in a function whose local hides the global: assign the global itself.
      sh.state.vars.set(name, v);
      try {
        assign();
      } finally {
        if (shown) sh.state.vars.set(name, shown);
        else sh.state.vars.delete(name);
      }
    } else assign();
  }
  if (on.has('r')) v.readonly = true;
  return true;
}

/** Function attribute letters, in declare's order. */
const FUNCTION_ATTRS = 'rtx';

/** The letters in `set` that are function attributes, in declare's order. */
function functionLetters(set: ReadonlySet<string>): string {
  return [...FUNCTION_ATTRS].filter((c) => set.has(c)).join('');
}

/**
 * declare -f and -F (and export -f, readonly -f): with attribute letters and names, gives the
 * functions those attributes; else prints them (bodies, or names for -F), the ones with
 * attributes followed by `declare -fATTRS NAME`, only those that have `wanted` when listing all.
 */
function functions(sh: Shell, io: Io, cmd: string, names: string[], flags: Flags, bodies: boolean): number {
  const s = sh.state;
  const on = functionLetters(flags.on);
  const off = functionLetters(flags.off);
  let status = 0;
  if (names.length > 0 && (on !== '' || off !== '')) {
    for (const n of names) {
      if (!s.functions.has(n)) {
        if (cmd !== 'declare' && cmd !== 'typeset') sh.diag(io, `${cmd}: ${n}: not a function`);
        status = 1;
        continue;
      }
      const attrs = s.functionAttrs.get(n) ?? '';
      if (attrs.includes('r') && off.includes('r')) {
        sh.diag(io, `${cmd}: ${n}: readonly function`);
        status = 1;
        continue;
      }
      const next = [...FUNCTION_ATTRS]
        .filter((c) => (attrs.includes(c) || on.includes(c)) && !off.includes(c))
        .join('');
      if (next === '') s.functionAttrs.delete(n);
      else s.functionAttrs.set(n, next);
    }
    return status;
  }
  const list = names.length > 0 ? names : [...s.functions.keys()].sort();
  for (const n of list) {
    const f = s.functions.get(n);
    if (!f) {
      status = 1;
      continue;
    }
    const attrs = s.functionAttrs.get(n) ?? '';
    if (names.length === 0 && [...on].some((c) => !attrs.includes(c))) continue;
    if (!bodies) {
      // -F lists `declare -f NAME` for them all, and only the name for the ones asked for.
      print(io, names.length > 0 ? `${n}\n` : `declare -f${attrs} ${n}\n`);
      continue;
    }
    print(io, `${functionText(n, f.body)}\n`);
    if (attrs !== '') print(io, `declare -f${attrs} ${n}\n`);
  }
  return status;
}

/** declare -p with no names (or attribute flags): every variable that has those attributes. */
function listAll(sh: Shell, io: Io, flags: Flags): void {
  const wanted = [...flags.on].filter((c) => c !== 'p' && c !== 'g');
  const names = [...sh.state.vars.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) {
    const v = sh.state.vars.get(n)!;
    const attrs = attributes(v);
    if (wanted.some((c) => !attrs.includes(c))) continue;
    print(io, declareLine(n, v));
  }
}

/** `declare` alone: every variable as NAME=VALUE, quoted to be read back. */
function listPlain(sh: Shell, io: Io): void {
  const names = [...sh.state.vars.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) {
    const v = sh.state.vars.get(n)!;
    if (v.unset) continue;
    if (v.array) {
      const line = declareLine(n, v);
      print(io, `${n}=${line.slice(line.indexOf('=') + 1)}`);
    } else print(io, `${n}=${ext(sh).host(io).quote(v.value)}\n`);
  }
}

const DECLARE_USAGE = 'declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]';

function declaration(kind: 'declare' | 'typeset' | 'local'): Builtin {
  return (sh, argv, io) => {
    const s = sh.state;
    if (kind === 'local' && s.locals.length === 0) {
      sh.diag(io, 'local: can only be used in a function');
      return 1;
    }
    const usage = kind === 'local' ? 'local [option] name[=value] ...' : DECLARE_USAGE.replace(/declare/g, kind);
    const parsed = parseFlags(sh, argv, io, 'aAfFgiIlnprtux', usage);
    if (!parsed) return 2;
    const { flags, rest } = parsed;
    const args = argv.slice(rest);
    if (flags.on.has('f') || flags.on.has('F')) return functions(sh, io, kind, args, flags, !flags.on.has('F'));
    if (args.length === 0) {
      if (flags.on.size === 0 && flags.off.size === 0) listPlain(sh, io);
      else listAll(sh, io, flags);
      return 0;
    }
    if (flags.on.has('p')) return printNames(sh, io, args, kind);
    const local = kind === 'local' || (s.locals.length > 0 && !flags.on.has('g'));
    let status = 0;
    for (let i = rest; i < argv.length; i++) {
      const a = argv[i]!;
      if (kind === 'local' && a === '-') {
        saveOptions(sh);
        continue;
      }
      const arg = assignmentAt(sh, argv, i) ?? { name: a };
      if (!NAME.test(arg.name)) {
        sh.diag(io, `${kind}: \`${a}': not a valid identifier`);
        status = 1;
        continue;
      }
      if (!declareOne(sh, io, kind, arg, flags, local)) status = 1;
    }
    return status;
  };
}

/** local -: the function's options come back when it returns. */
function saveOptions(sh: Shell): void {
  const s = sh.state;
  const frame = s.locals[s.locals.length - 1]!;
  if (!s.localOptions.has(frame))
    s.localOptions.set(frame, { options: { ...s.options }, more: new Set(s.moreOptions) });
}

function printNames(sh: Shell, io: Io, names: string[], cmd: string): number {
  let status = 0;
  for (const n of names) {
    const v = sh.state.vars.get(n);
    if (!v) {
      sh.diag(io, `${cmd}: ${n}: not found`);
      status = 1;
      continue;
    }
    print(io, declareLine(n, v));
  }
  return status;
}

/** readonly and export: declare -r and -x by other names, with their own listings. */
function attribute(kind: 'readonly' | 'export'): Builtin {
  const letter = kind === 'readonly' ? 'r' : 'x';
  return (sh, argv, io) => {
    const usage =
      kind === 'readonly'
        ? 'readonly [-aAf] [name[=value] ...] or readonly -p'
        : 'export [-fn] [name[=value] ...] or export -p';
    const parsed = parseFlags(sh, argv, io, kind === 'readonly' ? 'aAfp' : 'fnp', usage);
    if (!parsed) return 2;
    const { flags, rest } = parsed;
    const args = argv.slice(rest);
    if (flags.on.has('f')) {
      const on = new Set<string>();
      const off = new Set<string>();
      (kind === 'export' && flags.on.has('n') ? off : on).add(letter);
      return functions(sh, io, kind, args, { on, off }, true);
    }
    if (args.length === 0) {
      const names = [...sh.state.vars.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const n of names) {
        const v = sh.state.vars.get(n)!;
        if (kind === 'readonly' ? v.readonly : v.exported) print(io, declareLine(n, v));
      }
      return 0;
    }
    let status = 0;
    for (let i = rest; i < argv.length; i++) {
      const a = argv[i]!;
      const arg = assignmentAt(sh, argv, i) ?? { name: a };
      if (!NAME.test(arg.name)) {
        sh.diag(io, `${kind}: \`${a}': not a valid identifier`);
        status = 1;
        continue;
      }
      const on = new Set<string>(flags.on.has('a') ? ['a'] : flags.on.has('A') ? ['A'] : []);
      const off = new Set<string>();
      if (kind === 'export' && flags.on.has('n')) off.add('x');
      else on.add(letter);
      if (!declareOne(sh, io, kind, arg, { on, off }, false)) status = 1;
    }
    return status;
  };
}

/** The variables bash computes each time they are read, until they are unset. */
const DYNAMIC = new Set(['RANDOM', 'SRANDOM', 'SECONDS', 'EPOCHSECONDS', 'EPOCHREALTIME', 'BASHPID', 'LINENO']);

/** unset [-fv] name…: variables, array elements (a[i]), functions. */
const unset: Builtin = (sh, argv, io) => {
  const e = ext(sh);
  let mode: '' | 'f' | 'v' | 'n' = '';
  let i = 1;
  for (; i < argv.length && /^-[fvn]+$/.test(argv[i]!); i++) mode = argv[i]!.slice(-1) as 'f' | 'v' | 'n';
  if (argv[i] === '--') i++;
  let status = 0;
  for (const name of argv.slice(i)) {
    if (mode === 'f' || (mode === '' && !sh.state.vars.has(name) && sh.state.functions.has(name))) {
      if (sh.state.functionAttrs.get(name)?.includes('r')) {
        sh.diag(io, `unset: ${name}: cannot unset: readonly function`);
        status = 1;
        continue;
      }
      sh.state.functions.delete(name);
      sh.state.functionAttrs.delete(name);
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?$/s.exec(name);
    if (!m) {
      sh.diag(io, `unset: \`${name}': not a valid identifier`);
      status = 1;
      continue;
    }
    const base = mode === 'n' ? m[1]! : e.resolve(m[1]!);
    if (m[2] === undefined && DYNAMIC.has(base)) sh.state.notDynamic.add(base);
    const v = sh.state.vars.get(base);
    if (!v) {
      if (mode === '' && m[2] === undefined) sh.state.functions.delete(name);
      continue;
    }
    if (v.readonly) {
      sh.diag(io, `unset: ${base}: cannot unset: readonly variable`);
      status = 1;
      continue;
    }
    const sub = m[2];
    if (sub === undefined || sub === '@' || sub === '*') {
      sh.state.vars.delete(base);
      continue;
    }
    if (!v.array) {
      if (Number(sh.dialect.arith(sh, sub, null)) === 0) sh.state.vars.delete(base);
      continue;
    }
    if (v.array.kind === 'assoc') {
      v.array.delete(sub);
      continue;
    }
    let k = Number(sh.dialect.arith(sh, sub, null));
    if (k < 0) k += v.array.next();
    if (k < 0) {
      sh.diag(io, `unset: [${sub}]: bad array subscript`);
      status = 1;
      continue;
    }
    v.array.delete(k);
  }
  return status;
};

export const declarePrograms: ReadonlyArray<[string, Builtin]> = [
  ['declare', declaration('declare')],
  ['typeset', declaration('typeset')],
  ['local', declaration('local')],
  ['readonly', attribute('readonly')],
  ['export', attribute('export')],
  ['unset', unset],
];
