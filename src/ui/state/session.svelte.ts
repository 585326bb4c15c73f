// Build and run state for the open project: status line, build log, program output (for the
// terminal as a stream, for screen readers and tests as text), images, and where an error is.

import { isWharfError, type Where } from '../../core/errors.ts';
import type { Project } from '../../core/project.ts';
import type { ImageRecord } from '../../core/store.ts';
import type { PageStore } from '../../store/index.ts';
import type { Marker, Engine, RunHandle } from '../engine/index.ts';
import { treeStats, type DirNode } from '../../core/rootfs/index.ts';
import { LineDiscipline } from '../lib/line-discipline.ts';
import type { RunMount } from '../lib/mount-files.ts';
import { OutputStream } from './output.svelte.ts';
import { displayRef, formatBytes, formatDuration } from '../lib/format.ts';
import { describeStorageUse, storageUse, type StorageUse } from '../lib/storage-use.ts';
import { firstSourceError } from '../lib/compile-errors.ts';
import type { TabLink } from '../lib/tab-channel.ts';
import type { Preview } from './preview.svelte.ts';

export type Status =
  | { kind: 'idle' }
  | { kind: 'building' }
  | { kind: 'built'; ref: string; ms: number }
  | { kind: 'build-failed'; message: string; stopped?: boolean }
  /** `serving`: the run serves the Preview (a module's container port, or a wasi:http component). */
  | { kind: 'running'; ref: string; progress?: string; serving?: { port?: number } }
  | { kind: 'exited'; code: number; ms: number; stopped: boolean }
  | { kind: 'failed'; message: string };

export type Panel = 'output' | 'preview' | 'build' | 'images' | 'options';

export interface ErrorMark extends Where {
  message: string;
  seq: number;
}

export class Session {
  readonly #engine: Engine;
  readonly #store: PageStore;
  #status = $state.raw<Status>({ kind: 'idle' });
  #buildLog = $state.raw<string[]>([]);
  readonly #output = new OutputStream();
  #images = $state.raw<ImageRecord[]>([]);
  #storage = $state.raw<StorageUse | undefined>(undefined);
  #imageBytes = $state<number | undefined>(undefined);
  #panel = $state<Panel>('output');
  #errorMark = $state.raw<ErrorMark | undefined>(undefined);
  #diagnostics = $state.raw<Marker[]>([]);
  #notice = $state.raw<{ kind: 'info' | 'error'; text: string } | undefined>(undefined);
  #run: RunHandle | undefined;
  #built: { projectId: string; revision: number; ref: string; manifest: string } | undefined;
  #seq = 0;
  readonly #tabs: TabLink | undefined;
  readonly #onImagesChanged: (() => void) | undefined;
  /** The Preview pane of runs that serve HTTP (none where the page has no way to show one). */
  readonly preview: Preview | undefined;

