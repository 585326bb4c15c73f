// GNU make's built-in functions, `$(name args)`: text, file names, conditionals, call,
// shell and the message functions.
// https://www.gnu.org/software/make/manual/html_node/Functions.html
import { compareNames, expandPathname, type Fs, logical } from '../lib/index.ts';
import { matchStem, patsubst, Scope, Stop, words, type Expander, type MakeFunction } from './variables.ts';

/** What the functions need from the make running them. */
export interface FunctionHost {
  fs(): Fs;
  /** Runs `$(SHELL) -c cmd`; its output, and the exit status for .SHELLSTATUS. */
  shell(cmd: string, scope: Scope): Promise<string>;
  info(text: string): void;
  /** `Makefile:3: text` on stderr. */
  warning(text: string): void;
  eval(text: string): Promise<void>;
}

type Fn = MakeFunction['fn'];

function f(min: number, max: number, fn: Fn, lazy = false): MakeFunction {
  return { min, max, fn, lazy };
}

const sync =
  (fn: (a: string[]) => string): Fn =>
  (a) =>
    Promise.resolve(fn(a));

function eachWord(fn: (w: string) => string): Fn {
  return sync((a) =>
    words(a[0] ?? '')
      .map(fn)
      .filter((w) => w !== '')
      .join(' '),
  );
}

function filter(keep: boolean): Fn {
  return sync(([pats = '', text = '']) => {
    const ps = words(pats);
    return words(text)
      .filter((w) => ps.some((p) => matchStem(p, w) !== undefined) === keep)
      .join(' ');
  });
}

function number(s: string, fn: string, which: string): number {
  const t = s.trim();
  if (!/^[0-9]+$/.test(t)) throw new Stop(`non-numeric ${which} argument to '${fn}' function: '${t}'`);
  return Number(t);
}

function notdir(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1);
}

function suffixAt(w: string): number {
  const dot = w.lastIndexOf('.');
  return dot > w.lastIndexOf('/') ? dot : -1;
}

async function foreach(a: string[], scope: Scope, ex: Expander): Promise<string> {
  const name = (await ex.expand(a[0]!, scope)).trim();
  const list = words(await ex.expand(a[1] ?? '', scope));
  const out: string[] = [];
  for (const w of list) {
    const inner = new Scope(scope);
    inner.vars.set(name, { value: w, recursive: false, origin: 'automatic' });
    out.push(await ex.expand(a[2] ?? '', inner));
  }
  return out.filter((x) => x !== '').join(' ');
}

async function call(a: string[], scope: Scope, ex: Expander): Promise<string> {
  const name = a[0]!.trim();
  const v = scope.lookup(name);
  if (!v) return '';
  const inner = new Scope(scope);
  // Unset parameters hide an outer call's, as GNU's do.
  const n = Math.max(a.length, 10);
  for (let i = 0; i < n; i++) {
    inner.vars.set(String(i), { value: i === 0 ? name : (a[i] ?? ''), recursive: false, origin: 'automatic' });
  }
  return v.recursive ? ex.expand(v.value, inner) : v.value;
}

