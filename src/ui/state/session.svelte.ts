// Build and run state for the open project: status line, build log, program output (for the
// terminal as a stream, for screen readers and tests as text), images, and where an error is.

import { isWharfError, type Where } from '../../core/errors.ts';
import type { Project } from '../../core/project.ts';
import type { ImageRecord } from '../../core/store.ts';
import type { IdbStore } from '../../store/index.ts';
import type { Diagnostic, Engine, RunHandle } from '../engine/index.ts';
import { stripAnsi } from '../lib/ansi.ts';
import { displayRef, formatDuration } from '../lib/format.ts';

export type Status =
  | { kind: 'idle' }
  | { kind: 'building' }
  | { kind: 'built'; ref: string; ms: number }
  | { kind: 'build-failed'; message: string }
  | { kind: 'running'; ref: string }
  | { kind: 'exited'; code: number; ms: number; stopped: boolean }
  | { kind: 'failed'; message: string };

export type Panel = 'output' | 'build' | 'images' | 'options';

/** Keep the text mirror bounded: screen readers and tests need the recent output, not all of it. */
const MIRROR_LIMIT = 1 << 20;

export interface ErrorMark extends Where {
  message: string;
  seq: number;
}

export class Session {
  readonly #engine: Engine;
  readonly #store: IdbStore;
  #status = $state.raw<Status>({ kind: 'idle' });
  #buildLog = $state.raw<string[]>([]);
  #output = $state('');
  #images = $state.raw<ImageRecord[]>([]);
  #panel = $state<Panel>('output');
  #errorMark = $state.raw<ErrorMark | undefined>(undefined);
  #diagnostics = $state.raw<Diagnostic[]>([]);
  #notice = $state.raw<{ kind: 'info' | 'error'; text: string } | undefined>(undefined);
  #sinks = new Set<(chunk: string | null) => void>();
  #run: RunHandle | undefined;
  #built: { projectId: string; revision: number; ref: string } | undefined;
  #seq = 0;

  constructor(engine: Engine, store: IdbStore) {
    this.#engine = engine;
    this.#store = store;
  }

  get engine(): Engine {
    return this.#engine;
  }
  get status(): Status {
    return this.#status;
  }
  get buildLog(): string[] {
    return this.#buildLog;
  }
  get output(): string {
    return this.#output;
  }
  get images(): ImageRecord[] {
    return this.#images;
  }
  get panel(): Panel {
    return this.#panel;
  }
  set panel(p: Panel) {
    this.#panel = p;
  }
  get errorMark(): ErrorMark | undefined {
    return this.#errorMark;
  }
  get diagnostics(): Diagnostic[] {
    return this.#diagnostics;
  }
  get notice(): { kind: 'info' | 'error'; text: string } | undefined {
    return this.#notice;
  }
  get busy(): boolean {
    return this.#status.kind === 'building' || this.#status.kind === 'running';
  }
  get running(): boolean {
    return this.#status.kind === 'running';
  }

  /** Text a status line shows; "Exited (N)" is what tests and screen readers look for. */
  get statusText(): string {
    const s = this.#status;
    switch (s.kind) {
      case 'idle':
        return 'Ready';
      case 'building':
        return 'Building…';
      case 'built':
        return `Built ${displayRef(s.ref)} in ${formatDuration(s.ms)}`;
      case 'build-failed':
        return 'Build failed';
      case 'running':
        return `Running ${displayRef(s.ref)}…`;
      case 'exited':
        return `Exited (${s.code})${s.stopped ? ', stopped' : ''} in ${formatDuration(s.ms)}`;
      case 'failed':
        return 'Run failed';
    }
  }

  say(kind: 'info' | 'error', text: string): void {
    this.#notice = { kind, text };
  }
  dismissNotice(): void {
    this.#notice = undefined;
  }

  /** The terminal subscribes here: strings to write, null to clear. */
  subscribe(sink: (chunk: string | null) => void): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  async checkDockerfile(text: string, file: string): Promise<void> {
    try {
      this.#diagnostics = await this.#engine.parse(text, file);
    } catch {
      this.#diagnostics = [];
    }
  }

  isBuilt(project: Project, revision: number): boolean {
    return this.builtRef(project, revision) !== undefined;
  }

  /** The ref of the image built from exactly this revision of the project, if any. */
  builtRef(project: Project, revision: number): string | undefined {
    const b = this.#built;
    return b !== undefined && b.projectId === project.id && b.revision === revision ? b.ref : undefined;
  }

