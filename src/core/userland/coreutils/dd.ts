// dd (GNU coreutils 9.1): copies if= (stdin) to of= (stdout) in blocks of ibs/obs (bs= both,
// without reblocking), after skip= input and seek= output blocks, count= blocks at most, with
// conv= (lcase, ucase, swab, sync, notrunc, noerror, excl, nocreat, fsync...), iflag=/oflag=
// (fullblock, skip_bytes, count_bytes, seek_bytes, append) and the "N+M records in/out" and
// bytes-copied summary on stderr unless status=none (noxfer: no bytes line).
import type { VolumeFile } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  Failure,
  FsError,
  isDevNull,
  NO_OPTIONS,
  printf,
  program,
  q,
  strerror,
  UsageError,
} from '../lib/index.ts';

const MULTIPLIERS: Record<string, number> = { c: 1, w: 2, b: 512, '': 1 };
for (const [i, p] of ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'].entries()) {
  MULTIPLIERS[p] = 1024 ** (i + 1);
  MULTIPLIERS[`${p}iB`] = 1024 ** (i + 1);
  MULTIPLIERS[`${p}B`] = 1000 ** (i + 1);
}
MULTIPLIERS['k'] = 1024;
MULTIPLIERS['kB'] = 1000;

/** A dd number: digits with a multiplier suffix, or a product of them ("2x512"). */
function parseNumber(s: string, positive = false): number {
  let n = 1;
  for (const part of s.split('x')) {
    const m = /^([0-9]+)([A-Za-z]*)$/.exec(part);
    if (!m || !(m[2]! in MULTIPLIERS)) throw new Failure(`invalid number: ${q(s)}`);
    n *= Number(m[1]) * MULTIPLIERS[m[2]!]!;
  }
  if (positive && n === 0) throw new Failure(`invalid number: ${q(s)}`);
  return n;
}

const CONVERSIONS = [
  'ascii',
  'ebcdic',
  'ibm',
  'block',
  'unblock',
  'lcase',
  'ucase',
  'sparse',
  'swab',
  'sync',
  'excl',
  'nocreat',
  'notrunc',
  'noerror',
  'fdatasync',
  'fsync',
];
const FLAGS = [
  'append',
  'binary',
  'cio',
  'direct',
  'directory',
  'dsync',
  'sync',
  'nocache',
  'nonblock',
  'noatime',
  'noctty',
  'nofollow',
  'nolinks',
  'text',
  'fullblock',
  'count_bytes',
  'skip_bytes',
  'seek_bytes',
];
/** Conversions between character sets and record formats, which nobody's build needs. */
const UNSUPPORTED = ['ascii', 'ebcdic', 'ibm', 'block', 'unblock'];

interface Operands {
  input?: string;
  output?: string;
  ibs: number;
  obs: number;
  /** bs= was given: blocks are written as read, not reblocked to obs. */
  bs: boolean;
  count?: number;
  skip: number;
  seek: number;
  conv: Set<string>;
  iflag: Set<string>;
  oflag: Set<string>;
  status: 'default' | 'none' | 'noxfer' | 'progress';
}

function list(value: string, known: string[], what: string): Set<string> {
  const set = new Set<string>();
  for (const v of value.split(',')) {
    if (!known.includes(v)) throw new UsageError(`invalid ${what}: ${q(v)}`);
    set.add(v);
  }
  return set;
}