  /** `onImagesChanged`: after images changed here or in another tab (space may have been freed). */
  constructor(engine: Engine, store: PageStore, tabs?: TabLink, onImagesChanged?: () => void, preview?: Preview) {
    this.#engine = engine;
    this.#store = store;
    this.#tabs = tabs;
    this.#onImagesChanged = onImagesChanged;
    this.preview = preview;
    // Another tab built, pulled, deleted or pruned: the list, the figures and the last build follow.
    tabs?.listen((news) => {
      if (news.type !== 'images-changed') return;
      this.#onImagesChanged?.();
      void this.refreshImages().catch(() => {});
    });
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
    return this.#output.text;
  }
  get images(): ImageRecord[] {
    return this.#images;
  }
  /** The browser's estimate of what this site stores, refreshed with the images. */
  get storage(): StorageUse | undefined {
    return this.#storage;
  }
  /** Bytes of every blob in the store: what images (and the layers the build cache keeps) take. */
  get imageBytes(): number | undefined {
    return this.#imageBytes;
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
  get diagnostics(): Marker[] {
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
        return s.stopped ? 'Build stopped' : 'Build failed';
      case 'running':
        if (s.serving)
          return s.serving.port === undefined
            ? `Serving ${displayRef(s.ref)} (wasi:http)`
            : `Serving ${displayRef(s.ref)} on port ${s.serving.port}`;
        return s.progress ? `Running ${displayRef(s.ref)}: ${s.progress}…` : `Running ${displayRef(s.ref)}…`;
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
    return this.#output.subscribe(sink);
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
    let frame: number | undefined;
    const log = (line: string): void => {
      lines.push(line);
      // One update per frame: a build logs many lines, each its own message from the worker,
      // and redrawing the log for each one keeps the page from answering the worker's store calls.
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        this.#buildLog = [...lines];
      });
    };
    // The whole log at once when the build ends; a frame still pending would bring back this
    // build's lines over the next one's.
    const settle = (): void => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      frame = undefined;
      this.#buildLog = [...lines];
    };
    try {
      const result = await this.#engine.build(project, log);
      const ms = performance.now() - t0;
      lines.push(`Built ${displayRef(result.ref)} (${result.manifest.slice(0, 19)}…) in ${formatDuration(ms)}`);
      settle();
      this.#built = { projectId: project.id, revision, ref: result.ref, manifest: result.manifest };
      this.#status = { kind: 'built', ref: result.ref, ms };
      // A source file the build never read runs stale: say so where the user looks.
      const unused = result.warnings.find((w) => w.includes('editing it does not change the image'));
      if (unused) this.say('info', unused);
      // An unchanged rebuild stored nothing: no list to reload, no news for the other tabs.
      if (result.committed) void this.imagesChanged();
      return result.ref;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      lines.push(`ERROR: ${message}`);
      settle();
      this.#status = { kind: 'build-failed', message, stopped: isWharfError(e) && e.code === 'RUN_STOPPED' };
      // A failed RUN that printed a compiler error points at the source line, not only the RUN.
      const source =
        isWharfError(e) && e.code === 'BUILD_RUN'
          ? firstSourceError(
              lines,
              project.files.map((f) => f.path),
            )
          : undefined;
      if (source) {
        this.#errorMark = { ...source, seq: ++this.#seq };
      } else if (isWharfError(e) && e.line !== undefined) {
        this.#errorMark = { file: e.file, line: e.line, col: e.col, message, seq: ++this.#seq };
      }
      if (isWharfError(e, 'STORE_QUOTA')) void this.reportStoreFull(message);
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
    let served = false;
    try {
      this.#run = await this.#engine.run(
        target,
        project.run,
        {
          onStdout: (b) => this.#write(decoders[0].decode(b, { stream: true })),
          onStderr: (b) => this.#write(decoders[1].decode(b, { stream: true })),
          onProgress: (message) => {
            if (this.#status.kind === 'running') this.#status = { ...this.#status, progress: message || undefined };
          },
          onServe: (serving) => {
            if (this.#status.kind !== 'running') return;
            this.#status = {
              ...this.#status,
              progress: undefined,
              serving: serving.kind === 'http' ? {} : { port: serving.port },
            };
            served = true;
            if (this.preview) {
              this.preview.serve(serving, this.#status.ref);
              this.#panel = 'preview';
            }
          },
          onRequest: (entry) => this.preview?.record(entry),
        },
        this.#interactive,
        this.#mounts,
      );
      const stdin = this.#run.stdin;
      this.#acceptsInput = stdin !== undefined;
      if (stdin) {
        const enc = new TextEncoder();
        this.#tty = new LineDiscipline({
          echo: (text) => this.#write(text),
          erase: (removed) => this.#output.erase(removed),
          send: (text) => stdin.write(enc.encode(text)),
          close: () => {
            stdin.close();
            this.#acceptsInput = false;
          },
          interrupt: () => this.stop(),
        });
      }
      const code = await this.#run.exited;
      const stopped = this.#stopRequested;
      this.#write(decoders[0].decode() + decoders[1].decode());
      this.#status = { kind: 'exited', code, ms: performance.now() - t0, stopped };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#write(`\x1b[31m${message}\x1b[0m\n`);
      this.#status = { kind: 'failed', message };
    } finally {
      if (served)
        this.preview?.end(
          `The server's run ended (${this.statusText}). Run it again in the Wharf tab that ran it: this address serves it again.`,
        );
      this.#run = undefined;
      this.#tty = undefined;
      this.#acceptsInput = false;
      this.#stopRequested = false;
    }
  }

  #stopRequested = false;
  #interactive = $state(false);
  #mounts = $state.raw<RunMount[]>([]);
  #nextMount = 1;

  /** Files and folders the user picked to mount into runs (the browser's `-v`), for this session. */
  get mounts(): RunMount[] {
    return this.#mounts;
  }
  /** Mounts `tree` at `guest` (replacing a mount at the same path), as later `-v`s win. */
  addMount(guest: string, label: string, tree: DirNode): void {
    const { files, bytes } = treeStats(tree);
    this.#putMount({
      id: this.#nextMount++,
      guest,
      label,
      detail: `${files} ${files === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}`,
      tree,
    });
  }
  /** Mounts a folder the browser granted read-write: read at each run, written back after it. */
  addFolderMount(guest: string, handle: FileSystemDirectoryHandle): void {
    this.#putMount({ id: this.#nextMount++, guest, label: `${handle.name}/`, detail: 'read-write folder', handle });
  }
  #putMount(mount: RunMount): void {
    this.#mounts = [...this.#mounts.filter((m) => m.guest !== mount.guest), mount];
  }
  removeMount(id: number): void {
    this.#mounts = this.#mounts.filter((m) => m.id !== id);
  }
  #tty: LineDiscipline | undefined;

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

  /** Keystrokes from the terminal, for a run that reads them (see lib/line-discipline.ts). */
  input(data: string): void {
    this.#tty?.feed(data);
  }

  stop(): void {
    if (this.#status.kind === 'building') {
      this.#engine.stopBuild();
      return;
    }
    if (!this.#run) return;
    this.#stopRequested = true;
    this.#run.stop();
  }

  async refreshImages(): Promise<void> {
    const refs = await this.#store.listRefs();
    this.#images = refs.sort((a, b) => b.updatedAt - a.updatedAt);
    // The last build stands only while its ref still names its image (another tab may have
    // deleted it, or built another image under the same tag).
    const b = this.#built;
    if (b && !refs.some((r) => r.ref === b.ref && r.manifest === b.manifest)) this.#built = undefined;
    [this.#storage, this.#imageBytes] = await Promise.all([
      storageUse(),
      this.#store.blobBytes().catch(() => undefined),
    ]);
  }

  /** The images changed here (a build, import, pull, delete, prune): refresh, and tell the other tabs. */
  async imagesChanged(): Promise<void> {
    this.#tabs?.tell({ type: 'images-changed' });
    this.#onImagesChanged?.();
    await this.refreshImages();
  }

  /**
   * The browser refused to store more: that concerns every panel, not the one that was writing,
   * so say it above them all, with the browser's own figures.
   */
  async reportStoreFull(message: string): Promise<void> {
    this.#storage = await storageUse();
    this.say('error', this.#storage ? `${message} (${describeStorageUse(this.#storage)} by this site)` : message);
  }

  async deleteImage(ref: string): Promise<void> {
    await this.#store.deleteRef(ref);
    await this.imagesChanged();
  }

  /** Delete blobs no image needs; returns how many were removed. */
  async prune(): Promise<number> {
    const deleted = await this.#store.collectGarbage();
    await this.imagesChanged();
    return deleted.length;
  }

  /** Forget the last build (after an import replaced images, for instance). */
  invalidate(): void {
    this.#built = undefined;
  }

  #clearOutput(): void {
    this.#output.clear();
  }

  #write(text: string): void {
    this.#output.write(text);
  }
}
