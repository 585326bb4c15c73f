// factor: the prime factors of each number (operands, else the words of stdin), of any size,
// in ascending order: trial division by small primes, then Miller-Rabin and Brent's variant of
// Pollard's rho, which finds the factors of 64-bit numbers (and of larger ones with small enough
// factors) at once.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { binToArg, bytesToBin, NO_OPTIONS, program, quote, readAll } from '../lib/index.ts';

const SMALL_PRIMES: number[] = (() => {
  const limit = 1000;
  const sieve = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += i) sieve[j] = 1;
  }
  return primes;
})();

/** 3.3e24: below it the first 13 primes as bases make Miller-Rabin exact. */
const EXACT_BELOW = 3_317_044_064_679_887_385_961_981n;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** Miller-Rabin for an odd n > 1000 with no factor below 1000. */
function isPrime(n: bigint): boolean {
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const bases = SMALL_PRIMES.slice(0, n < EXACT_BELOW ? 13 : 40);
  witness: for (const a of bases) {
    let x = modPow(BigInt(a), d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** A factor of the composite n other than 1 and n (Brent's cycle finding, batched gcds). */
function rho(n: bigint): bigint {
  for (let c = 1n; ; c++) {
    const f = (x: bigint): bigint => (x * x + c) % n;
    let y = 2n;
    let r = 1;
    let product = 1n;
    let x = y;
    let saved = y;
    let g = 1n;
    while (g === 1n) {
      x = y;
      for (let i = 0; i < r; i++) y = f(y);
      for (let k = 0; k < r && g === 1n; k += 128) {
        saved = y;
        for (let i = 0; i < Math.min(128, r - k); i++) {
          y = f(y);
          product = (product * (x > y ? x - y : y - x)) % n;
        }
        g = gcd(product, n);
      }
      r *= 2;
    }
    if (g === n) {
      // The batch overshot: step again one at a time from its start.
      do {
        saved = f(saved);
        g = gcd(x > saved ? x - saved : saved - x, n);
      } while (g === 1n);
    }
    if (g !== n) return g;
  }
}

/** The prime factors of n, ascending, with repeats. */
export function primeFactors(n: bigint): bigint[] {
  const out: bigint[] = [];
  if (n < 2n) return out;
  for (const p of SMALL_PRIMES) {
    const b = BigInt(p);
    if (b * b > n) break;
    while (n % b === 0n) {
      out.push(b);
      n /= b;
    }
  }
  const large: bigint[] = [];
  const split = (m: bigint): void => {
    if (m === 1n) return;
    if (m < 1_000_000n || isPrime(m)) {
      large.push(m);
      return;
    }
    const d = rho(m);
    split(d);
    split(m / d);
  };
  split(n);
  return [...out, ...large.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
}

const factor = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  const words =
    operands.length > 0
      ? operands
      : bytesToBin(readAll(c.stdin))
          .split(/[\n\t ]+/)
          .filter((w) => w !== '')
          .map(binToArg);
  let ok = true;
  for (const word of words) {
    const digits = word.replace(/^ */, '').replace(/^\+/, '');
    if (!/^[0-9]+$/.test(digits)) {
      c.warn(`${quote(word)} is not a valid positive integer`);
      ok = false;
      continue;
    }
    const n = BigInt(digits);
    c.out.text(
      `${n}:${primeFactors(n)
        .map((p) => ` ${p}`)
        .join('')}\n`,
    );
  }
  return ok ? 0 : 1;
});

export const factorPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['factor', factor]];