function parse(args: string[]): Operands {
  const o: Operands = {
    ibs: 512,
    obs: 512,
    bs: false,
    skip: 0,
    seek: 0,
    conv: new Set(),
    iflag: new Set(),
    oflag: new Set(),
    status: 'default',
  };
  for (const a of args) {
    const eq = a.indexOf('=');
    const key = eq < 0 ? a : a.slice(0, eq);
    const v = a.slice(eq + 1);
    if (eq < 0) throw new UsageError(`unrecognized operand ${q(a)}`);
    if (key === 'if') o.input = v;
    else if (key === 'of') o.output = v;
    else if (key === 'bs') {
      o.ibs = o.obs = parseNumber(v, true);
      o.bs = true;
    } else if (key === 'ibs') o.ibs = parseNumber(v, true);
    else if (key === 'obs') o.obs = parseNumber(v, true);
    else if (key === 'cbs') parseNumber(v, true);
    else if (key === 'count') o.count = parseNumber(v);
    else if (key === 'skip' || key === 'iseek') o.skip = parseNumber(v);
    else if (key === 'seek' || key === 'oseek') o.seek = parseNumber(v);
    else if (key === 'conv') for (const c of list(v, CONVERSIONS, 'conversion')) o.conv.add(c);
    else if (key === 'iflag') for (const c of list(v, FLAGS, 'input flag')) o.iflag.add(c);
    else if (key === 'oflag') for (const c of list(v, FLAGS, 'output flag')) o.oflag.add(c);
    else if (key === 'status') {
      if (!['none', 'noxfer', 'progress'].includes(v)) throw new UsageError(`invalid status level: ${q(v)}`);
      o.status = v as Operands['status'];
    } else throw new UsageError(`unrecognized operand ${q(a)}`);
  }
  if (o.conv.has('lcase') && o.conv.has('ucase')) throw new Failure('cannot combine lcase and ucase');
  if (o.conv.has('excl') && o.conv.has('nocreat')) throw new Failure('cannot combine excl and nocreat');
  for (const c of UNSUPPORTED) if (o.conv.has(c)) throw new Failure(`conv=${c} is not supported here`);
  return o;
}

