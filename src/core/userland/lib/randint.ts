// Random integers and permutations as gnulib's randint, randperm and randread make them (shuf,
// and any tool with --random-source=FILE): the same bytes of a random source give the same
// choices as GNU's tools, byte for byte. Without a file the bytes come from the platform's
// cryptographic generator (GNU seeds ISAAC from getrandom, so those runs differ as GNU's do).
import { Failure } from './errors.ts';
import { quote } from './quote.ts';

const MASK = (1n << 64n) - 1n;
/** Choices among fewer than this keep every value below 2^53 (randmax < genmax * 256 + 256). */
const SMALL = 1n << 44n;
const EXACT = 1n << 53n;

/** Bytes of randomness on demand: a file's, in order, or the platform's. */
export class RandomBytes {
  readonly #file: { name: string; bytes: Uint8Array } | null;
  #pos = 0;
  #pool = new Uint8Array(0);

  private constructor(file: { name: string; bytes: Uint8Array } | null) {
    this.#file = file;
  }

  /** The bytes of a --random-source file; running out is GNU's `'FILE': end of file`. */
  static fromFile(name: string, bytes: Uint8Array): RandomBytes {
    return new RandomBytes({ name, bytes });
  }

  static platform(): RandomBytes {
    return new RandomBytes(null);
  }

