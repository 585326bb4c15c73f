// Build benchmarks, run unchanged in Node and in Chromium (imported by the page from Vite).
// Every figure is paired with a limit measured in the same run on the same bytes.

import { build, LayerMemo } from '../src/core/build/index.ts';
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

export async function buildFigures(host: 'node' | 'chromium', makeStore: () => Promise<Store>): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [label, size] of [
    ['40 KB', 40_000],
    ['10 MB', 10 * MB],
    ['75 MB', 75 * MB],
  ] as const) {
    const data = pseudoWasm(size);
    const shaTimes: number[] = [];
    for (let i = 0; i < 3; i++) shaTimes.push(await time(() => crypto.subtle.digest('SHA-256', data)));
    const sha = median(shaTimes);
    const files = [
      { path: 'Dockerfile', data: DOCKERFILE },
      { path: 'app.wasm', data },
    ];
    const store = await makeStore();
    const memo = new LayerMemo();
    const cold = await time(() => build({ files, store, memo, tag: 'bench' }));
    figures.push({
      name: `build ${label} module until runnable (committed to the store)`,
      host,
      value: cold,
      unit: 'ms',
      limit: { name: 'one sha256 pass', value: sha },
      goal: { ratio: 2 },
    });
    const cached = await time(() => build({ files, store, memo, tag: 'bench' }));
    figures.push({ name: `cached rebuild ${label}`, host, value: cached, unit: 'ms', limit: { name: 'one sha256 pass', value: sha } });
  }
  // Hello: a warm builder (JIT'd, store open), building an edited project each time.
  const hello = pseudoWasm(40_000, 7);
  const store = await makeStore();
  const memo = new LayerMemo();
  const edited: number[] = [];
  const unchanged: number[] = [];
  for (let i = 0; i < 25; i++) {
    const files = [
      { path: 'Dockerfile', data: `${DOCKERFILE}LABEL edit=${i}\n` },
      { path: 'app.wasm', data: hello },
    ];
    edited.push(await time(() => build({ files, store, memo, tag: 'hello' })));
    unchanged.push(await time(() => build({ files, store, memo, tag: 'hello' })));
  }
  figures.push({ name: 'hello build, warm, after an edit (median of 20)', host, value: median(edited.slice(5)), unit: 'ms', goal: { max: 10 } });
  figures.push({ name: 'hello build, warm, unchanged (median of 20)', host, value: median(unchanged.slice(5)), unit: 'ms', goal: { max: 10 } });
  return figures;
}
