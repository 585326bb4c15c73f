// Which lines of two files changed: E. Myers' O(ND) difference algorithm ("An O(ND) Difference
// Algorithm and Its Variations", Algorithmica 1986) with the refinements GNU diff 3.8 puts
// around it, followed step by step so that among edit scripts of equal length the same one is
// chosen: lines that match nothing in the other file are discarded first (analyze.c's
// discard_confusing_lines), the middle snake is searched from both ends with gnulib diffseq.h's
// tie-breaking and its cost cut-off, and runs of changes are slid to join their neighbours
// (shift_boundaries). https://www.gnu.org/software/diffutils/
import type { Side } from './lines.ts';

/** One change: `deleted` lines of file 0 from line0 replaced by `inserted` lines of file 1 from line1. */
export interface Change {
  /** Internal line numbers (0 is the first line after the prefix set aside). */
  line0: number;
  line1: number;
  deleted: number;
  inserted: number;
}

export interface AnalyzeOptions {
  /** diff -d: the smallest edit script whatever it costs. */
  minimal: boolean;
  /** diff --speed-large-files. */
  speedLargeFiles: boolean;
}

const SNAKE_LIMIT = 20;
/** Beyond any x: the backward search's "not reached yet". */
const INT_MAX = 0x7fffffff;

/** The edit script turning side 0 into side 1, in order. */
export function analyze(a: Side, b: Side, o: AnalyzeOptions): Change[] {
  // One flag per line, with an always-clear flag before the first and after the last.
  const changed: [Uint8Array, Uint8Array] = [new Uint8Array(a.middle + 2), new Uint8Array(b.middle + 2)];
  const kept = discardConfusingLines([a, b], changed, o.minimal);
  const total = kept[0].equivs.length + kept[1].equivs.length + 3;
  let tooExpensive = 1;
  for (let d = total; d !== 0; d >>>= 2) tooExpensive <<= 1;
  const search = new Search(kept[0], kept[1], changed, Math.max(4096, tooExpensive), o.speedLargeFiles);
  search.compare(0, kept[0].equivs.length, 0, kept[1].equivs.length, o.minimal);
  shiftBoundaries([a, b], changed);
  return buildScript(changed, a.middle, b.middle);
}

/** The lines left to the main algorithm: their classes and where each sits in its file. */
interface Kept {
  equivs: Int32Array;
  realIndexes: Int32Array;
}

/**
 * Marks as changed the lines that match no line of the other file, and lines matching many
 * when they sit inside a run of such lines, and leaves them out of the main comparison.
 */
function discardConfusingLines(sides: [Side, Side], changed: [Uint8Array, Uint8Array], minimal: boolean): [Kept, Kept] {
  let classes = 0;
  for (const s of sides) for (const e of s.equivs) classes = Math.max(classes, e + 1);
  const counts = [new Int32Array(classes), new Int32Array(classes)];
  sides.forEach((s, f) => {
    for (const e of s.equivs) counts[f]![e]!++;
  });
  const discards = sides.map((s, f) => {
    const end = s.middle;
    const d = new Uint8Array(end);
    const other = counts[1 - f]!;
    let many = 5;
    for (let tem = Math.floor(end / 64); (tem >>>= 2) > 0;) many *= 2;
    for (let i = 0; i < end; i++) {
      const e = s.equivs[i]!;
      if (e === 0) continue;
      const n = other[e]!;
      if (n === 0) d[i] = 1;
      else if (n > many) d[i] = 2;
    }
    return d;
  });
  for (const d of discards) keepProvisionalOnlyInRuns(d);
  return sides.map((s, f) => {
    const d = discards[f]!;
    const equivs: number[] = [];
    const realIndexes: number[] = [];
    for (let i = 0; i < s.middle; i++) {
      if (minimal || d[i] === 0) {
        equivs.push(s.equivs[i]!);
        realIndexes.push(i);
      } else {
        changed[f]![i + 1] = 1;
      }
    }
    return { equivs: Int32Array.from(equivs), realIndexes: Int32Array.from(realIndexes) };
  }) as [Kept, Kept];
}