  /** Fails as read(n) would when fewer than n bytes are left. */
  need(n: number): void {
    if (this.#file && this.#pos + n > this.#file.bytes.byteLength) this.read(n);
  }

  /** The next byte (after need()). */
  byte(): number {
    if (this.#file) return this.#file.bytes[this.#pos++]!;
    if (this.#pos >= this.#pool.byteLength) {
      this.#pool = crypto.getRandomValues(new Uint8Array(4096));
      this.#pos = 0;
    }
    return this.#pool[this.#pos++]!;
  }

  read(n: number): Uint8Array {
    if (!this.#file) {
      // The platform's bytes a page at a time: one call per choice costs more than the choice.
      if (this.#pos + n > this.#pool.byteLength) {
        this.#pool = crypto.getRandomValues(new Uint8Array(Math.max(4096, n)));
        this.#pos = 0;
      }
      this.#pos += n;
      return this.#pool.subarray(this.#pos - n, this.#pos);
    }
    const { name, bytes } = this.#file;
    if (this.#pos + n > bytes.byteLength) throw new Failure(`${quote(name)}: end of file`);
    const out = bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
}

/** gnulib's randint_source: uniform integers that keep the randomness a choice did not use. */
export class Randint {
  readonly #bytes: RandomBytes;
  // The undelivered randomness: randnum uniform in 0..randmax. Plain numbers while they stay
  // exact (below 2^53), as they do for any choice among fewer than 2^44: ten times faster.
  #randnum: number | bigint = 0;
  #randmax: number | bigint = 0;

  constructor(bytes: RandomBytes) {
    this.#bytes = bytes;
  }

  /** A uniform integer in 0..genmax (randint_genmax). */
  genmax(genmax: bigint): bigint {
    if (genmax < SMALL && typeof this.#randmax === 'number') return BigInt(this.#small(Number(genmax)));
    return this.#large(genmax);
  }

  /** choose() of a plain number n up to 2^44. */
  below(n: number): number {
    if (typeof this.#randmax === 'number') return this.#small(n - 1);
    return Number(this.#large(BigInt(n - 1)));
  }

  #small(genmax: number): number {
    let randnum = this.#randnum as number;
    let randmax = this.#randmax as number;
    const choices = genmax + 1;
    for (;;) {
      if (randmax < genmax) {
        // The bytes needed, as one read (running out fails the same either way).
        let needed = 0;
        for (let rmax = randmax; rmax < genmax; needed++) rmax = rmax * 256 + 255;
        this.#bytes.need(needed);
        while (randmax < genmax) {
          randnum = randnum * 256 + this.#bytes.byte();
          randmax = randmax * 256 + 255;
        }
      }
      if (randmax === genmax) {
        this.#randnum = 0;
        this.#randmax = 0;
        return randnum;
      }
      const excess = randmax - genmax;
      const unusable = excess % choices;
      const reduced = randnum % choices;
      if (randnum <= randmax - unusable) {
        this.#randnum = Math.floor(randnum / choices);
        this.#randmax = Math.floor(excess / choices);
        return reduced;
      }
      randnum = reduced;
      randmax = unusable - 1;
    }
  }

  #large(genmax: bigint): bigint {
    let randnum = BigInt(this.#randnum);
    let randmax = BigInt(this.#randmax);
    const choices = genmax + 1n;
    const keep = (num: bigint, max: bigint): void => {
      const exact = max < EXACT;
      this.#randnum = exact ? Number(num) : num;
      this.#randmax = exact ? Number(max) : max;
    };
    for (;;) {
      if (randmax < genmax) {
        let needed = 0;
        let rmax = randmax;
        do {
          rmax = ((rmax << 8n) & MASK) + 255n;
          needed++;
        } while (rmax < genmax);
        const buf = this.#bytes.read(needed);
        let i = 0;
        do {
          randnum = ((randnum << 8n) & MASK) + BigInt(buf[i]!);
          randmax = ((randmax << 8n) & MASK) + 255n;
          i++;
        } while (randmax < genmax);
      }
      if (randmax === genmax) {
        keep(0n, 0n);
        return randnum;
      }
      // Fair only while randnum falls in a whole multiple of choices; else retry, keeping
      // the randomness of where it fell beyond.
      const excess = randmax - genmax;
      const unusable = excess % choices;
      const lastUsable = randmax - unusable;
      const reduced = randnum % choices;
      if (randnum <= lastUsable) {
        keep(randnum / choices, excess / choices);
        return reduced;
      }
      randnum = reduced;
      randmax = unusable - 1n;
    }
  }

  /** A uniform integer in 0..n-1 (randint_choose). */
  choose(n: bigint): bigint {
    return this.genmax(n - 1n);
  }
}

/** Bytes of randomness the first h of a permutation of n may need: 0 means none (randperm_bound). */
export function randpermBound(h: bigint, n: bigint): bigint {
  const bits = BigInt(n.toString(2).length - (n === 0n ? 1 : 0));
  return (bits * h + 7n) / 8n;
}

/** The first h elements of a random permutation of 0..n-1 (randperm_new's swaps). */
export function randperm(r: Randint, h: bigint, n: bigint): bigint[] {
  if (h === 0n) return [];
  if (h === 1n) return [r.choose(n)];
  if (n <= SMALL) return smallPermutation(r, Number(h), Number(n)).map(BigInt);
  // The positions swapped so far (randperm.c's sparse map; the swaps are the same as its array's).
  const swapped = new Map<bigint, bigint>();
  const at = (i: bigint): bigint => swapped.get(i) ?? i;
  const out: bigint[] = [];
  for (let i = 0n; i < h; i++) {
    const j = i + r.choose(n - i);
    const vj = at(j);
    swapped.set(j, at(i));
    // Position i is final: later swaps only touch later positions.
    swapped.delete(i);
    out.push(vj);
  }
  return out;
}

/** randperm over plain numbers: an array as randperm.c's, or a map when n is far larger than h. */
function smallPermutation(r: Randint, h: number, n: number): number[] {
  const out: number[] = [];
  if (n <= 1 << 24 || n < h * 32) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = i;
    for (let i = 0; i < h; i++) {
      const j = i + r.below(n - i);
      const t = v[i]!;
      v[i] = v[j]!;
      v[j] = t;
      out.push(v[i]!);
    }
    return out;
  }
  const swapped = new Map<number, number>();
  for (let i = 0; i < h; i++) {
    const j = i + r.below(n - i);
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    swapped.delete(i);
    out.push(vj);
  }
  return out;
}
