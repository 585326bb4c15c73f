// C's `long double` as x86-64 has it (80-bit extended: a 64-bit significand, each operation
// rounded to nearest, ties to even), for tools whose output depends on its roundings (numfmt
// reads and scales numbers in it), and glibc's printf of it (%.*Lf, %Lg), digits exact.

const BITS = 64n;

function bitLength(n: bigint): bigint {
  return BigInt(n.toString(2).length);
}

export class LongDouble {
  /** Sign; zero is +0 or -0. */
  readonly negative: boolean;
  /** The significand: 0, or 64 bits with the top one set. */
  readonly mantissa: bigint;
  /** The value is mantissa * 2^exponent. */
  readonly exponent: bigint;

  private constructor(negative: boolean, mantissa: bigint, exponent: bigint) {
    this.negative = negative;
    this.mantissa = mantissa;
    this.exponent = exponent;
  }

  static readonly ZERO = new LongDouble(false, 0n, 0n);

  /** m * 2^e, exactly, rounded to the nearest long double (ties to even). */
  static round(negative: boolean, m: bigint, e: bigint): LongDouble {
    if (m === 0n) return new LongDouble(negative, 0n, 0n);
    const bits = bitLength(m);
    if (bits > BITS) {
      const shift = bits - BITS;
      const rest = m & ((1n << shift) - 1n);
      const half = 1n << (shift - 1n);
      m >>= shift;
      e += shift;
      if (rest > half || (rest === half && (m & 1n) === 1n)) {
        m++;
        if (m === 1n << BITS) {
          m >>= 1n;
          e++;
        }
      }
    } else if (bits < BITS) {
      m <<= BITS - bits;
      e -= BITS - bits;
    }
    return new LongDouble(negative, m, e);
  }

  static from(n: bigint | number): LongDouble {
    const v = BigInt(n);
    return LongDouble.round(v < 0n, v < 0n ? -v : v, 0n);
  }

