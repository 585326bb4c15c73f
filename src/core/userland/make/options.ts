// make's command line, and MAKEFLAGS: how a make passes its flags and command-line variables
// to the makes its recipes run.
// https://www.gnu.org/software/make/manual/html_node/Options-Summary.html
import type { RunFlags } from './run.ts';
import { UserlandError } from '../lib/index.ts';

export interface MakeOptions extends RunFlags {
  directories: string[];
  files: string[];
  includeDirs: string[];
  envOverrides: boolean;
  noBuiltinRules: boolean;
  noBuiltinVariables: boolean;
  /** -w / --no-print-directory; undefined: GNU's default (on for -C and sub-makes). */
  printDirectory: boolean | undefined;
  version: boolean;
  help: boolean;
  /** `VAR=value` operands, in order. */
  vars: string[];
  goals: string[];
}

export class OptionError extends UserlandError {
  constructor(message: string) {
    super(message, 2);
  }
}

export function emptyOptions(): MakeOptions {
  return {
    directories: [],
    files: [],
    includeDirs: [],
    keepGoing: false,
    justPrint: false,
    silent: false,
    ignoreErrors: false,
    alwaysMake: false,
    question: false,
    touch: false,
    envOverrides: false,
    noBuiltinRules: false,
    noBuiltinVariables: false,
    printDirectory: undefined,
    version: false,
    help: false,
    vars: [],
    goals: [],
  };
}

const FLAGS: Record<string, (o: MakeOptions) => void> = {
  k: (o) => (o.keepGoing = true),
  S: (o) => (o.keepGoing = false),
  n: (o) => (o.justPrint = true),
  s: (o) => (o.silent = true),
  i: (o) => (o.ignoreErrors = true),
  B: (o) => (o.alwaysMake = true),
  q: (o) => (o.question = true),
  t: (o) => (o.touch = true),
  e: (o) => (o.envOverrides = true),
  r: (o) => (o.noBuiltinRules = true),
  R: (o) => {
    o.noBuiltinRules = true;
    o.noBuiltinVariables = true;
  },
  w: (o) => (o.printDirectory = true),
  v: (o) => (o.version = true),
  h: (o) => (o.help = true),
  d: () => undefined,
  p: () => undefined,
};

const LONG_FLAGS: Record<string, string> = {
  'keep-going': 'k',
  'no-keep-going': 'S',
  stop: 'S',
  'just-print': 'n',
  'dry-run': 'n',
  recon: 'n',
  silent: 's',
  quiet: 's',
  'ignore-errors': 'i',
  'always-make': 'B',
  question: 'q',
  touch: 't',
  'environment-overrides': 'e',
  'no-builtin-rules': 'r',
  'no-builtin-variables': 'R',
  'print-directory': 'w',
  version: 'v',
  help: 'h',
  'print-data-base': 'p',
  'warn-undefined-variables': 'd',
  trace: 'd',
  'check-symlink-times': 'd',
};

/** Letters taking a value: -C DIR, -f FILE, -I DIR, -o/-W FILE, -l N, -O TYPE. */
const VALUED: Record<string, keyof MakeOptions | undefined> = {
  C: 'directories',
  f: 'files',
  I: 'includeDirs',
  o: undefined,
  W: undefined,
  l: undefined,
  O: undefined,
};

const LONG_VALUED: Record<string, string> = {
  directory: 'C',
  file: 'f',
  makefile: 'f',
  'include-dir': 'I',
  'old-file': 'o',
  'assume-old': 'o',
  'new-file': 'W',
  'assume-new': 'W',
  'what-if': 'W',
  'load-average': 'l',
  'max-load': 'l',
  'output-sync': 'O',
};

function valued(o: MakeOptions, letter: string, value: string): void {
  const key = VALUED[letter];
  if (key) (o[key] as string[]).push(value);
}

/** GNU make's options; `VAR=value` operands are variables, the other operands goals. */
export function parseArgs(args: string[], o: MakeOptions = emptyOptions(), operandsAreVars = false): MakeOptions {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operandsAreVars = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (name === 'no-print-directory') o.printDirectory = false;
      else if (name === 'jobs' || name === 'debug' || name.startsWith('jobserver') || name === 'eval') continue;
      else if (LONG_FLAGS[name] !== undefined) FLAGS[LONG_FLAGS[name]]!(o);
      else if (LONG_VALUED[name] !== undefined) {
        const value = eq < 0 ? args[++i] : a.slice(eq + 1);
        if (value === undefined) throw new OptionError(`option '--${name}' requires an argument`);
        valued(o, LONG_VALUED[name], value);
      } else throw new OptionError(`unrecognized option '${a}'`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'j') {
          // -j, -j4, -j 4: accepted; recipes still run one at a time.
          if (j + 1 === a.length && /^[0-9]+$/.test(args[i + 1] ?? '')) i++;
          break;
        }
        if (c in VALUED) {
          const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) throw new OptionError(`option requires an argument -- '${c}'`);
          valued(o, c, value);
          break;
        }
        const flag = FLAGS[c];
        if (!flag) throw new OptionError(`invalid option -- '${c}'`);
        flag(o);
      }
      continue;
    }
    if (a.includes('=')) o.vars.push(a);
    else if (!operandsAreVars) o.goals.push(a);
  }
  return o;
}

/** MAKEFLAGS as a sub-make reads it: `ks -- CC=clang`, or ` --no-print-directory`. */
export function parseMakeflags(text: string, o: MakeOptions): void {
  const ws: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) cur += text[++i];
    else if (c === ' ') {
      if (cur !== '') ws.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur !== '') ws.push(cur);
  if (ws[0] !== undefined && !ws[0].startsWith('-') && !ws[0].includes('=')) ws[0] = `-${ws[0]}`;
  try {
    parseArgs(ws, o);
  } catch {
    // A MAKEFLAGS this make does not understand (another make's) is not the user's error.
  }
}

/** The MAKEFLAGS value for recipes: flag letters, then the command line's variables. */
export function makeflags(o: MakeOptions): string {
  const letters = [
    ['B', o.alwaysMake],
    ['e', o.envOverrides],
    ['i', o.ignoreErrors],
    ['k', o.keepGoing],
    ['n', o.justPrint],
    ['q', o.question],
    ['r', o.noBuiltinRules],
    ['R', o.noBuiltinVariables],
    ['s', o.silent],
    ['t', o.touch],
  ]
    .filter(([, on]) => on)
    .map(([l]) => l)
    .join('');
  let out = letters;
  if (o.printDirectory === false) out += ' --no-print-directory';
  if (o.vars.length > 0) out += ` -- ${o.vars.map((v) => v.replace(/([\\ ])/g, '\\$1')).join(' ')}`;
  return out;
}