/**
 * Provisional discards (2: lines matching many) stand only inside a run of discardable lines
 * that begins and ends with a definite one (1), and then not in long subruns or near its ends.
 */
function keepProvisionalOnlyInRuns(d: Uint8Array): void {
  const end = d.length;
  for (let i = 0; i < end; i++) {
    if (d[i] === 2) {
      d[i] = 0;
      continue;
    }
    if (d[i] === 0) continue;
    let j = i;
    let provisional = 0;
    for (; j < end && d[j] !== 0; j++) if (d[j] === 2) provisional++;
    while (j > i && d[j - 1] === 2) {
      d[--j] = 0;
      provisional--;
    }
    const length = j - i;
    if (provisional * 4 > length) {
      while (j > i) if (d[--j] === 2) d[j] = 0;
      continue;
    }
    let minimum = 1;
    for (let tem = length >> 2; (tem >>= 2) > 0;) minimum <<= 1;
    minimum++;
    let consec = 0;
    for (j = 0; j < length; j++) {
      if (d[i + j] !== 2) consec = 0;
      else if (minimum === ++consec) j -= consec;
      else if (minimum < consec) d[i + j] = 0;
    }
    consec = 0;
    for (j = 0; j < length; j++) {
      if (j >= 8 && d[i + j] === 1) break;
      if (d[i + j] === 2) {
        consec = 0;
        d[i + j] = 0;
      } else if (d[i + j] === 0) consec = 0;
      else consec++;
      if (consec === 3) break;
    }
    i += length - 1;
    consec = 0;
    for (j = 0; j < length; j++) {
      if (j >= 8 && d[i - j] === 1) break;
      if (d[i - j] === 2) {
        consec = 0;
        d[i - j] = 0;
      } else if (d[i - j] === 0) consec = 0;
      else consec++;
      if (consec === 3) break;
    }
  }
}

interface Partition {
  xmid: number;
  ymid: number;
  loMinimal: boolean;
  hiMinimal: boolean;
}

/** The middle-snake search over the kept lines, marking what it finds in `changed`. */
class Search {
  readonly #x: Int32Array;
  readonly #y: Int32Array;
  readonly #xReal: Int32Array;
  readonly #yReal: Int32Array;
  readonly #changed: [Uint8Array, Uint8Array];
  /** Furthest x reached on each diagonal, forward and backward; diagonal k at index k + #offset. */
  readonly #fd: Int32Array;
  readonly #bd: Int32Array;
  readonly #offset: number;
  readonly #tooExpensive: number;
  readonly #heuristic: boolean;

  constructor(x: Kept, y: Kept, changed: [Uint8Array, Uint8Array], tooExpensive: number, heuristic: boolean) {
    this.#x = x.equivs;
    this.#y = y.equivs;
    this.#xReal = x.realIndexes;
    this.#yReal = y.realIndexes;
    this.#changed = changed;
    const diags = x.equivs.length + y.equivs.length + 3;
    this.#fd = new Int32Array(diags);
    this.#bd = new Int32Array(diags);
    this.#offset = y.equivs.length + 1;
    this.#tooExpensive = tooExpensive;
    this.#heuristic = heuristic;
  }

