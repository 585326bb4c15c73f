// One embed: its project (from the link's fragment or the host's `init`), kept in memory and
// never in the reader's playground; its options; the Session that builds and runs it on an
// Engine over a store of its own; and what it tells the host (status, output, exit, size).

import { isWharfError } from '../../core/errors.ts';
import type {
  EmbedFile,
  EmbedMode,
  EmbedOptions,
  EmbedState,
  EmbedTheme,
  FrameMessage,
} from '../../core/embed/index.ts';
import { EMBED_PROTOCOL, projectFiles } from '../../core/embed/index.ts';
import {
  checkProject,
  emptyRunOptions,
  isContextFile,
  PROJECT_VERSION,
  type Project,
  type ProjectFile,
} from '../../core/project.ts';
import { encodeShare, type SharedProject } from '../../core/share/index.ts';
import type { Engine } from '../engine/index.ts';
import type { PageStore } from '../../store/index.ts';
import { contextFromArchive, zipEntries } from '../lib/import-files.ts';
import { slug, sortFiles } from '../lib/new-project.ts';
import { Session, type Status } from '../state/session.svelte.ts';
import { deferredEngine, tappedEngine } from './engine-wrappers.ts';

/** What the embed tells its host; sent only once a host has said hello. */
export type Tell = (message: FrameMessage) => void;

export interface EmbedInit {
  options: EmbedOptions;
  /** The project from the link, if it carried one; else the host sends it (`init`). */
  shared?: SharedProject;
  /** Whether this frame is cross-origin isolated (SharedArrayBuffer: keyboard input to programs). */
  isolated: boolean;
  store: PageStore;
  makeEngine: () => Engine;
  /** The site's address, where "Open in Wharf" goes. */
  site: string;
  /** Fetches an image tarball (the page's fetch). */
  fetch: typeof fetch;
  tell: Tell;
}

const EMBED_ID = 'embed';

export class Embed {
  readonly options: EmbedOptions;
  readonly isolated: boolean;
  readonly session: Session;
  readonly #runtime: ReturnType<typeof deferredEngine>;
  readonly #engine: Engine;
  readonly #site: string;
  readonly #fetch: typeof fetch;
  readonly #tell: Tell;
  #project = $state.raw<Project | undefined>(undefined);
  #revision = $state(0);
  #active = $state<string | undefined>(undefined);
  #theme = $state<EmbedTheme>('auto');
  #systemDark = $state(false);
  /** Fetching or pulling the `image=` image: its line while it lasts. */
  #fetching = $state<string | undefined>(undefined);
  #fetchError = $state<string | undefined>(undefined);
  #image: Promise<string> | undefined;
  #decoders = [new TextDecoder(), new TextDecoder()] as const;

