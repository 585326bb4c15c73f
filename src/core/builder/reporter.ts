// Turns the builder's work into BuildKit-style vertices: numbered, with running/done/cached/
// error events, durations and sizes, plus warnings. Errors from a step get its Dockerfile line.
// A failure is said once, at the step that failed: a step that was waiting on it (a FROM or
// COPY --from of the stage it was in) ends CANCELED, as BuildKit shows it.

import { WharfError, located } from '../errors.ts';
import type { BuildEvent } from './progress.ts';

/** What a vertex's work may report while it runs. */
export interface VertexLog {
  /** Program output for the log, split into lines (a partial line waits for the rest). */
  output(fd: 1 | 2, chunk: Uint8Array): void;
  /** A line of its own (a note, a substitution the build made). */
  note(text: string): void;
  /** Bytes done of a long transfer. */
  progress(done: number, total: number): void;
}

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
  /** Errors a vertex has reported already, and what they were made from. */
  readonly #reported = new WeakSet<object>();
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
  async vertex<T>(name: string, work: (log: VertexLog) => Promise<VertexResult<T> | void>, line?: number): Promise<T> {
    const id = ++this.#vertex;
    const at = line !== undefined ? { line } : {};
    this.#emit({ type: 'step', id, name, status: 'running', ...at });
    const t0 = performance.now();
    const log = new LineLog(id, t0, this.#emit);
    try {
      const r = (await work(log)) ?? {};
      log.end();
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
      log.end();
      if (this.#known(e)) {
        this.#emit({ type: 'step', id, name, status: 'canceled', durationMs: performance.now() - t0, ...at });
        throw e;
      }
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
      if (typeof err === 'object' && err !== null) this.#reported.add(err);
      throw err;
    }
  }

  /** Whether `e`, or an error it wraps, was reported by a vertex already. */
  #known(e: unknown): boolean {
    for (let x = e; typeof x === 'object' && x !== null; x = (x as { cause?: unknown }).cause) {
      if (this.#reported.has(x)) return true;
    }
    return false;
  }
}

/** Splits a step's output into log lines per stream; what is left without a newline goes out at the end. */
class LineLog implements VertexLog {
  readonly #id: number;
  readonly #t0: number;
  readonly #emit: (e: BuildEvent) => void;
  readonly #partial: Record<1 | 2, string> = { 1: '', 2: '' };
  readonly #decoders = { 1: new TextDecoder(), 2: new TextDecoder() };

  constructor(id: number, t0: number, emit: (e: BuildEvent) => void) {
    this.#id = id;
    this.#t0 = t0;
    this.#emit = emit;
  }

  output(fd: 1 | 2, chunk: Uint8Array): void {
    const text = this.#partial[fd] + this.#decoders[fd].decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.#partial[fd] = lines.pop()!;
    for (const line of lines) this.#line(fd, line);
  }

  note(text: string): void {
    this.#line(1, text);
  }

  progress(done: number, total: number): void {
    this.#emit({ type: 'progress', id: this.#id, done, total });
  }

  end(): void {
    for (const fd of [1, 2] as const) {
      const rest = this.#partial[fd] + this.#decoders[fd].decode();
      this.#partial[fd] = '';
      if (rest) this.#line(fd, rest);
    }
  }

  #line(fd: 1 | 2, text: string): void {
    this.#emit({ type: 'log', id: this.#id, seconds: (performance.now() - this.#t0) / 1000, text, fd });
  }
}
