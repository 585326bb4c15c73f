// Sizes and counts as gnulib's xstrtoumax reads them (od -j 1K, split -b 10MB, shuf -n):
// an unsigned integer in base 10 (or C's 0x / 0 prefixes with base 0) with an optional
// multiplier suffix from those a tool allows (K = 1024, KB = 1000, KiB = 1024, b = 512 ...),
// and xstrtol_fatal's messages for what fails.
import { Failure } from './errors.ts';

export type XstrtolStatus = 'ok' | 'invalid' | 'suffix' | 'overflow';

const UINTMAX = 2n ** 64n - 1n;
const POWERS: Record<string, number> = { k: 1, K: 1, M: 2, m: 2, G: 3, g: 3, T: 4, t: 4, P: 5, E: 6, Z: 7, Y: 8 };

/** `s` read as xstrtoumax does; `suffixes` lists the multiplier letters allowed ("0" allows KB/KiB forms). */
export function xstrtoumax(s: string, base: 0 | 10, suffixes: string): { status: XstrtolStatus; value: bigint } {
  const t = s.replace(/^[ \t\n\v\f\r]+/, '');
  if (t.startsWith('-')) return { status: 'invalid', value: 0n };
  const m = (base === 0 ? /^\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/ : /^\+?([0-9]+)/).exec(t);
  let value: bigint;
  let rest: string;
  if (!m) {
    // A suffix alone stands for one of it ("K" is 1024).
    if (suffixes === '' || t === '' || !suffixes.includes(t[0]!)) return { status: 'invalid', value: 0n };
    value = 1n;
    rest = t;
  } else {
    const digits = m[1]!;
    value = base === 0 && /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    rest = t.slice(m[0].length);
  }
  let overflow = value > UINTMAX;
  if (rest !== '') {
    if (suffixes === '' || !suffixes.includes(rest[0]!)) return { status: 'suffix', value };
    let scale = 1024n;
    let length = 1;
    if (suffixes.includes('0')) {
      if (rest[1] === 'i' && rest[2] === 'B') length = 3;
      else if (rest[1] === 'B' || rest[1] === 'D') {
        scale = 1000n;
        length = 2;
      }
    }
    const letter = rest[0]!;
    let factor: bigint;
    if (letter === 'b') factor = 512n;
    else if (letter === 'B') factor = 1024n;
    else if (letter === 'c') factor = 1n;
    else if (letter === 'w') factor = 2n;
    else if (POWERS[letter] !== undefined) factor = scale ** BigInt(POWERS[letter]!);
    else return { status: 'suffix', value };
    value *= factor;
    overflow ||= value > UINTMAX;
    if (rest.length > length) return { status: 'suffix', value };
  }
  if (overflow) return { status: 'overflow', value: UINTMAX };
  return { status: 'ok', value };
}

/** xstrtol_fatal's message for a failed option argument: `invalid -j argument 'x'`. */
export function xstrtolError(status: XstrtolStatus, option: string, arg: string, exitStatus = 1): Failure {
  const opt = option.length === 1 ? `-${option}` : `--${option}`;
  const message =
    status === 'overflow'
      ? `${opt} argument '${arg}' too large`
      : status === 'suffix'
        ? `invalid suffix in ${opt} argument '${arg}'`
        : `invalid ${opt} argument '${arg}'`;
  return new Failure(message, exitStatus);
}