/** Reads of at most n bytes from if= or stdin; a short read only at the end, as from a file. */
function reader(c: Ctx, o: Operands): (n: number) => Uint8Array {
  if (o.input === undefined) {
    const stdin = c.stdin;
    return (n) => {
      if (!stdin) return new Uint8Array(0);
      const first = stdin.read(n).slice();
      if (!o.iflag.has('fullblock') || first.length === 0) return first;
      const parts = [first];
      let got = first.length;
      while (got < n) {
        const more = stdin.read(n - got);
        if (more.length === 0) break;
        parts.push(more.slice());
        got += more.length;
      }
      const out = new Uint8Array(got);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
  }
  let data: Uint8Array;
  try {
    data = c.fs.readFile(o.input);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw new Failure(`failed to open ${q(o.input)}: ${strerror(e.errno)}`);
  }
  let pos = 0;
  return (n) => {
    const out = data.subarray(pos, pos + n);
    pos += out.length;
    return out;
  };
}

/** Where output goes: a file at an offset (of=), or stdout. */
function writer(c: Ctx, o: Operands): (chunk: Uint8Array) => void {
  const seekBytes = o.oflag.has('seek_bytes') ? o.seek : o.seek * o.obs;
  if (o.output === undefined) return (chunk) => c.out.bytes(chunk);
  const name = o.output;
  if (isDevNull(c.fs.abs(name))) return () => undefined;
  let f: VolumeFile;
  try {
    const exists = c.fs.lookup(name) !== undefined;
    if (o.conv.has('nocreat') && !exists) throw new FsError('ENOENT', name);
    f = c.fs.create(name, 0o666, o.conv.has('excl'));
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw new Failure(`failed to open ${q(name)}: ${strerror(e.errno)}`);
  }
  const append = o.oflag.has('append');
  if (!o.conv.has('notrunc') && !append) f.content.resize(seekBytes);
  let pos = append ? f.content.size : seekBytes;
  c.fs.touch(f);
  return (chunk) => {
    f.content.write(pos, chunk);
    pos += chunk.length;
    c.fs.touch(f);
  };
}

/** human_readable's autoscaled size: "2.6 kB", "1000 KiB"; "" when it would have no prefix. */
function human(n: number, base: 1000 | 1024): string {
  const prefixes =
    base === 1000 ? ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'] : ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];
  let v = n;
  let e = 0;
  while (v >= base && e < prefixes.length) {
    v /= base;
    e++;
  }
  if (e === 0) return '';
  const rounded = Math.round(v * 10) / 10;
  const text = rounded < 10 ? rounded.toFixed(1) : String(Math.round(v));
  return `${text} ${prefixes[e - 1]}B`;
}

/** The speed part of the summary: bytes a second, scaled as above. */
function speed(bytes: number, seconds: number): string {
  if (seconds <= 0) return 'Infinity B/s';
  const v = bytes / seconds;
  return `${human(v, 1000) || `${Math.round(v)} B`}/s`;
}

function summary(c: Ctx, o: Operands, records: number[], bytes: number, seconds: number): void {
  if (o.status === 'none') return;
  c.err.text(`${records[0]}+${records[1]} records in\n${records[2]}+${records[3]} records out\n`);
  if (o.status === 'noxfer') return;
  const si = human(bytes, 1000);
  const iec = human(bytes, 1024);
  const amount =
    si === '' ? `${bytes} byte${bytes === 1 ? '' : 's'}` : `${bytes} bytes (${si}${iec === '' ? '' : `, ${iec}`})`;
  const time = printf('%g', [String(seconds)], () => undefined).out;
  c.err.text(`${amount} copied, ${time} s, ${speed(bytes, seconds)}\n`);
}

function convert(block: Uint8Array, o: Operands): Uint8Array {
  let b = block;
  if (o.conv.has('sync') && b.length < o.ibs) {
    const padded = new Uint8Array(o.ibs);
    padded.set(b);
    b = padded;
  }
  if (o.conv.has('swab')) {
    b = b.slice();
    for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  }
  const ucase = o.conv.has('ucase');
  if (ucase || o.conv.has('lcase')) {
    b = b.map((x) => (ucase ? (x >= 0x61 && x <= 0x7a ? x - 32 : x) : x >= 0x41 && x <= 0x5a ? x + 32 : x));
  }
  return b;
}

const dd = program((c) => {
  const o = parse(NO_OPTIONS.parse(c.args).operands);
  const start = performance.now();
  const read = reader(c, o);
  const write = writer(c, o);
  // [full in, partial in, full out, partial out]
  const records = [0, 0, 0, 0];
  let bytes = 0;
  const emit = (chunk: Uint8Array): void => {
    write(chunk);
    bytes += chunk.length;
    records[chunk.length === o.obs ? 2 : 3]!++;
  };
  for (let left = o.iflag.has('skip_bytes') ? o.skip : o.skip * o.ibs; left > 0;) {
    const got = read(Math.min(left, o.ibs)).length;
    if (got === 0) break;
    left -= got;
  }
  const countBytes = o.iflag.has('count_bytes');
  let blocks = 0;
  let copied = 0;
  let pending = new Uint8Array(0);
  for (;;) {
    if (o.count !== undefined && (countBytes ? copied >= o.count : blocks >= o.count)) break;
    const want = countBytes && o.count !== undefined ? Math.min(o.ibs, o.count - copied) : o.ibs;
    const block = read(want);
    if (block.length === 0) break;
    blocks++;
    copied += block.length;
    records[block.length === o.ibs ? 0 : 1]!++;
    const out = convert(block, o);
    if (o.bs) {
      emit(out);
      continue;
    }
    const joined = new Uint8Array(pending.length + out.length);
    joined.set(pending);
    joined.set(out, pending.length);
    let at = 0;
    for (; joined.length - at >= o.obs; at += o.obs) emit(joined.subarray(at, at + o.obs));
    pending = joined.slice(at);
  }
  if (pending.length > 0) emit(pending);
  summary(c, o, records, bytes, (performance.now() - start) / 1000);
  return 0;
});

export const ddPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['dd', dd]];
