// When the workspace writes: one ordered line for everything that reads or writes the stored
// projects (start-up, saves, imports, switches, news from other tabs), and the autosave timing
// over it (a pause after the last edit; after a refused save, tries again later).

/**
 * Runs tasks one after another in the order they were given, each after the last has settled:
 * a project switch queued behind start-up runs after it, whatever either awaits. A failed task
 * fails its caller only.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => {});
    return result;
  }
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type SaveState = 'idle' | 'waiting' | 'saving' | 'failed';

export interface SaveQueueOptions {
  /** Pause after the last edit before saving (autosave debounce). */
  delay: number;
  /** Pauses before each new try after a failure; the last repeats. */
  retry: readonly number[];
  timers?: Timers;
}

/**
 * Autosave: `schedule()` after each edit; `save` runs `delay` ms after the last one, never two at
 * once (an edit during a save schedules one more after it). A failed save (a full disk) is tried
 * again after the `retry` pauses, and at once on `retry()` (when space may have been freed) or
 * the next edit; `save` reads what to write when it runs, so the latest edit is what is written.
 */
export class SaveQueue {
  readonly #save: () => Promise<void>;
  readonly #o: Required<SaveQueueOptions>;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #again = false;
  #failures = 0;
  #state: SaveState = 'idle';
  #error: unknown;

  constructor(save: () => Promise<void>, options: SaveQueueOptions) {
    this.#save = save;
    this.#o = { timers: realTimers, ...options };
  }

  get state(): SaveState {
    return this.#state;
  }
  get error(): unknown {
    return this.#error;
  }

  /** An edit was made: save after the pause (restarting it). */
  schedule(): void {
    this.#arm(this.#o.delay);
    if (this.#state === 'idle') this.#set('waiting');
  }

  /** Space may have been freed (images deleted, here or in another tab): a failed save tries now. */
  retry(): void {
    if (this.#state === 'failed') this.#arm(0);
  }

  /** Save now what waits to be saved and wait for it; rejects with the save's error. */
  async flush(): Promise<void> {
    if (this.#running) await this.#running.catch(() => {});
    if (this.#timer === undefined && this.#state !== 'failed') return;
    this.#disarm();
    await this.#start();
    if (this.#state === 'failed') throw this.#error;
  }

  /** Stop the timers (the page is going away or the workspace is replaced). */
  dispose(): void {
    this.#disarm();
  }

  #arm(ms: number): void {
    this.#disarm();
    this.#timer = this.#o.timers.set(() => {
      this.#timer = undefined;
      void this.#start();
    }, ms);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#o.timers.clear(this.#timer);
    this.#timer = undefined;
  }

  #start(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#set('saving');
    const run = (async () => {
      try {
        do {
          this.#again = false;
          await this.#save();
        } while (this.#again);
        this.#failures = 0;
        this.#error = undefined;
        this.#set(this.#timer === undefined ? 'idle' : 'waiting');
      } catch (e) {
        this.#error = e;
        const pause = this.#o.retry[Math.min(this.#failures, this.#o.retry.length - 1)] ?? this.#o.delay;
        this.#failures++;
        // A newer edit's timer stays; otherwise try again after the pause.
        if (this.#timer === undefined) this.#arm(pause);
        this.#set('failed');
      } finally {
        this.#running = undefined;
      }
    })();
    this.#running = run;
    return run;
  }

  #set(state: SaveState): void {
    this.#state = state;
  }
}
