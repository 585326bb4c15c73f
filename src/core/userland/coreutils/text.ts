// Commands that pass bytes through whole or in part: cat, head, tail, wc, tee, tac, rev.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  FsError,
  inputs,
  NO_OPTIONS,
  opt,
  options,
  parseCount,
  program,
  readAll,
  splitLines,
  strerror,
} from '../lib/index.ts';

const CAT = options({
  showEnds: opt.flag('E', 'A', 'e', 'show-ends', 'show-all'),
  showTabs: opt.flag('T', 'A', 't', 'show-tabs', 'show-all'),
  showNonprinting: opt.flag('v', 'A', 'e', 't', 'show-all'),
  numberNonblank: opt.flag('b', 'number-nonblank'),
  number: opt.flag('n', 'number'),
  squeezeBlank: opt.flag('s', 'squeeze-blank'),
  unbuffered: opt.flag('u'),
});

const cat = program((c) => {
  const { opts, operands } = CAT.parse(c.args);
  const plain = !(
    opts.showEnds ||
    opts.showTabs ||
    opts.showNonprinting ||
    opts.numberNonblank ||
    opts.number ||
    opts.squeezeBlank
  );
  let status = 0;
  let lineNo = 0;
  let lastBlank = false;
  for (const f of operands.length === 0 ? ['-'] : operands) {
    if (plain) {
      // No options: the bytes as they are, with no decoding on the way.
      try {
        c.out.bytes(f === '-' ? readAll(c.stdin) : c.fs.readFile(f));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        c.warn(`${f}: ${strerror(e.errno)}`);
        status = 1;
      }
      continue;
    }
    const [input] = [...inputs(c, [f])];
    if (input!.data === null) {
      status = 1;
      continue;
    }
    let out = '';
    const text = input!.data;
    const lines = text.split('\n');
    const endsInNewline = text.endsWith('\n');
    if (endsInNewline) lines.pop();
    lines.forEach((line, i) => {
      const blank = line === '';
      if (opts.squeezeBlank && blank && lastBlank) return;
      lastBlank = blank;
      let prefix = '';
      if (opts.numberNonblank ? !blank : opts.number) prefix = `${String(++lineNo).padStart(6)}\t`;
      let body = opts.showTabs ? line.replace(/\t/g, '^I') : line;
      const last = i === lines.length - 1 && !endsInNewline;
      if (opts.showEnds && !last) body += '$';
      out += prefix + body + (last ? '' : '\n');
    });
    c.out.bin(out);
  }
  return status;
});

/** GNU's obsolete "-5" / "+5" count forms, rewritten as -n 5 / -n +5. */
function obsoleteCount(args: string[], plusToo: boolean): string[] {
  const a = args[0];
  if (a !== undefined && (/^-[0-9]+[lcb]?$/.test(a) || (plusToo && /^\+[0-9]+[lcb]?$/.test(a)))) {
    const unit = /[c]$/.test(a) ? '-c' : '-n';
    const n = a.replace(/[lcb]$/, '');
    return [unit, a.startsWith('+') ? n : n.slice(1), ...args.slice(1)];
  }
  return args;
}

/**
 * Each input (stdin when there are none) through `part`, written out in turn, each after a
 * `==> NAME <==` header with `headers`; 1 when one could not be read.
 */
function filter(c: Ctx, operands: string[], o: { headers?: boolean }, part: (data: string) => string): number {
  let status = 0;
  let first = true;
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    if (o.headers) c.out.text(`${first ? '' : '\n'}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`);
    first = false;
    c.out.bin(part(input.data));
  }
  return status;
}

/** Whether head and tail print a header before each input. */
const headers = (o: { quiet: boolean; verbose: boolean }, operands: string[]): boolean =>
  o.verbose || (!o.quiet && operands.length > 1);

/** The options head and tail share. */
const PART = {
  lines: opt.arg('n', 'lines'),
  bytes: opt.arg('c', 'bytes'),
  quiet: opt.flag('q', 'quiet', 'silent'),
  verbose: opt.flag('v', 'verbose'),
};

const HEAD = options({ ...PART, zero: opt.flag('z') });

const head = program((c) => {
  const { opts, operands } = HEAD.parse(obsoleteCount(c.args, false));
  const bytesArg = opts.bytes;
  const linesArg = opts.lines ?? '10';
  return filter(c, operands, { headers: headers(opts, operands) }, (data) => {
    if (bytesArg !== undefined) {
      const all = bytesArg.startsWith('-');
      const n = parseCount(all ? bytesArg.slice(1) : bytesArg, 'bytes');
      return all ? data.slice(0, Math.max(0, data.length - n)) : data.slice(0, n);
    }
    const all = linesArg.startsWith('-');
    const n = parseCount(all ? linesArg.slice(1) : linesArg, 'lines');
    const ends = lineEnds(data);
    if (all) return data.slice(0, ends.length > n ? ends[ends.length - n - 1]! : 0);
    return n >= ends.length ? data : data.slice(0, ends[n - 1]);
  });
});

