// Numeric option arguments as gnulib's xdectoimax/xdectoumax read them (nl -w, fold -w, split
// -a, -b 10K ...): decimal with optional blanks and sign in front (no sign when unsigned), an
// optional multiplier suffix from those a tool allows, checked against a range, with GNU's three
// messages: `MESSAGE: 'x'`, and for a number out of range `...: Numerical result out of range`
// or, past half of INT_MAX (gnulib's guess at a type overflow), `...: Value too large for
// defined data type`.
import { Failure } from './errors.ts';
import { quote } from './quote.ts';
import { xstrtoumax, type XstrtolStatus } from './xstrtol.ts';

const INTMAX = 2n ** 63n - 1n;
const HALF_INT = 2n ** 30n - 1n;

/** xstrtoimax: a sign, then what xstrtoumax reads, within intmax_t. */
function xstrtoimax(s: string, suffixes: string): { status: XstrtolStatus; value: bigint } {
  const m = /^[ \t\n\v\f\r]*([-+]?)(.*)$/s.exec(s)!;
  if (/^[-+]/.test(m[2]!)) return { status: 'invalid', value: 0n };
  const r = xstrtoumax(m[2]!, 10, suffixes);
  const value = m[1] === '-' ? -r.value : r.value;
  if (r.status === 'ok' && (value > INTMAX || value < -INTMAX - 1n)) return { status: 'overflow', value };
  return { status: r.status, value };
}

/** `s` as an integer in [min, max]; a Failure saying `message` otherwise (exit `status`). */
export function decimalArg(
  s: string,
  min: bigint,
  max: bigint,
  message: string,
  o: { unsigned?: boolean; status?: number; suffixes?: string } = {},
): bigint {
  const { status, value } = o.unsigned ? xstrtoumax(s, 10, o.suffixes ?? '') : xstrtoimax(s, o.suffixes ?? '');
  const fail = (tail: string): Failure => new Failure(`${message}: ${quote(s)}${tail}`, o.status ?? 1);
  const tooLarge = ': Value too large for defined data type';
  if (status === 'overflow') throw fail(tooLarge);
  if (status !== 'ok') throw fail('');
  if (value < min || value > max)
    throw fail(value > HALF_INT || value < -HALF_INT - 1n ? tooLarge : ': Numerical result out of range');
  return value;
}
