// A new version of the site, installed by the service worker and waiting: the prompt's state.
// It is offered, never forced: the page reloads into it only when the user accepts, after the
// edits waiting for the autosave are written.

export class SiteUpdate {
  #offered = $state(false);
  #reloading = $state(false);
  #error = $state<string | undefined>(undefined);
  #accept: (() => Promise<void>) | undefined;

  /** Whether the prompt shows. */
  get offered(): boolean {
    return this.#offered;
  }
  get reloading(): boolean {
    return this.#reloading;
  }
  /** Why the last accept did not reload (the store refused the pending save). */
  get error(): string | undefined {
    return this.#error;
  }

  /** The service worker has a new version waiting; `accept` saves and reloads into it. */
  offer(accept: () => Promise<void>): void {
    this.#accept = accept;
    this.#offered = true;
  }

  /** Later: the prompt goes until the next visit (the new version still waits). */
  dismiss(): void {
    this.#offered = false;
  }

  async accept(): Promise<void> {
    if (!this.#accept || this.#reloading) return;
    this.#reloading = true;
    this.#error = undefined;
    try {
      await this.#accept();
    } catch (e) {
      this.#reloading = false;
      this.#error = `Not reloaded: your edits could not be saved first (${e instanceof Error ? e.message : String(e)}).`;
    }
  }
}
