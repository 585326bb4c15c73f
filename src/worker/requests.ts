// Request ids and the promises waiting on their replies, for the clients that own a worker
// (runner, builder, gzip pool): a reply settles its request, an error that crossed as plain data
// is rebuilt as a WharfError, a dead worker fails every request, and a reply to an id nobody
// waits for any more (abandoned, or superseded where the latest request wins) is dropped.
import { deserializeError, type SerializedError } from '../core/errors.ts';

interface Waiting<T, X> {
  resolve(value: T): void;
  reject(error: unknown): void;
  extra: X;
}

export class Requests<T, X = undefined> {
  readonly #pending = new Map<number, Waiting<T, X>>();
  #next = 1;

  /** A new request: its id for the message, and the promise its reply settles. */
  open(extra: X): { id: number; promise: Promise<T> } {
    const id = this.#next++;
    const promise = new Promise<T>((resolve, reject) => this.#pending.set(id, { resolve, reject, extra }));
    return { id, promise };
  }

  /** What the client keeps beside a request still waiting (a progress callback, say). */
  extra(id: number): X | undefined {
    return this.#pending.get(id)?.extra;
  }

  /** The newest request's id (0 before any). */
  get latest(): number {
    return this.#next - 1;
  }

  get size(): number {
    return this.#pending.size;
  }

  resolve(id: number, value: T): void {
    this.#take(id)?.resolve(value);
  }

  /** Fails a request; an error that crossed from a worker as plain data becomes a WharfError again. */
  reject(id: number, error: SerializedError | Error): void {
    this.#take(id)?.reject(error instanceof Error ? error : deserializeError(error));
  }

  rejectAll(error: Error): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const w of all) w.reject(error);
  }

  #take(id: number): Waiting<T, X> | undefined {
    const w = this.#pending.get(id);
    this.#pending.delete(id);
    return w;
  }
}