  /** Compares x[xoff, xlim) with y[yoff, ylim), which match as wholes at their ends. */
  compare(xoff: number, xlim: number, yoff: number, ylim: number, minimal: boolean): void {
    const xv = this.#x;
    const yv = this.#y;
    for (;;) {
      while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
        xoff++;
        yoff++;
      }
      while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
        xlim--;
        ylim--;
      }
      if (xoff === xlim) {
        for (; yoff < ylim; yoff++) this.#changed[1][this.#yReal[yoff]! + 1] = 1;
        return;
      }
      if (yoff === ylim) {
        for (; xoff < xlim; xoff++) this.#changed[0][this.#xReal[xoff]! + 1] = 1;
        return;
      }
      const part = this.#diag(xoff, xlim, yoff, ylim, minimal);
      // Recurse into the smaller half, loop on the other (the order changes nothing found).
      if (xlim + ylim - (part.xmid + part.ymid) < part.xmid + part.ymid - (xoff + yoff)) {
        this.compare(part.xmid, xlim, part.ymid, ylim, part.hiMinimal);
        xlim = part.xmid;
        ylim = part.ymid;
        minimal = part.loMinimal;
      } else {
        this.compare(xoff, part.xmid, yoff, part.ymid, part.loMinimal);
        xoff = part.xmid;
        yoff = part.ymid;
        minimal = part.hiMinimal;
      }
    }
  }

  /** The midpoint of a shortest edit script of the two ranges (or a good guess when too costly). */
  #diag(xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean): Partition {
    const xv = this.#x;
    const yv = this.#y;
    const fd = this.#fd;
    const bd = this.#bd;
    const o = this.#offset;
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[fmid + o] = xoff;
    bd[bmid + o] = xlim;
    for (let c = 1; ; ++c) {
      let bigSnake = false;
      if (fmin > dmin) fd[--fmin - 1 + o] = -1;
      else ++fmin;
      if (fmax < dmax) fd[++fmax + 1 + o] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[d - 1 + o]!;
        const thi = fd[d + 1 + o]!;
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        if (x - x0 > SNAKE_LIMIT) bigSnake = true;
        fd[d + o] = x;
        if (odd && bmin <= d && d <= bmax && bd[d + o]! <= x) {
          return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
        }
      }
      if (bmin > dmin) bd[--bmin - 1 + o] = INT_MAX;
      else ++bmin;
      if (bmax < dmax) bd[++bmax + 1 + o] = INT_MAX;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[d - 1 + o]!;
        const thi = bd[d + 1 + o]!;
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        if (x0 - x > SNAKE_LIMIT) bigSnake = true;
        bd[d + o] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[d + o]!) {
          return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
        }
      }
      if (findMinimal) continue;
      if (200 < c && bigSnake && this.#heuristic) {
        const found = this.#bigSnake(c, xoff, xlim, yoff, ylim, { fmin, fmax, fmid, bmin, bmax, bmid });
        if (found) return found;
      }
      if (c >= this.#tooExpensive) return this.#halfway(xoff, xlim, yoff, ylim, { fmin, fmax, bmin, bmax });
    }
  }

  /** --speed-large-files: a diagonal that made much progress and ends in a long snake. */
  #bigSnake(
    c: number,
    xoff: number,
    xlim: number,
    yoff: number,
    ylim: number,
    r: { fmin: number; fmax: number; fmid: number; bmin: number; bmax: number; bmid: number },
  ): Partition | undefined {
    const xv = this.#x;
    const yv = this.#y;
    const o = this.#offset;
    let best = 0;
    let part: Partition | undefined;
    for (let d = r.fmax; d >= r.fmin; d -= 2) {
      const dd = d - r.fmid;
      const x = this.#fd[d + o]!;
      const y = x - d;
      const v = (x - xoff) * 2 - dd;
      if (v > 12 * (c + Math.abs(dd)) && v > best && xoff + SNAKE_LIMIT <= x && x < xlim) {
        if (yoff + SNAKE_LIMIT <= y && y < ylim) {
          for (let k = 1; xv[x - k] === yv[y - k]; k++) {
            if (k === SNAKE_LIMIT) {
              best = v;
              part = { xmid: x, ymid: y, loMinimal: true, hiMinimal: false };
              break;
            }
          }
        }
      }
    }
    if (best > 0) return part;
    best = 0;
    for (let d = r.bmax; d >= r.bmin; d -= 2) {
      const dd = d - r.bmid;
      const x = this.#bd[d + o]!;
      const y = x - d;
      const v = (xlim - x) * 2 + dd;
      if (v > 12 * (c + Math.abs(dd)) && v > best && xoff < x && x <= xlim - SNAKE_LIMIT) {
        if (yoff < y && y <= ylim - SNAKE_LIMIT) {
          for (let k = 0; xv[x + k] === yv[y + k]; k++) {
            if (k === SNAKE_LIMIT - 1) {
              best = v;
              part = { xmid: x, ymid: y, loMinimal: false, hiMinimal: true };
              break;
            }
          }
        }
      }
    }
    return best > 0 ? part : undefined;
  }

  /** Past the cost limit: the better of the furthest forward and backward points reached. */
  #halfway(
    xoff: number,
    xlim: number,
    yoff: number,
    ylim: number,
    r: { fmin: number; fmax: number; bmin: number; bmax: number },
  ): Partition {
    const o = this.#offset;
    let fxybest = -1;
    let fxbest = 0;
    for (let d = r.fmax; d >= r.fmin; d -= 2) {
      let x = Math.min(this.#fd[d + o]!, xlim);
      let y = x - d;
      if (ylim < y) {
        x = ylim + d;
        y = ylim;
      }
      if (fxybest < x + y) {
        fxybest = x + y;
        fxbest = x;
      }
    }
    let bxybest = INT_MAX;
    let bxbest = 0;
    for (let d = r.bmax; d >= r.bmin; d -= 2) {
      let x = Math.max(xoff, this.#bd[d + o]!);
      let y = x - d;
      if (y < yoff) {
        x = yoff + d;
        y = yoff;
      }
      if (x + y < bxybest) {
        bxybest = x + y;
        bxbest = x;
      }
    }
    if (xlim + ylim - bxybest < fxybest - (xoff + yoff)) {
      return { xmid: fxbest, ymid: fxybest - fxbest, loMinimal: true, hiMinimal: false };
    }
    return { xmid: bxbest, ymid: bxybest - bxbest, loMinimal: false, hiMinimal: true };
  }
}

/**
 * Slides each run of changes over identical neighbouring lines so that runs merge, then as far
 * down as it goes, then back to line up with a run of changes in the other file.
 */
function shiftBoundaries(sides: [Side, Side], changed: [Uint8Array, Uint8Array]): void {
  for (let f = 0; f < 2; f++) {
    // Indexes into these are line + 1: index 0 and middle + 1 are always clear.
    const ch = changed[f]!;
    const other = changed[1 - f]!;
    const equivs = sides[f]!.equivs;
    const iEnd = sides[f]!.middle;
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < iEnd && !ch[i + 1]) {
        while (other[1 + j++]) continue;
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (ch[1 + ++i]) continue;
      while (other[1 + j]) j++;
      let runLength: number;
      let corresponding: number;
      do {
        runLength = i - start;
        while (start && equivs[start - 1] === equivs[i - 1]) {
          ch[1 + --start] = 1;
          ch[1 + --i] = 0;
          while (ch[1 + start - 1]) start--;
          while (other[1 + --j]) continue;
        }
        corresponding = other[1 + j - 1] ? i : iEnd;
        while (i !== iEnd && equivs[start] === equivs[i]) {
          ch[1 + start++] = 0;
          ch[1 + i++] = 1;
          while (ch[1 + i]) i++;
          while (other[1 + ++j]) corresponding = i;
        }
      } while (runLength !== i - start);
      while (corresponding < i) {
        ch[1 + --start] = 1;
        ch[1 + --i] = 0;
        while (other[1 + --j]) continue;
      }
    }
  }
}

/** The flags as a list of changes, first to last. */
function buildScript(changed: [Uint8Array, Uint8Array], len0: number, len1: number): Change[] {
  const [c0, c1] = changed;
  const script: Change[] = [];
  let i0 = len0;
  let i1 = len1;
  while (i0 >= 0 || i1 >= 0) {
    if (c0[i0] || c1[i1]) {
      const line0 = i0;
      const line1 = i1;
      while (c0[i0]) --i0;
      while (c1[i1]) --i1;
      script.push({ line0: i0, line1: i1, deleted: line0 - i0, inserted: line1 - i1 });
    }
    i0--;
    i1--;
  }
  return script.reverse();
}
