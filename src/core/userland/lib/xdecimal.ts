// Numeric option arguments as gnulib's xdectoimax/xdectoumax read them (nl -w, fold -w, split
// -a ...): decimal with optional blanks and sign in front, checked against a range, with GNU's
// three messages: `MESSAGE: 'x'`, `...: Numerical result out of range` (outside the range) and
// `...: Value too large for defined data type` (beyond 64 bits).
import { FatalError } from './errors.ts';
import { q } from './program.ts';

const INTMAX = 2n ** 63n - 1n;
const UINTMAX = 2n ** 64n - 1n;

/** `s` as an integer in [min, max]; a FatalError saying `message` otherwise (exit `status`). */
export function decimalArg(
  s: string,
  min: bigint,
  max: bigint,
  message: string,
  o: { unsigned?: boolean; status?: number } = {},
): bigint {
  const m = /^[ \t\n\v\f\r]*([-+]?)([0-9]+)$/.exec(s);
  if (!m || (o.unsigned && m[1] === '-')) throw new FatalError(`${message}: ${q(s)}`, o.status ?? 1);
  const v = BigInt(m[1] === '-' ? `-${m[2]}` : m[2]!);
  const limit = o.unsigned ? UINTMAX : INTMAX;
  if (v > limit || v < -INTMAX - 1n)
    throw new FatalError(`${message}: ${q(s)}: Value too large for defined data type`, o.status ?? 1);
  if (v < min || v > max) throw new FatalError(`${message}: ${q(s)}: Numerical result out of range`, o.status ?? 1);
  return v;
}