/** The function table, bound to a make's file system, shell and messages. */
export function makeFunctions(host: FunctionHost): Map<string, MakeFunction> {
  const lazyIf: Fn = async (a, scope, ex) => {
    const cond = (await ex.expand(a[0]!, scope)).trim();
    if (cond !== '') return ex.expand(a[1] ?? '', scope);
    return a.length > 2 ? ex.expand(a[2]!, scope) : '';
  };
  const or: Fn = async (a, scope, ex) => {
    for (const x of a) {
      const v = (await ex.expand(x, scope)).trim();
      if (v !== '') return v;
    }
    return '';
  };
  const and: Fn = async (a, scope, ex) => {
    let v = '';
    for (const x of a) {
      v = (await ex.expand(x, scope)).trim();
      if (v === '') return '';
    }
    return v;
  };
  const message =
    (say: (t: string) => void): Fn =>
    (a) => {
      say(a[0] ?? '');
      return Promise.resolve('');
    };
  return new Map<string, MakeFunction>([
    [
      'subst',
      f(
        3,
        3,
        sync(([from = '', to = '', text = '']) => (from === '' ? text + to : text.split(from).join(to))),
      ),
    ],
    [
      'patsubst',
      f(
        3,
        3,
        sync(([p = '', r = '', text = '']) =>
          words(text)
            .map((w) => patsubst(p.trim(), r.trim(), w))
            .join(' '),
        ),
      ),
    ],
    [
      'strip',
      f(
        1,
        1,
        sync(([t = '']) => words(t).join(' ')),
      ),
    ],
    [
      'findstring',
      f(
        2,
        2,
        sync(([find = '', t = '']) => (t.includes(find) ? find : '')),
      ),
    ],
    ['filter', f(2, 2, filter(true))],
    ['filter-out', f(2, 2, filter(false))],
    [
      'sort',
      f(
        1,
        1,
        sync(([t = '']) => [...new Set(words(t))].sort(compareNames).join(' ')),
      ),
    ],
    [
      'word',
      f(
        2,
        2,
        sync(([n = '', t = '']) => {
          const i = number(n, 'word', 'first');
          if (i === 0) throw new Stop("first argument to 'word' function must be greater than 0");
          return words(t)[i - 1] ?? '';
        }),
      ),
    ],
    [
      'wordlist',
      f(
        3,
        3,
        sync(([s = '', e = '', t = '']) => {
          const from = number(s, 'wordlist', 'first');
          if (from === 0) throw new Stop(`invalid first argument to 'wordlist' function: '0'`);
          return words(t)
            .slice(from - 1, number(e, 'wordlist', 'second'))
            .join(' ');
        }),
      ),
    ],
    [
      'words',
      f(
        1,
        1,
        sync(([t = '']) => String(words(t).length)),
      ),
    ],
    [
      'firstword',
      f(
        1,
        1,
        sync(([t = '']) => words(t)[0] ?? ''),
      ),
    ],
    [
      'lastword',
      f(
        1,
        1,
        sync(([t = '']) => words(t).at(-1) ?? ''),
      ),
    ],
    [
      'dir',
      f(
        1,
        1,
        eachWord((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './')),
      ),
    ],
    ['notdir', f(1, 1, eachWord(notdir))],
    [
      'suffix',
      f(
        1,
        1,
        eachWord((w) => (suffixAt(w) < 0 ? '' : w.slice(suffixAt(w)))),
      ),
    ],
    [
      'basename',
      f(
        1,
        1,
        eachWord((w) => (suffixAt(w) < 0 ? w : w.slice(0, suffixAt(w)))),
      ),
    ],
    [
      'addprefix',
      f(
        2,
        2,
        sync(([p = '', t = '']) =>
          words(t)
            .map((w) => p + w)
            .join(' '),
        ),
      ),
    ],
    [
      'addsuffix',
      f(
        2,
        2,
        sync(([s = '', t = '']) =>
          words(t)
            .map((w) => w + s)
            .join(' '),
        ),
      ),
    ],
    [
      'join',
      f(
        2,
        2,
        sync(([a = '', b = '']) => {
          const x = words(a);
          const y = words(b);
          return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => (x[i] ?? '') + (y[i] ?? '')).join(' ');
        }),
      ),
    ],
    [
      'wildcard',
      f(
        1,
        1,
        sync(([t = '']) =>
          words(t)
            .flatMap((p) => expandPathname(host.fs(), p))
            .join(' '),
        ),
      ),
    ],
    [
      'realpath',
      f(
        1,
        1,
        eachWord((w) => {
          try {
            return host.fs().realpath(w);
          } catch {
            return '';
          }
        }),
      ),
    ],
    [
      'abspath',
      f(
        1,
        1,
        eachWord((w) => logical(host.fs().abs(w))),
      ),
    ],
    ['foreach', f(3, 3, foreach, true)],
    ['if', f(2, 3, lazyIf, true)],
    ['or', f(1, 0, or, true)],
    ['and', f(1, 0, and, true)],
    ['call', f(1, 0, call)],
    ['shell', f(1, 1, (a, scope) => host.shell(a[0] ?? '', scope))],
    [
      'error',
      f(1, 1, (a, _scope, ex) => {
        throw new Stop(a[0] ?? '', ex.where);
      }),
    ],
    [
      'warning',
      f(
        1,
        1,
        message((t) => host.warning(t)),
      ),
    ],
    [
      'info',
      f(
        1,
        1,
        message((t) => host.info(t)),
      ),
    ],
    ['origin', f(1, 1, (a, scope) => Promise.resolve(scope.lookup(a[0]!.trim())?.origin ?? 'undefined'))],
    ['value', f(1, 1, (a, scope) => Promise.resolve(scope.lookup(a[0]!.trim())?.value ?? ''))],
    [
      'flavor',
      f(1, 1, (a, scope) => {
        const v = scope.lookup(a[0]!.trim());
        return Promise.resolve(v ? (v.recursive ? 'recursive' : 'simple') : 'undefined');
      }),
    ],
    [
      'eval',
      f(1, 1, async (a) => {
        await host.eval(a[0] ?? '');
        return '';
      }),
    ],
  ]);
}
