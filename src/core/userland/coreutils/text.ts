// Commands that pass bytes through whole or in part: cat, head, tail, wc, tee, tac, rev.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  FsError,
  has,
  inputs,
  parseCount,
  parseOpts,
  program,
  readAll,
  splitLines,
  strerror,
  value,
} from '../lib/index.ts';

const cat = program((c) => {
  const p = parseOpts(c.args, {
    short: 'AbeEnstTuv',
    long: {
      'show-all': 'A',
      'number-nonblank': 'b',
      'show-ends': 'E',
      number: 'n',
      'squeeze-blank': 's',
      'show-tabs': 'T',
    },
  });
  const plain = p.opts.every(([k]) => k === 'u');
  let status = 0;
  let lineNo = 0;
  let lastBlank = false;
  for (const f of p.operands.length === 0 ? ['-'] : p.operands) {
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
    const showEnds = has(p, 'E', 'A', 'e');
    const showTabs = has(p, 'T', 'A', 't');
    let out = '';
    const text = input!.data;
    const lines = text.split('\n');
    const endsInNewline = text.endsWith('\n');
    if (endsInNewline) lines.pop();
    lines.forEach((line, i) => {
      const blank = line === '';
      if (has(p, 's') && blank && lastBlank) return;
      lastBlank = blank;
      let prefix = '';
      if (has(p, 'b') ? !blank : has(p, 'n')) prefix = `${String(++lineNo).padStart(6)}\t`;
      let body = showTabs ? line.replace(/\t/g, '^I') : line;
      const last = i === lines.length - 1 && !endsInNewline;
      if (showEnds && !last) body += '$';
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

function headers(c: Ctx, files: string[], quiet: boolean, verbose: boolean): (name: string, first: boolean) => void {
  const show = verbose || (!quiet && files.length > 1);
  return (name, first) => {
    if (show) c.out.text(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
  };
}

const head = program((c) => {
  const p = parseOpts(obsoleteCount(c.args, false), {
    short: 'n:c:qvz',
    long: { lines: 'n:', bytes: 'c:', quiet: 'q', silent: 'q', verbose: 'v' },
  });
  const bytesArg = value(p, 'c');
  const linesArg = value(p, 'n') ?? '10';
  let status = 0;
  const header = headers(c, p.operands, has(p, 'q'), has(p, 'v'));
  let first = true;
  for (const input of inputs(c, p.operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    header(input.name, first);
    first = false;
    const data = input.data;
    if (bytesArg !== undefined) {
      const all = bytesArg.startsWith('-');
      const n = parseCount(all ? bytesArg.slice(1) : bytesArg, 'bytes');
      c.out.bin(all ? data.slice(0, Math.max(0, data.length - n)) : data.slice(0, n));
      continue;
    }
    const all = linesArg.startsWith('-');
    const n = parseCount(all ? linesArg.slice(1) : linesArg, 'lines');
    const ends = lineEnds(data);
    if (all) c.out.bin(data.slice(0, ends.length > n ? ends[ends.length - n - 1]! : 0));
    else c.out.bin(n >= ends.length ? data : data.slice(0, ends[n - 1]));
  }
  return status;
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

const tail = program((c) => {
  const p = parseOpts(obsoleteCount(c.args, true), {
    short: 'n:c:qvfF',
    long: { lines: 'n:', bytes: 'c:', quiet: 'q', silent: 'q', verbose: 'v', follow: 'f' },
  });
  const bytesArg = value(p, 'c');
  const linesArg = value(p, 'n') ?? '10';
  let status = 0;
  const header = headers(c, p.operands, has(p, 'q'), has(p, 'v'));
  let first = true;
  for (const input of inputs(c, p.operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    header(input.name, first);
    first = false;
    const data = input.data;
    const arg = bytesArg ?? linesArg;
    const fromStart = arg.startsWith('+');
    const n = parseCount(arg.replace(/^[-+]/, ''), bytesArg !== undefined ? 'bytes' : 'lines');
    if (bytesArg !== undefined) {
      c.out.bin(fromStart ? data.slice(Math.max(0, n - 1)) : n === 0 ? '' : data.slice(-n));
      continue;
    }
    const ends = lineEnds(data);
    if (fromStart) c.out.bin(n <= 1 ? data : data.slice(ends[n - 2] ?? data.length));
    else c.out.bin(n >= ends.length ? data : data.slice(ends[ends.length - n - 1]));
  }
  return status;
});

const wc = program((c) => {
  const p = parseOpts(c.args, {
    short: 'clmwL',
    long: { bytes: 'c', chars: 'm', lines: 'l', words: 'w', 'max-line-length': 'L' },
  });
  const picked = ['l', 'w', 'm', 'c', 'L'].filter((k) => has(p, k));
  const keys = picked.length > 0 ? picked : ['l', 'w', 'c'];
  const rows: Array<{ counts: number[]; name: string | null }> = [];
  const totals = keys.map(() => 0);
  let status = 0;
  let fromPipe = p.operands.length === 0 || p.operands.includes('-');
  for (const input of inputs(c, p.operands)) {
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
    rows.push({ counts, name: p.operands.length === 0 ? null : input.name });
  }
  if (p.operands.length > 1) rows.push({ counts: totals, name: 'total' });
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

const tee = program((c) => {
  const p = parseOpts(c.args, { short: 'ai', long: { append: 'a', 'ignore-interrupts': 'i' } });
  const data = readAll(c.stdin);
  c.out.bytes(data);
  let status = 0;
  for (const f of p.operands) {
    try {
      c.fs.openSink(f, has(p, 'a'))(data);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  return status;
});

const tac = program((c) => {
  const p = parseOpts(c.args, { short: '' });
  let status = 0;
  for (const input of inputs(c, p.operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    const lines = input.data.split('\n');
    const last = lines.pop()!;
    // As GNU tac: a last line without "\n" is glued to the line printed after it.
    c.out.bin(
      (last === '' ? '' : last) +
        lines
          .reverse()
          .map((l) => `${l}\n`)
          .join(''),
    );
  }
  return status;
});

const rev = program((c) => {
  const p = parseOpts(c.args, { short: '' });
  let status = 0;
  for (const input of inputs(c, p.operands)) {
    if (input.data === null) {
      status = 1;
      continue;
    }
    c.out.bin(
      input.data
        .split('\n')
        .map((l) => [...l].reverse().join(''))
        .join('\n'),
    );
  }
  return status;
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
