// A run's output as two views of one stream: chunks for the terminal (ANSI intact) and plain
// text for the Output log that screen readers and tests read, bounded to its recent part.

import { stripAnsi } from '../lib/ansi.ts';

/** Screen readers and tests need the recent output, not megabytes of it. */
const TEXT_LIMIT = 1 << 20;

export class OutputStream {
  #text = $state('');
  readonly #sinks = new Set<(chunk: string | null) => void>();

  get text(): string {
    return this.#text;
  }

  /** The terminal subscribes here: strings to write, null to clear. */
  subscribe(sink: (chunk: string | null) => void): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  write(chunk: string): void {
    if (!chunk) return;
    for (const sink of this.#sinks) sink(chunk);
    const next = this.#text + stripAnsi(chunk);
    this.#text = next.length > TEXT_LIMIT ? next.slice(next.length - TEXT_LIMIT) : next;
  }

  /** Take back the last echoed character (Backspace at a prompt). */
  erase(removed: string): void {
    for (const sink of this.#sinks) sink('\b \b');
    if (this.#text.endsWith(removed)) this.#text = this.#text.slice(0, -removed.length);
  }

  clear(): void {
    this.#text = '';
    for (const sink of this.#sinks) sink(null);
  }
}