  constructor(o: EmbedInit) {
    this.options = o.options;
    this.isolated = o.isolated;
    this.#site = o.site;
    this.#fetch = o.fetch;
    this.#tell = o.tell;
    this.#theme = o.options.theme;
    this.#runtime = deferredEngine(o.makeEngine);
    this.#engine = this.#runtime.engine;
    const engine = tappedEngine(this.#engine, {
      stdout: (b) =>
        this.#tell({ v: EMBED_PROTOCOL, type: 'stdout', data: this.#decoders[0].decode(b, { stream: true }) }),
      stderr: (b) =>
        this.#tell({ v: EMBED_PROTOCOL, type: 'stderr', data: this.#decoders[1].decode(b, { stream: true }) }),
      exit: (code) => this.#tell({ v: EMBED_PROTOCOL, type: 'exit', code }),
    });
    this.session = new Session(engine, o.store);
    if (o.shared) this.#setProject(o.shared.files, o.shared);
  }

  get project(): Project | undefined {
    return this.#project;
  }
  get theme(): EmbedTheme {
    return this.#theme;
  }
  set theme(t: EmbedTheme) {
    this.#theme = t;
  }
  /** Whether the system asks for dark (what `theme=auto` follows). */
  set systemDark(on: boolean) {
    this.#systemDark = on;
  }
  get dark(): boolean {
    return this.#theme === 'dark' || (this.#theme === 'auto' && this.#systemDark);
  }
  /** `full`: programs read the keyboard; `degraded`: stdin only as given up front. */
  get mode(): EmbedMode {
    return this.isolated ? 'full' : 'degraded';
  }
  /** Whether the runtime (its Workers) has started. */
  get started(): boolean {
    return this.#runtime.started;
  }

  /** The files the reader sees, Dockerfile first; the first other one shows unless `file=` says. */
  get visibleFiles(): ProjectFile[] {
    const p = this.#project;
    if (!p) return [];
    const hidden = new Set(this.options.hidden);
    return sortFiles(
      p.files.filter((f) => isContextFile(f) && !hidden.has(f.path)),
      p.dockerfile,
    );
  }
  get activePath(): string | undefined {
    const visible = this.visibleFiles;
    const want = this.#active ?? this.options.file;
    const dockerfile = this.#project?.dockerfile;
    return (visible.find((f) => f.path === want) ?? visible.find((f) => f.path !== dockerfile) ?? visible[0])?.path;
  }
  set activePath(path: string | undefined) {
    this.#active = path;
  }

  /** Waiting for the host's project: no link fragment, no image, no `init` yet. */
  get waiting(): boolean {
    return !this.#project && !this.options.image;
  }

  get state(): EmbedState {
    if (this.#fetching) return 'loading';
    if (this.#fetchError) return 'failed';
    if (this.waiting) return 'waiting';
    return stateOf(this.session.status);
  }

  get statusText(): string {
    if (this.#fetching) return this.#fetching;
    if (this.#fetchError) return 'Image not loaded';
    if (this.waiting) return 'Waiting for the project';
    return this.session.statusText;
  }

  get fetchError(): string | undefined {
    return this.#fetchError;
  }

  /** Starts the runtime: its Workers, and the toolchains the Dockerfile names, from what the browser keeps. */
  load(): void {
    this.#runtime.start();
    const p = this.#project;
    if (p && !this.options.image) this.#engine.prepare(p);
  }

  /** The host's project replaces the one shown (its edits too). */
  init(files: readonly EmbedFile[] | ProjectFile[], meta: { dockerfile?: string; name?: string } = {}): void {
    this.#setProject(projectFiles(files as EmbedFile[]), meta);
  }

  /** The host's project as a .zip, .tar or .tar.gz of its files. */
  async initArchive(archive: Uint8Array, meta: { dockerfile?: string; name?: string } = {}): Promise<void> {
    const zip = archive[0] === 0x50 && archive[1] === 0x4b;
    const entries = zip ? zipEntries(archive) : await this.#engine.readTar(archive);
    this.#setProject(contextFromArchive(entries), meta);
  }

  #setProject(files: ProjectFile[], meta: Partial<SharedProject>): void {
    const name = meta.name || 'embed';
    const dockerfile =
      meta.dockerfile ??
      files.find((f) => f.path === 'Dockerfile')?.path ??
      files.find((f) => /(^|\/)Dockerfile$/.test(f.path))?.path ??
      'Dockerfile';
    this.#project = checkProject(
      {
        version: PROJECT_VERSION,
        id: EMBED_ID,
        name,
        dockerfile,
        files,
        run: meta.run ? { ...meta.run } : emptyRunOptions(),
        tag: meta.tag || `${slug(name)}:latest`,
        buildArgs: meta.buildArgs ?? {},
        createdAt: 0,
        updatedAt: 0,
      },
      'embed project',
    );
    this.#revision++;
  }

  /** An edit in the editor: kept here only (a reload of the host starts from the original). */
  writeFile(path: string, text: string): void {
    const p = this.#project;
    if (!p || this.options.readonly) return;
    this.#project = {
      ...p,
      files: p.files.map((f) => (f.path === path && isContextFile(f) ? { ...f, data: text } : f)),
    };
    this.#revision++;
  }

  /** Build (unless `image=`) and run; stdin as given up front, or the keyboard where the frame can block on it. */
  async run(): Promise<void> {
    if (this.session.busy || this.#fetching) return;
    this.load();
    const stdin = this.options.stdin ?? this.#project?.run.stdin ?? '';
    this.session.interactive = this.isolated && stdin === '';
    this.#decoders = [new TextDecoder(), new TextDecoder()];
    const base = this.#project ?? emptyProject();
    const project = { ...base, run: { ...base.run, stdin } };
    if (!this.options.image) {
      await this.session.run(project, this.#revision);
      return;
    }
    let ref: string;
    try {
      ref = await this.#imageRef();
    } catch {
      return;
    }
    await this.session.run(project, this.#revision, ref);
  }

  stop(): void {
    this.session.stop();
  }

  /** The `image=` image in this embed's store: fetched or pulled once per page. */
  #imageRef(): Promise<string> {
    const image = this.options.image!;
    this.#image ??= (async () => {
      this.#fetchError = undefined;
      try {
        if (image.kind === 'ref') {
          this.#fetching = `Pulling ${image.ref}…`;
          return await this.#engine.pullImage(image.ref, () => {});
        }
        const name = new URL(image.url).pathname.split('/').pop() || 'image.tar';
        this.#fetching = `Fetching ${name}…`;
        const res = await this.#fetch(image.url).catch((e: unknown) => {
          throw new Error(
            `${image.url}: ${e instanceof Error ? e.message : String(e)} (a server of another origin must send Access-Control-Allow-Origin)`,
          );
        });
        if (!res.ok) throw new Error(`${image.url}: HTTP ${res.status} ${res.statusText}`);
        const refs = await this.#engine.importImage(new Uint8Array(await res.arrayBuffer()), name);
        if (!refs[0]) throw new Error(`${image.url}: the tarball holds no image`);
        return refs[0];
      } catch (e) {
        this.#fetchError = `image=${image.kind === 'ref' ? image.ref : image.url}: ${e instanceof Error ? e.message : String(e)}`;
        this.#image = undefined;
        this.#tell({ v: EMBED_PROTOCOL, type: 'error', message: this.#fetchError });
        throw e;
      } finally {
        this.#fetching = undefined;
      }
    })();
    return this.#image;
  }

  /** The project as a share link of the site: what "Open in Wharf" opens (a copy, in a new tab). */
  playgroundUrl(): string | undefined {
    const p = this.#project;
    if (!p) return undefined;
    try {
      return `${this.#site}#p=${encodeShare({ ...p, run: { ...p.run, stdin: this.options.stdin ?? p.run.stdin } })}`;
    } catch (e) {
      if (isWharfError(e, 'SHARE_LINK')) return undefined;
      throw e;
    }
  }

  /** What `get-files` answers: every entry, hidden ones too, with the reader's edits. */
  files(id: number): FrameMessage {
    const p = this.#project;
    return { v: EMBED_PROTOCOL, type: 'files', id, files: p ? p.files : [], dockerfile: p?.dockerfile ?? 'Dockerfile' };
  }
}

function emptyProject(): Project {
  return {
    version: PROJECT_VERSION,
    id: EMBED_ID,
    name: 'embed',
    dockerfile: 'Dockerfile',
    files: [],
    run: emptyRunOptions(),
    tag: 'embed:latest',
    buildArgs: {},
    createdAt: 0,
    updatedAt: 0,
  };
}

export function stateOf(s: Status): EmbedState {
  switch (s.kind) {
    case 'idle':
    case 'built':
      return 'idle';
    case 'building':
      return 'building';
    case 'running':
      return 'running';
    case 'exited':
      return 'exited';
    case 'build-failed':
    case 'failed':
      return 'failed';
  }
}
