// expand and unexpand: tabs to spaces and back, over tab stops given as one size, a list, or a
// list ending in /N (every N after) or +N (every N after the last), as GNU's expand-common.c.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { type Ctx, Failure, inputs, opt, options, program, q } from '../lib/index.ts';

/** Tab stops: `size` alone, or a list with an optional /N or +N tail. */
interface TabStops {
  list: number[];
  extend: number;
  increment: number;
}

/** Adds a -t spec to `stops`, as parse_tab_stops: every problem said, then exit 1. */
function parseTabStops(spec: string, stops: TabStops, warn: (m: string) => void): void {
  let value: number | undefined;
  let extend = false;
  let increment = false;
  let ok = true;
  const close = (): boolean => {
    if (value === undefined) return true;
    if (extend) {
      if (stops.extend) return say("'/' specifier only allowed with the last value", () => (stops.extend = value!));
      stops.extend = value;
    } else if (increment) {
      if (stops.increment)
        return say("'+' specifier only allowed with the last value", () => (stops.increment = value!));
      stops.increment = value;
    } else stops.list.push(value);
    return true;
  };
  const say = (m: string, then: () => void): boolean => {
    warn(m);
    then();
    return false;
  };
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    if (ch === ',' || ch === ' ' || ch === '\t') {
      if (!close()) {
        ok = false;
        break;
      }
      value = undefined;
    } else if (ch === '/' || ch === '+') {
      if (value !== undefined) {
        warn(`'${ch}' specifier not at start of number: ${q(spec.slice(i))}`);
        ok = false;
      }
      extend = ch === '/';
      increment = ch === '+';
    } else if (ch >= '0' && ch <= '9') {
      value = (value ?? 0) * 10 + Number(ch);
    } else {
      warn(`tab size contains invalid character(s): ${q(spec.slice(i))}`);
      ok = false;
      break;
    }
  }
  if (ok) ok = close();
  if (!ok) throw new Failure('', 1);
}

/** The stops checked, as finalize_tab_stops; a function from a column to the next stop (null: none). */
function finalize(stops: TabStops): (column: number, index: { at: number }) => number | null {
  let prev = 0;
  for (const t of stops.list) {
    if (t === 0) throw new Failure('tab size cannot be 0');
    if (t <= prev) throw new Failure('tab sizes must be ascending');
    prev = t;
  }
  if (stops.increment && stops.extend) throw new Failure("'/' specifier is mutually exclusive with '+'");
  const { list, extend, increment } = stops;
  const size = list.length === 0 ? extend || increment || 8 : list.length === 1 && !extend && !increment ? list[0]! : 0;
  return (column, index) => {
    if (size) return column + (size - (column % size));
    for (; index.at < list.length; index.at++) if (column < list[index.at]!) return list[index.at]!;
    if (extend) return column + (extend - (column % extend));
    if (increment) return column + (increment - ((column - list[list.length - 1]!) % increment));
    return null;
  };
}

/** The options' tab stops; obsolete `-8` and `-4,8` words are -t lists. */
function tabArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    out.push(...(/^-[0-9]/.test(a) ? ['--obsolete-tabs', a.slice(1)] : [a]));
  }
  return out;
}

/** All the inputs as one stream (a line may run on into the next file, as GNU reads them). */
function stream(c: Ctx, files: string[]): { data: string; status: number } {
  let data = '';
  let status = 0;
  for (const input of inputs(c, files)) {
    if (input.data === null) status = 1;
    else data += input.data;
  }
  return { data, status };
}

const EXPAND = options({
  initial: opt.flag('i', 'initial'),
  tabs: opt.args('t', 'tabs', 'obsolete-tabs'),
});

const expand = program((c) => {
  const { opts: o, operands } = EXPAND.parse(tabArgs(c.args));
  const next = tabStopsOrExit(c, o.tabs);
  if (next === null) return 1;
  const { data, status } = stream(c, operands);
  let out = '';
  let column = 0;
  const index = { at: 0 };
  let convert = true;
  for (let i = 0; i < data.length; i++) {
    let ch = data[i]!;
    if (convert) {
      if (ch === '\t') {
        const stop = next(column, index) ?? column + 1;
        while (++column < stop) out += ' ';
        ch = ' ';
      } else if (ch === '\b') {
        if (column > 0) column--;
        if (index.at > 0) index.at--;
      } else column++;
      convert = !o.initial || ch === ' ' || ch === '\t';
    }
    out += ch;
    if (ch === '\n') {
      column = 0;
      index.at = 0;
      convert = true;
    }
  }
  c.out.bin(out);
  return status;
});

/** The tab-stop function, or null after parse_tab_stops has said what is wrong. */
function tabStopsOrExit(c: Ctx, specs: string[]): ReturnType<typeof finalize> | null {
  const stops: TabStops = { list: [], extend: 0, increment: 0 };
  try {
    for (const s of specs) parseTabStops(s, stops, c.warn);
  } catch (e) {
    if (e instanceof Failure && e.message === '') return null;
    throw e;
  }
  return finalize(stops);
}

const UNEXPAND = options({
  all: opt.flag('a', 'all'),
  firstOnly: opt.flag('first-only'),
  tabs: opt.args('t', 'tabs'),
  obsolete: opt.args('obsolete-tabs'),
});

const unexpand = program((c) => {
  const { opts: o, operands } = UNEXPAND.parse(tabArgs(c.args));
  const next = tabStopsOrExit(c, [...o.tabs, ...o.obsolete]);
  if (next === null) return 1;
  // -t converts every blank, unless --first-only says otherwise.
  const entire = (o.all || o.tabs.length > 0) && !o.firstOnly;
  const { data, status } = stream(c, operands);
  let out = '';
  let convert = true;
  let column = 0;
  let nextTab = 0;
  const index = { at: 0 };
  let oneBlankBeforeStop = false;
  let prevBlank = true;
  // GNU's pending_blank buffer and its count: the first may turn into a tab.
  const blanks: string[] = [];
  let pending = 0;
  const newLine = (): void => {
    convert = true;
    column = 0;
    nextTab = 0;
    index.at = 0;
    oneBlankBeforeStop = false;
    prevBlank = true;
    pending = 0;
  };
  // GNU's unexpand loop, with the end of input as one more (unprinted) character.
  for (let i = 0; i <= data.length; i++) {
    let ch = i < data.length ? data[i]! : '';
    if (convert) {
      const blank = ch === ' ' || ch === '\t';
      if (blank) {
        const stop = next(column, index);
        if (stop === null) convert = false;
        else nextTab = stop;
        if (convert) {
          if (ch === '\t') {
            column = nextTab;
            if (pending) blanks[0] = '\t';
          } else {
            column++;
            if (!(prevBlank && column === nextTab)) {
              if (column === nextTab) oneBlankBeforeStop = true;
              blanks[pending++] = ch;
              prevBlank = true;
              continue;
            }
            blanks[0] = ch = '\t';
          }
          pending = oneBlankBeforeStop ? 1 : 0;
        }
      } else if (ch === '\b') {
        if (column > 0) column--;
        nextTab = column;
        if (index.at > 0) index.at--;
      } else column++;
      if (pending) {
        if (pending > 1 && oneBlankBeforeStop) blanks[0] = '\t';
        out += blanks.slice(0, pending).join('');
        pending = 0;
        oneBlankBeforeStop = false;
      }
      prevBlank = blank;
      convert &&= entire || blank;
    }
    out += ch;
    if (ch === '\n') newLine();
  }
  c.out.bin(out);
  return status;
});

export const expandPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['expand', expand],
  ['unexpand', unexpand],
];