  /** Build the project; the ref on success, undefined on failure (the log and markers say why). */
  async build(project: Project, revision: number): Promise<string | undefined> {
    if (this.busy) return undefined;
    this.#status = { kind: 'building' };
    this.#buildLog = [];
    this.#errorMark = undefined;
    this.#panel = 'build';
    const t0 = performance.now();
    const lines: string[] = [];
    let pending = false;
    const log = (line: string): void => {
      lines.push(line);
      // Batch per frame: a build logs many lines in one tick.
      if (!pending) {
        pending = true;
        queueMicrotask(() => {
          pending = false;
          this.#buildLog = [...lines];
        });
      }
    };
    try {
      const result = await this.#engine.build(project, log);
      const ms = performance.now() - t0;
      log(`Built ${displayRef(result.ref)} (${result.manifest.slice(0, 19)}…) in ${formatDuration(ms)}`);
      this.#buildLog = [...lines];
      this.#built = { projectId: project.id, revision, ref: result.ref };
      this.#status = { kind: 'built', ref: result.ref, ms };
      void this.refreshImages();
      return result.ref;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      lines.push(`ERROR: ${message}`);
      this.#buildLog = [...lines];
      this.#status = { kind: 'build-failed', message };
      if (isWharfError(e) && e.line !== undefined) {
        this.#errorMark = { file: e.file, line: e.line, col: e.col, message, seq: ++this.#seq };
      }
      return undefined;
    }
  }

  /** Run `ref` (the project's image, built first when stale, unless a ref is given). */
  async run(project: Project, revision: number, ref?: string): Promise<void> {
    if (this.busy) return;
    let target = ref;
    if (!target) {
      target = this.builtRef(project, revision) ?? (await this.build(project, revision));
      if (!target) return;
    }
    this.#clearOutput();
    this.#panel = 'output';
    this.#status = { kind: 'running', ref: target };
    const decoders = [new TextDecoder(), new TextDecoder()] as const;
    const t0 = performance.now();
    try {
      this.#line = '';
      this.#run = await this.#engine.run(
        target,
        project.run,
        {
          onStdout: (b) => this.#write(decoders[0].decode(b, { stream: true })),
          onStderr: (b) => this.#write(decoders[1].decode(b, { stream: true })),
        },
        this.#interactive,
      );
      this.#acceptsInput = this.#run.stdin !== undefined;
      const code = await this.#run.exited;
      const stopped = this.#stopRequested;
      this.#write(decoders[0].decode() + decoders[1].decode());
      this.#status = { kind: 'exited', code, ms: performance.now() - t0, stopped };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#write(`\x1b[31m${message}\x1b[0m\n`);
      this.#status = { kind: 'failed', message };
    } finally {
      this.#run = undefined;
      this.#acceptsInput = false;
      this.#stopRequested = false;
    }
  }

  #stopRequested = false;
  #interactive = $state(false);
  #line = '';

  /** Whether runs read the terminal (`docker run -i`) rather than the Run options' stdin. */
  get interactive(): boolean {
    return this.#interactive;
  }
  set interactive(on: boolean) {
    this.#interactive = on;
  }
  /** True while a run is reading keystrokes from the terminal. */
  get acceptsInput(): boolean {
    return this.#acceptsInput;
  }
  #acceptsInput = $state(false);

  /**
   * Keystrokes from the terminal, with a cooked-mode line discipline as a tty gives programs:
   * local echo and editing, a line sent on Enter, Ctrl+D ends input, Ctrl+C stops the run.
   */
  input(data: string): void {
    const stdin = this.#run?.stdin;
    if (!stdin) return;
    const enc = new TextEncoder();
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        this.#write('\n');
        stdin.write(enc.encode(this.#line + '\n'));
        this.#line = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.#line.length > 0) {
          const chars = [...this.#line];
          const removed = chars.pop()!;
          this.#line = chars.join('');
          for (const sink of this.#sinks) sink('\b \b');
          if (this.#output.endsWith(removed)) this.#output = this.#output.slice(0, -removed.length);
        }
      } else if (ch === '\x04') {
        if (this.#line) stdin.write(enc.encode(this.#line));
        this.#line = '';
        stdin.close();
        this.#acceptsInput = false;
      } else if (ch === '\x03') {
        this.#write('^C\n');
        this.stop();
      } else if (ch >= ' ' || ch === '\t') {
        this.#line += ch;
        this.#write(ch);
      }
    }
  }

  stop(): void {
    if (!this.#run) return;
    this.#stopRequested = true;
    this.#run.stop();
  }

  async refreshImages(): Promise<void> {
    const refs = await this.#store.listRefs();
    this.#images = refs.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async deleteImage(ref: string): Promise<void> {
    await this.#store.deleteRef(ref);
    if (this.#built?.ref === ref) this.#built = undefined;
    await this.refreshImages();
  }

  /** Delete blobs no image needs; returns how many were removed. */
  async prune(): Promise<number> {
    const deleted = await this.#store.collectGarbage();
    await this.refreshImages();
    return deleted.length;
  }

  /** Forget the last build (after an import replaced images, for instance). */
  invalidate(): void {
    this.#built = undefined;
  }

  #clearOutput(): void {
    this.#output = '';
    for (const sink of this.#sinks) sink(null);
  }

  #write(text: string): void {
    if (!text) return;
    for (const sink of this.#sinks) sink(text);
    const next = this.#output + stripAnsi(text);
    this.#output = next.length > MIRROR_LIMIT ? next.slice(next.length - MIRROR_LIMIT) : next;
  }
}