  /** strtold of a decimal number ([-]digits[.digits][e[+-]digits]), correctly rounded. */
  static parse(text: string): LongDouble {
    const m = /^([-+]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: ${text}`);
    const negative = m[1] === '-';
    const digits = BigInt(`${m[2]}${m[3] ?? ''}` || '0');
    const exp = BigInt(m[4] ?? '0') - BigInt((m[3] ?? '').length);
    if (exp >= 0n) return LongDouble.round(negative, digits * 10n ** exp, 0n);
    const den = 10n ** -exp;
    // Enough quotient bits that the rounding sees 66 of them, and a sticky bit for the rest.
    const k = BigInt(Math.max(0, 66 + den.toString(2).length - digits.toString(2).length));
    const num = digits << k;
    const sticky = num % den === 0n ? 0n : 1n;
    return LongDouble.round(negative, ((num / den) << 1n) | sticky, -k - 1n);
  }

  /** The x87 extended value in 10 bytes (little-endian): null for an infinity or a NaN. */
  static fromBytes(b: Uint8Array): { value: LongDouble } | { special: 'inf' | 'nan'; negative: boolean } {
    let m = 0n;
    for (let i = 7; i >= 0; i--) m = (m << 8n) | BigInt(b[i]!);
    const top = b[9]! * 256 + b[8]!;
    const negative = top >= 0x8000;
    const e = top & 0x7fff;
    if (e === 0x7fff) return { special: (m & ((1n << 63n) - 1n)) === 0n ? 'inf' : 'nan', negative };
    // A nonzero exponent without the explicit integer bit is an "unnormal": x87 takes it as NaN.
    if (e !== 0 && m >> 63n === 0n) return { special: 'nan', negative };
    const value =
      m === 0n ? new LongDouble(negative, 0n, 0n) : LongDouble.round(negative, m, BigInt((e || 1) - 16383 - 63));
    return { value };
  }

  equals(b: LongDouble): boolean {
    return (
      this.mantissa === b.mantissa && this.exponent === b.exponent && (this.isZero() || this.negative === b.negative)
    );
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  neg(): LongDouble {
    return new LongDouble(!this.negative, this.mantissa, this.exponent);
  }

  abs(): LongDouble {
    return this.negative ? this.neg() : this;
  }

  add(b: LongDouble): LongDouble {
    if (b.isZero()) return this.isZero() ? new LongDouble(this.negative && b.negative, 0n, 0n) : this;
    if (this.isZero()) return b;
    const e = this.exponent < b.exponent ? this.exponent : b.exponent;
    const x = (this.mantissa << (this.exponent - e)) * (this.negative ? -1n : 1n);
    const y = (b.mantissa << (b.exponent - e)) * (b.negative ? -1n : 1n);
    const sum = x + y;
    return LongDouble.round(sum < 0n, sum < 0n ? -sum : sum, e);
  }

  sub(b: LongDouble): LongDouble {
    return this.add(b.neg());
  }

  mul(b: LongDouble): LongDouble {
    return LongDouble.round(this.negative !== b.negative, this.mantissa * b.mantissa, this.exponent + b.exponent);
  }

  div(b: LongDouble): LongDouble {
    if (b.isZero()) throw new RangeError('long double division by zero');
    const shift = 2n * BITS + 2n;
    const num = this.mantissa << shift;
    const q = num / b.mantissa;
    // A remainder is a sticky bit below the quotient's: it breaks what would look like a tie.
    const sticky = num % b.mantissa === 0n ? 0n : 1n;
    return LongDouble.round(this.negative !== b.negative, (q << 1n) | sticky, this.exponent - b.exponent - shift - 1n);
  }

  compare(b: LongDouble): number {
    const d = this.sub(b);
    return d.isZero() ? 0 : d.negative ? -1 : 1;
  }

  lt(b: LongDouble): boolean {
    return this.compare(b) < 0;
  }

  /** (intmax_t) of it: toward zero. */
  trunc(): bigint {
    const m = this.exponent >= 0n ? this.mantissa << this.exponent : this.mantissa >> -this.exponent;
    return this.negative ? -m : m;
  }

  /** The exact value as a decimal: its integer digits and, for a fraction, all its digits. */
  #decimal(): { int: bigint; frac: string } {
    if (this.exponent >= 0n) return { int: this.mantissa << this.exponent, frac: '' };
    const places = -this.exponent;
    const int = this.mantissa >> places;
    const rest = this.mantissa & ((1n << places) - 1n);
    // rest / 2^places = rest * 5^places / 10^places.
    const frac = (rest * 5n ** places).toString().padStart(Number(places), '0');
    return { int, frac };
  }

  /** printf("%.*Lf", prec, v): rounded to nearest, ties to even, as glibc prints. */
  toFixed(prec: number): string {
    const { int, frac } = this.#decimal();
    const digits = int.toString() + frac.padEnd(prec, '0').slice(0, prec);
    let n = BigInt(digits);
    const dropped = frac.slice(prec);
    if (/[1-9]/.test(dropped)) {
      const first = dropped[0]!;
      const beyond = /[1-9]/.test(dropped.slice(1));
      if (first > '5' || (first === '5' && (beyond || n % 2n === 1n))) n++;
    }
    let s = n.toString().padStart(prec + 1, '0');
    if (prec > 0) s = `${s.slice(0, -prec)}.${s.slice(-prec)}`;
    return (this.negative ? '-' : '') + s;
  }

  /** printf("%Lg", v): six significant digits, %e's form for exponents below -4 or from 6. */
  toG(precision = 6): string {
    const sign = this.negative ? '-' : '';
    if (this.isZero()) return `${sign}0`;
    const { int, frac } = this.#decimal();
    const all = (int === 0n ? '' : int.toString()) + frac;
    const lead = all.search(/[1-9]/);
    // The decimal exponent of the first significant digit.
    const exp = (int === 0n ? 0 : int.toString().length) - 1 - (int === 0n ? lead : 0);
    const sig = all.slice(lead);
    let kept = BigInt(sig.slice(0, precision).padEnd(precision, '0'));
    const dropped = sig.slice(precision);
    if (/[1-9]/.test(dropped)) {
      const first = dropped[0]!;
      if (first > '5' || (first === '5' && (/[1-9]/.test(dropped.slice(1)) || kept % 2n === 1n))) kept++;
    }
    let digits = kept.toString();
    let e = exp;
    if (digits.length > precision) {
      digits = digits.slice(0, precision);
      e++;
    }
    // A fraction's trailing zeros go, and a point with nothing after it.
    const trim = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
    if (e < -4 || e >= precision) {
      const mant = trim(`${digits[0]}.${digits.slice(1)}`);
      return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
    }
    if (e >= 0) return sign + trim(`${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`);
    return sign + trim(`0.${'0'.repeat(-e - 1)}${digits}`);
  }
}
