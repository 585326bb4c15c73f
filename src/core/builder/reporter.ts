// Turns the builder's work into BuildKit-style vertices: numbered, with running/done/cached/
// error events, durations and sizes, plus warnings. Errors from a step get its Dockerfile line.

import { WharfError, located } from '../errors.ts';
import type { BuildEvent } from './progress.ts';

export interface VertexResult<T> {
  cached?: boolean;
  bytes?: number;
  detail?: string;
  result?: T;
}

export class Reporter {
  readonly #file: string;
  readonly #emit: (e: BuildEvent) => void;
  readonly warnings: string[] = [];
  #vertex = 0;
  cached = 0;

  constructor(file: string, onEvent: ((e: BuildEvent) => void) | undefined) {
    this.#file = file;
    this.#emit = onEvent ?? (() => {});
  }

  warn(message: string, line?: number): void {
    this.warnings.push(line === undefined ? message : `${this.#file}:${line}: ${message}`);
    this.#emit({ type: 'warning', message, line });
  }

  /** Run one vertex, reporting it as it starts and ends. */
  async vertex<T>(name: string, work: () => Promise<VertexResult<T> | void>, line?: number): Promise<T> {
    const id = ++this.#vertex;
    const at = line !== undefined ? { line } : {};
    this.#emit({ type: 'step', id, name, status: 'running', ...at });
    const t0 = performance.now();
    try {
      const r = (await work()) ?? {};
      if (r.cached) this.cached++;
      this.#emit({
        type: 'step',
        id,
        name,
        status: r.cached ? 'cached' : 'done',
        durationMs: performance.now() - t0,
        ...at,
        bytes: r.bytes,
        detail: r.detail || undefined,
      });
      return r.result as T;
    } catch (e) {
      const err =
        e instanceof WharfError && e.line === undefined && line !== undefined
          ? located(e.code, { file: this.#file, line }, e.message, e)
          : e;
      this.#emit({
        type: 'step',
        id,
        name,
        status: 'error',
        durationMs: performance.now() - t0,
        error: (err as Error).message,
        ...at,
      });
      throw err;
    }
  }
}
