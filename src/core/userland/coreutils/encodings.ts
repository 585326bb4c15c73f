// base64 and base32 (RFC 4648) as GNU coreutils 9.1 writes and reads them: output wrapped at 76
// columns (-w), decoding (-d) that ignores newlines, or everything outside the alphabet with -i,
// and stops at the first bad group with "invalid input" after writing what came before it.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  bytesToBin,
  type Ctx,
  FsError,
  opt,
  options,
  program,
  readAll,
  strerror,
  UsageError,
  Failure,
} from '../lib/index.ts';

interface Alphabet {
  chars: string;
  /** Characters per group, and the bytes a group holds. */
  group: number;
  bytes: number;
  /** Decodes one group (its length may fall short at the end): the bytes, and whether it was whole and valid. */
  decode(group: string, values: Int16Array): { out: string; ok: boolean };
}

function table(chars: string): Int16Array {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = i;
  return t;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** gnulib's decode_4: each byte is written as soon as the characters it needs are read. */
function decode4(g: string, v: Int16Array): { out: string; ok: boolean } {
  const val = (i: number): number => (i < g.length ? v[g.charCodeAt(i)]! : -1);
  let out = '';
  if (g.length < 2 || val(0) < 0 || val(1) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(0) << 2) | (val(1) >> 4)) & 0xff);
  if (g.length === 2) return { out, ok: false };
  if (g[2] === '=') return { out, ok: g.length === 4 && g[3] === '=' };
  if (val(2) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(1) << 4) | (val(2) >> 2)) & 0xff);
  if (g.length === 3) return { out, ok: false };
  if (g[3] === '=') return { out, ok: true };
  if (val(3) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(2) << 6) | val(3)) & 0xff);
  return { out, ok: true };
}

/** gnulib's decode_8: a group is always 8 characters, padding included. */
function decode8(g: string, v: Int16Array): { out: string; ok: boolean } {
  let out = '';
  if (g.length < 8) return { out, ok: false };
  const val = (i: number): number => v[g.charCodeAt(i)]!;
  const padFrom = (i: number): boolean => [...g.slice(i)].every((ch) => ch === '=');
  if (val(0) < 0 || val(1) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(0) << 3) | (val(1) >> 2)) & 0xff);
  if (g[2] === '=') return { out, ok: padFrom(2) };
  if (val(2) < 0 || val(3) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(1) << 6) | (val(2) << 1) | (val(3) >> 4)) & 0xff);
  if (g[4] === '=') return { out, ok: padFrom(4) };
  if (val(4) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(3) << 4) | (val(4) >> 1)) & 0xff);
  if (g[5] === '=') return { out, ok: padFrom(5) };
  if (val(5) < 0 || val(6) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(4) << 7) | (val(5) << 2) | (val(6) >> 3)) & 0xff);
  if (g[7] === '=') return { out, ok: true };
  if (val(7) < 0) return { out, ok: false };
  out += String.fromCharCode(((val(6) << 5) | val(7)) & 0xff);
  return { out, ok: true };
}

const ALPHABETS: Record<'base64' | 'base32', Alphabet> = {
  base64: { chars: BASE64, group: 4, bytes: 3, decode: decode4 },
  base32: { chars: BASE32, group: 8, bytes: 5, decode: decode8 },
};

function encode(data: string, a: Alphabet): string {
  const bits = Math.log2(a.chars.length);
  let out = '';
  for (let i = 0; i < data.length; i += a.bytes) {
    const chunk = data.slice(i, i + a.bytes);
    // 40 bits at most (base32's 5 bytes): exact in a double, where shifts would cut at 32.
    let acc = 0;
    for (let j = 0; j < a.bytes; j++) acc = acc * 256 + (j < chunk.length ? chunk.charCodeAt(j) : 0);
    const used = Math.ceil((chunk.length * 8) / bits);
    for (let j = 0; j < a.group; j++) {
      const digit = Math.floor(acc / 2 ** ((a.group - 1 - j) * bits)) % a.chars.length;
      out += j < used ? a.chars[digit] : '=';
    }
  }
  return out;
}

function wrap(text: string, width: number): string {
  if (width === 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i += width) out += text.slice(i, i + width) + '\n';
  return out;
}

const OPTIONS = options({
  decode: opt.flag('d', 'decode'),
  ignoreGarbage: opt.flag('i', 'ignore-garbage'),
  wrap: opt.arg('w', 'wrap'),
});

function readInput(c: Ctx, file: string): string {
  try {
    if (file === '-') return bytesToBin(readAll(c.stdin));
    const node = c.fs.stat(file);
    if (node.kind === 'dir') throw new Failure(`read error: ${strerror('EISDIR')}`);
    return bytesToBin(c.fs.readFile(file));
  } catch (e) {
    if (e instanceof FsError) throw new Failure(`${file}: ${strerror(e.errno)}`);
    throw e;
  }
}

function encoder(kind: 'base64' | 'base32'): BuiltinProgram {
  const a = ALPHABETS[kind];
  const values = table(a.chars);
  return program((c) => {
    const { opts: o, operands } = OPTIONS.parse(c.args);
    let width = 76;
    if (o.wrap !== undefined) {
      if (!/^\+?[0-9]+$/.test(o.wrap)) throw new Failure(`invalid wrap size: '${o.wrap}'`);
      width = Number(o.wrap);
    }
    if (operands.length > 1) throw new UsageError(`extra operand '${operands[1]}'`);
    let data: string;
    try {
      data = readInput(c, operands[0] ?? '-');
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      c.warn(e.message);
      return 1;
    }
    if (!o.decode) {
      c.out.bin(wrap(encode(data, a), width));
      return 0;
    }
    const keep = o.ignoreGarbage
      ? (ch: string) => values[ch.charCodeAt(0)]! >= 0 || ch === '='
      : (ch: string) => ch !== '\n';
    const text = [...data].filter(keep).join('');
    let out = '';
    for (let i = 0; i < text.length; i += a.group) {
      const r = a.decode(text.slice(i, i + a.group), values);
      out += r.out;
      if (!r.ok) {
        c.out.bin(out);
        c.warn('invalid input');
        return 1;
      }
    }
    c.out.bin(out);
    return 0;
  });
}

export const encodingPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['base64', encoder('base64')],
  ['base32', encoder('base32')],
];
