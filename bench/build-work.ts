// Build benchmarks, run unchanged in Node and in Chromium (imported by the page from Vite).
// Every figure is paired with a limit measured in the same run on the same bytes.

import { build, LayerMemo } from '../src/core/builder/index.ts';
import type { Store } from '../src/core/store.ts';
import type { Figure } from './context.ts';

const MB = 1e6;

/** Deterministic bytes shaped like a wasm module: a magic header, then mixed-entropy sections. */
export function pseudoWasm(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  let x = seed >>> 0 || 1;
  for (let i = 8; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // Code is repetitive: about half the bytes come from a small alphabet.
    out[i] = x & 0x100 ? (x >>> 24) & 0x0f : x >>> 24;
  }
  return out;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const DOCKERFILE = 'FROM scratch\nCOPY app.wasm /app.wasm\nENTRYPOINT ["/app.wasm"]\n';

type File = { path: string; data: string | Uint8Array; mode: number };
/** A builder bound to a fresh, empty store: core's build(), or the playground's builder Worker. */
export interface Builder {
  build(files: File[], tag: string): Promise<unknown>;
  /** What the playground does when a file is added, before anyone clicks Build. Not timed. */
  prepare?(files: File[]): void;
  dispose?(): void;
}

/**
 * `how` names the path measured ("core build in the page", "builder Worker"); `makeBuilder` gives
 * a builder over a new empty store each call. Cold builds get new bytes each sample, so neither
 * the layer memo nor the store has seen them; the figure is the least-disturbed of three, as is
 * its limit, because big allocations on this shared machine vary by 2-3x from one run to the next.
 */
export async function buildFigures(
  host: 'node' | 'chromium',
  how: string,
  makeBuilder: () => Promise<Builder>,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [label, size] of [
    ['40 KB', 40_000],
    ['10 MB', 10 * MB],
    ['75 MB', 75 * MB],
  ] as const) {
    const shaTimes: number[] = [];
    const coldTimes: number[] = [];
    const cachedTimes: number[] = [];
    for (let sample = 1; sample <= 3; sample++) {
      const data = pseudoWasm(size, sample);
      shaTimes.push(await time(() => crypto.subtle.digest('SHA-256', data)));
      const files = [
        { path: 'Dockerfile', data: DOCKERFILE, mode: 0o644 },
        { path: 'app.wasm', data, mode: 0o755 },
      ];
      const builder = await makeBuilder();
      try {
        builder.prepare?.(files);
        coldTimes.push(await time(() => builder.build(files, 'bench')));
        cachedTimes.push(await time(() => builder.build(files, 'bench')));
      } finally {
        builder.dispose?.();
      }
    }
    const sha = { name: 'one sha256 pass', value: Math.min(...shaTimes) };
    figures.push({
      name: `build ${label} module until runnable (committed to the store), ${how}`,
      host,
      value: Math.min(...coldTimes),
      unit: 'ms',
      limit: sha,
      goal: { ratio: 2 },
    });
    figures.push({
      name: `cached rebuild ${label}, ${how}`,
      host,
      value: Math.min(...cachedTimes),
      unit: 'ms',
      limit: sha,
    });
  }
  // Hello: a warm builder (JIT'd, store open), building an edited project each time.
  const hello = pseudoWasm(40_000, 7);
  const builder = await makeBuilder();
  const edited: number[] = [];
  const unchanged: number[] = [];
  try {
    for (let i = 0; i < 25; i++) {
      const files = [
        { path: 'Dockerfile', data: `${DOCKERFILE}LABEL edit=${i}\n`, mode: 0o644 },
        { path: 'app.wasm', data: hello, mode: 0o755 },
      ];
      edited.push(await time(() => builder.build(files, 'hello')));
      unchanged.push(await time(() => builder.build(files, 'hello')));
    }
  } finally {
    builder.dispose?.();
  }
  figures.push({
    name: `hello build, warm, after an edit (median of 20), ${how}`,
    host,
    value: median(edited.slice(5)),
    unit: 'ms',
    goal: { max: 10 },
  });
  figures.push({
    name: `hello build, warm, unchanged (median of 20), ${how}`,
    host,
    value: median(unchanged.slice(5)),
    unit: 'ms',
    goal: { max: 10 },
  });
  return figures;
}

/** Core's build() over `store`, with a layer memo of its own (as the CLI and the Worker keep one). */
export function coreBuilder(store: Store): Builder {
  const memo = new LayerMemo();
  return { build: (files, tag) => build({ files, store, memo, tag }) };
}
