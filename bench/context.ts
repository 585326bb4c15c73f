// What every benchmark gets: a place to report figures beside the limit they are measured against.
import type { Page } from 'playwright-core';

export interface Figure {
  /** e.g. "build 75 MB module until runnable" */
  name: string;
  host: 'node' | 'chromium';
  value: number;
  unit: string;
  /** The machine limit measured in the same run, e.g. one sha256 pass over the same bytes. */
  limit?: { name: string; value: number };
  /** The goal as a ratio value/limit (e.g. 2 for "within 2x"), a least ratio for figures where
   *  more is better (requests per second: 0.5 for "at least half"), or an absolute bound in `unit`. */
  goal?: { ratio?: number; minRatio?: number; max?: number };
}

export interface BenchContext {
  report(f: Figure): void;
  /** A Chromium page served by Vite from the project root: `await import('/src/core/...')` works. */
  page(): Promise<Page>;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}
