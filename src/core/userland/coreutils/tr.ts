// tr: translates, deletes (-d) and squeezes (-s) bytes; sets with ranges, [:classes:],
// [c*n] and escapes, -c for the complement.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  C_ESCAPES,
  CHAR_CLASSES,
  inputs,
  opt,
  options,
  program,
  readEscape,
  UsageError,
} from '../lib/index.ts';

/** A [:class:] as tr lists it: its bytes in ascending order, as GNU tr walks 0-255 (\t before " "). */
function classBytes(name: string): string | undefined {
  const source = CHAR_CLASSES[name];
  if (source === undefined) return undefined;
  const re = new RegExp(`[${source}]`);
  let s = '';
  for (let i = 0; i < 256; i++) if (re.test(String.fromCharCode(i))) s += String.fromCharCode(i);
  return s;
}

function range(a: string, b: string): string {
  let s = '';
  for (let i = a.charCodeAt(0); i <= b.charCodeAt(0); i++) s += String.fromCharCode(i);
  return s;
}

/** A tr set ("a-z", "[:upper:]", "\n", "[x*5]") as the list of bytes it stands for. */
function trSet(spec: string, fillTo?: number): string {
  const s = argToBin(spec);
  const chars: string[] = [];
  let fill: { ch: string; at: number } | null = null;
  const esc = (i: number): [string, number] => {
    if (s[i] !== '\\') return [s[i]!, i + 1];
    const e = readEscape(s, i, C_ESCAPES);
    return [e.text, i + e.length];
  };
  for (let i = 0; i < s.length;) {
    const cls = /^\[:([a-z]+):\]/.exec(s.slice(i));
    const bytes = cls ? classBytes(cls[1]!) : undefined;
    if (cls && bytes !== undefined) {
      chars.push(...bytes);
      i += cls[0].length;
      continue;
    }
    const eq = /^\[=(.)=\]/.exec(s.slice(i));
    if (eq) {
      chars.push(eq[1]!);
      i += eq[0].length;
      continue;
    }
    const rep = /^\[(\\?[\s\S])\*(\d*)\]/.exec(s.slice(i));
    if (rep) {
      const [ch] = esc(i + 1);
      const n = rep[2] ? parseInt(rep[2], rep[2].startsWith('0') ? 8 : 10) : 0;
      if (n === 0) fill = { ch, at: chars.length };
      else for (let k = 0; k < n; k++) chars.push(ch);
      i += rep[0].length;
      continue;
    }
    const [a, next] = esc(i);
    if (s[next] === '-' && next + 1 < s.length) {
      const [b, after] = esc(next + 1);
      if (b < a) throw new UsageError(`range-endpoints of '${a}-${b}' are in reverse collating sequence order`);
      chars.push(...range(a, b));
      i = after;
      continue;
    }
    chars.push(a);
    i = next;
  }
  if (fill && fillTo !== undefined) {
    const n = Math.max(0, fillTo - chars.length);
    chars.splice(fill.at, 0, ...Array<string>(n).fill(fill.ch));
  }
  return chars.join('');
}

const TR = options({
  complement: opt.flag('c', 'C', 'complement'),
  delete: opt.flag('d', 'delete'),
  squeeze: opt.flag('s', 'squeeze-repeats'),
  truncate: opt.flag('t', 'truncate-set1'),
});

const tr = program((c) => {
  const { opts: o, operands } = TR.parse(c.args);
  const [a, b] = operands;
  if (a === undefined) throw new UsageError('missing operand');
  const del = o.delete;
  const squeeze = o.squeeze;
  if (!del && !squeeze && b === undefined) throw new UsageError(`missing operand after '${a}'`);
  let set1 = trSet(a);
  if (o.complement) {
    let all = '';
    for (let i = 0; i < 256; i++) if (!set1.includes(String.fromCharCode(i))) all += String.fromCharCode(i);
    set1 = all;
  }
  let set2 = b === undefined ? '' : trSet(b, set1.length);
  if (o.truncate) set1 = set1.slice(0, set2.length);
  const input = [...inputs(c, [])][0]!.data ?? '';
  let out = '';
  if (del) {
    const drop = new Set(set1);
    for (const ch of input) if (!drop.has(ch)) out += ch;
  } else if (b !== undefined) {
    if (set2.length === 0) throw new UsageError('when not truncating set1, string2 must be non-empty');
    while (set2.length < set1.length) set2 += set2[set2.length - 1];
    const map = new Map<string, string>();
    for (let i = 0; i < set1.length; i++) map.set(set1[i]!, set2[i]!);
    for (const ch of input) out += map.get(ch) ?? ch;
  } else out = input;
  if (squeeze) {
    const sq = new Set(b !== undefined ? set2 : set1);
    let squeezed = '';
    for (const ch of out) if (!(sq.has(ch) && squeezed[squeezed.length - 1] === ch)) squeezed += ch;
    out = squeezed;
  }
  c.out.bin(out);
  return 0;
});

export const trPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['tr', tr]];