/** Offsets just past each line (a last line without "\n" counts). */
function lineEnds(data: string): number[] {
  const ends: number[] = [];
  let at = data.indexOf('\n');
  while (at >= 0) {
    ends.push(at + 1);
    at = data.indexOf('\n', at + 1);
  }
  if (data.length > 0 && !data.endsWith('\n')) ends.push(data.length);
  return ends;
}

const TAIL = options({ ...PART, follow: opt.flag('f', 'F', 'follow') });

const tail = program((c) => {
  const { opts, operands } = TAIL.parse(obsoleteCount(c.args, true));
  const bytesArg = opts.bytes;
  const linesArg = opts.lines ?? '10';
  return filter(c, operands, { headers: headers(opts, operands) }, (data) => {
    const arg = bytesArg ?? linesArg;
    const fromStart = arg.startsWith('+');
    const n = parseCount(arg.replace(/^[-+]/, ''), bytesArg !== undefined ? 'bytes' : 'lines');
    if (bytesArg !== undefined) return fromStart ? data.slice(Math.max(0, n - 1)) : n === 0 ? '' : data.slice(-n);
    const ends = lineEnds(data);
    if (fromStart) return n <= 1 ? data : data.slice(ends[n - 2] ?? data.length);
    return n >= ends.length ? data : data.slice(ends[ends.length - n - 1]);
  });
});

const WC = options({
  l: opt.flag('l', 'lines'),
  w: opt.flag('w', 'words'),
  m: opt.flag('m', 'chars'),
  c: opt.flag('c', 'bytes'),
  L: opt.flag('L', 'max-line-length'),
});

const wc = program((c) => {
  const { opts, operands } = WC.parse(c.args);
  const picked = (['l', 'w', 'm', 'c', 'L'] as const).filter((k) => opts[k]);
  const keys = picked.length > 0 ? picked : ['l', 'w', 'c'];
  const rows: Array<{ counts: number[]; name: string | null }> = [];
  const totals = keys.map(() => 0);
  let status = 0;
  let fromPipe = operands.length === 0 || operands.includes('-');
  for (const input of inputs(c, operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    const d = input.data;
    const counts = keys.map((k) => {
      switch (k) {
        case 'l':
          return (d.match(/\n/g) ?? []).length;
        case 'w':
          return (d.match(/[^\s]+/g) ?? []).length;
        case 'c':
          return d.length;
        case 'm':
          return (d.match(/[\x00-\x7f\xc0-\xff]/g) ?? []).length;
        default:
          return Math.max(0, ...splitLines(d).map((l) => l.replace(/\t/g, '        ').length));
      }
    });
    counts.forEach((n, i) => (totals[i] = keys[i] === 'L' ? Math.max(totals[i]!, n) : totals[i]! + n));
    rows.push({ counts, name: operands.length === 0 ? null : input.name });
  }
  if (operands.length > 1) rows.push({ counts: totals, name: 'total' });
  if (fromPipe && keys.length === 1 && rows.length === 1) fromPipe = false;
  // GNU's widths: the digits of the largest count, at least 7 when reading a pipe.
  const single = keys.length === 1 && rows.length === 1;
  const width = single ? 1 : Math.max(fromPipe ? 7 : 1, ...rows.flatMap((r) => r.counts.map((n) => String(n).length)));
  c.out.text(
    rows
      .map(
        (r) => r.counts.map((n) => String(n).padStart(width)).join(' ') + (r.name === null ? '' : ` ${r.name}`) + '\n',
      )
      .join(''),
  );
  return status;
});

const TEE = options({ append: opt.flag('a', 'append'), ignoreInterrupts: opt.flag('i', 'ignore-interrupts') });

const tee = program((c) => {
  const { opts, operands } = TEE.parse(c.args);
  const data = readAll(c.stdin);
  c.out.bytes(data);
  let status = 0;
  for (const f of operands) {
    try {
      c.fs.openSink(f, opts.append)(data);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  return status;
});

const tac = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  return filter(c, operands, {}, (data) => {
    const lines = data.split('\n');
    const last = lines.pop()!;
    // As GNU tac: a last line without "\n" is glued to the line printed after it.
    return (
      last +
      lines
        .reverse()
        .map((l) => `${l}\n`)
        .join('')
    );
  });
});

const rev = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  return filter(c, operands, {}, (data) =>
    data
      .split('\n')
      .map((l) => [...l].reverse().join(''))
      .join('\n'),
  );
});

export const textPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['cat', cat],
  ['head', head],
  ['tail', tail],
  ['wc', wc],
  ['tee', tee],
  ['tac', tac],
  ['rev', rev],
];
