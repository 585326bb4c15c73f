// The open project and the list of saved ones, kept in step with the other tabs of the same
// browser. Every edit replaces the project value whole (it is $state.raw) and schedules an
// autosave; `revision` counts changes so Run knows whether the image it has is still the
// project's. Everything that reads or writes the stored projects (start-up, saves, imports,
// switches, news from other tabs) runs in one ordered line, so the user's first action is never
// undone by start-up work, and a save never writes over another tab's (see lib/open-project.ts).

import {
  EDITOR_FILE_MODE,
  isContextFile,
  isSafeRelativePath,
  type ContextFile,
  withExecutable,
  type Project,
  type ProjectFile,
  type RunOptions,
} from '../../core/project.ts';
import type { ConflictChoice, FileConflict } from '../../core/project-merge.ts';
import { summarize, type ProjectStore, type ProjectSummary, type StoredProject } from '../../core/store.ts';
import { isWharfError, WharfError } from '../../core/errors.ts';
import { newProject, uniqueName, type NewProjectInit } from '../lib/new-project.ts';
import { OpenProject, type Changes } from '../lib/open-project.ts';
import { SaveQueue, Serial } from '../lib/save-queue.ts';
import type { TabLink, TabNews } from '../lib/tab-channel.ts';

const LAST_OPENED = 'wharf.lastProject';
const AUTOSAVE_MS = 300;
/** After a refused save (a full disk): try again after these pauses, and whenever space is freed. */
const RETRY_MS = [2_000, 5_000, 10_000, 30_000];

export interface WorkspaceOptions {
  /** News to and from the other tabs. */
  tabs?: TabLink;
  /** Runs `fn` while no other tab runs one under `name` (Web Locks): two tabs opened at once make one seed. */
  exclusive?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Tells the user something that happened out of their sight (another tab, a refused save). */
  say?: (kind: 'info' | 'error', text: string) => void;
  /** Tells the user the browser refused to store more (with the browser's figures). */
  full?: (text: string) => void;
  /** After each save of the user's work (a first one asks the browser to keep the data). */
  onSaved?: () => void;
  /** Where the last opened project is remembered (localStorage). */
  memory?: Pick<Storage, 'getItem' | 'setItem'>;
}

export class Workspace {
  readonly #store: ProjectStore;
  readonly #o: WorkspaceOptions;
  readonly #serial = new Serial();
  readonly #saves: SaveQueue;
  #doc: OpenProject | undefined;
  #seed: (() => Promise<NewProjectInit>) | undefined;
  #project = $state.raw<Project | undefined>(undefined);
  #projects = $state.raw<ProjectSummary[]>([]);
  #conflicts = $state.raw<FileConflict[]>([]);
  #activePath = $state('');
  #revision = $state(0);
  #saveError = $state<string | undefined>(undefined);

  constructor(store: ProjectStore, options: WorkspaceOptions = {}) {
    this.#store = store;
    this.#o = options;
    this.#saves = new SaveQueue(() => this.#serial.run(() => this.#saveNow()), {
      delay: AUTOSAVE_MS,
      retry: RETRY_MS,
    });
    options.tabs?.listen((news) => this.#hear(news));
  }

  get project(): Project | undefined {
    return this.#project;
  }
  get projects(): ProjectSummary[] {
    return this.#projects;
  }
  get activePath(): string {
    return this.#activePath;
  }
  get revision(): number {
    return this.#revision;
  }
  /** Why the last save failed, until one succeeds. */
  get saveError(): string | undefined {
    return this.#saveError;
  }
  /** Files this tab and another both changed, waiting for the user's choice. */
  get conflicts(): FileConflict[] {
    return this.#conflicts;
  }
  /** Something only this tab holds that it could not save (an open conflict, a refused save). */
  get atRisk(): boolean {
    return this.#conflicts.length > 0 || this.#saveError !== undefined;
  }
  /** The regular file open in the editor (symlinks and directories are never opened). */
  get activeFile(): ContextFile | undefined {
    return this.#project?.files.find((f): f is ContextFile => f.path === this.#activePath && isContextFile(f));
  }

  /**
   * Start-up, first in the line: open the last project, or make the first one from `shared` (a
   * link) or `seed`. A link opened beside saved projects becomes a new project of its own.
   */
  load(seed: () => Promise<NewProjectInit>, shared?: NewProjectInit): Promise<void> {
    this.#seed = seed;
    return this.#serial.run(() =>
      this.#exclusive('wharf.first-project', async () => {
        this.#projects = await this.#store.listProjects();
        if (shared) {
          await this.#createNow(shared);
          return;
        }
        const last = this.#o.memory?.getItem(LAST_OPENED);
        const found = this.#projects.find((p) => p.id === last) ?? this.#projects[0];
        const stored = found && (await this.#store.getProject(found.id));
        if (stored) this.#show(stored);
        else await this.#createNow(await seed());
      }),
    );
  }

  create(init: NewProjectInit, open?: string): Promise<Project> {
    return this.#serial.run(() => this.#createNow(init, open));
  }

  open(id: string): Promise<void> {
    return this.#serial.run(async () => {
      await this.#leave();
      const stored = await this.#store.getProject(id);
      if (!stored) throw new WharfError('NOT_FOUND', `project ${id} is not saved in this browser`);
      this.#show(stored);
    });
  }

  async rename(name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    this.#update((p) => ({ ...p, name: trimmed }), false);
    // A refused save is already said (and tried again): the new name stays either way.
    await this.flush().catch(() => {});
  }

  async duplicate(): Promise<void> {
    const p = this.#project;
    if (!p) return;
    await this.create({ ...p, name: `${p.name} copy`, files: p.files.map((f) => ({ ...f })) });
  }

  remove(id: string, seed: () => Promise<NewProjectInit>): Promise<void> {
    return this.#serial.run(async () => {
      await this.#store.deleteProject(id);
      this.#o.tabs?.tell({ type: 'project-deleted', id });
      this.#projects = this.#projects.filter((p) => p.id !== id);
      if (this.#doc?.id === id) {
        this.#doc = undefined;
        await this.#showNext(seed);
      }
    });
  }

  select(path: string): void {
    this.#activePath = path;
  }

  /** Replace a file's content (its mode stays), or add a file made in the editor (0o644). */
  writeFile(path: string, data: string | Uint8Array): void {
    const old = this.#project?.files.find((f) => f.path === path);
    this.#put({ path, data, mode: old && isContextFile(old) ? old.mode : EDITOR_FILE_MODE });
  }

  /** Add entries (or replace those at the same paths) as they are, modes and all. */
  addFiles(files: readonly ProjectFile[]): void {
    for (const f of files) {
      if (!isSafeRelativePath(f.path))
        throw new WharfError('PATH_UNSAFE', `cannot add "${f.path}": not a relative path inside the project`);
    }
    for (const f of files) this.#put(f);
    const first = files[0];
    if (first) this.#activePath = first.path;
  }

  renameFile(from: string, to: string): void {
    if (!isSafeRelativePath(to))
      throw new WharfError('PATH_UNSAFE', `"${to}" is not a relative path inside the project`);
    if (from === to) return;
    if (this.#project?.files.some((f) => f.path === to))
      throw new WharfError('USAGE', `a file named "${to}" already exists`);
    this.#update((p) => ({
      ...p,
      dockerfile: p.dockerfile === from ? to : p.dockerfile,
      files: p.files.map((f) => (f.path === from ? { ...f, path: to } : f)),
    }));
    if (this.#activePath === from) this.#activePath = to;
  }

  /** Sets or clears a file's execute bits (`chmod +x` / `chmod -x`). */
  setExecutable(path: string, on: boolean): void {
    this.#update((p) => ({
      ...p,
      files: p.files.map((f) => (f.path === path && isContextFile(f) ? { ...f, mode: withExecutable(f.mode, on) } : f)),
    }));
  }

  deleteFile(path: string): void {
    this.#update((p) => ({ ...p, files: p.files.filter((f) => f.path !== path) }));
    if (this.#activePath === path) this.#activePath = this.#project?.files[0]?.path ?? '';
  }

  setRunOptions(run: RunOptions): void {
    this.#update((p) => ({ ...p, run }), false);
  }

  setTag(tag: string): void {
    this.#update((p) => ({ ...p, tag }));
  }

  /** The user's choice for a file both this tab and another changed; saved at once. */
  async settle(path: string, choice: ConflictChoice): Promise<void> {
    const doc = this.#doc;
    if (!doc) return;
    const copy = doc.settle(path, choice);
    this.#mirror(doc);
    this.#revision++;
    if (copy && this.#activePath !== path) this.#activePath = copy;
    this.#saves.schedule();
    await this.flush();
  }

  /** Write pending edits now (before sharing, say); rejects when the store refuses them. */
  flush(): Promise<void> {
    return this.#saves.flush();
  }

  /** Space may have been freed (images deleted here or in another tab): a refused save tries again. */
  retrySave(): void {
    this.#saves.retry();
  }

  // ---- inside the line ----

  async #createNow(init: NewProjectInit, open?: string): Promise<Project> {
    await this.#leave();
    const p = newProject({
      ...init,
      name: uniqueName(
        init.name,
        this.#projects.map((x) => x.name),
      ),
    });
    const r = await this.#store.saveProject(p, 0);
    if (!r.saved) throw new WharfError('STORE', `saving project "${p.name}": its id is taken`);
    this.#o.tabs?.tell({ type: 'project-saved', id: p.id, rev: r.rev });
    this.#projects = [summarize(p), ...this.#projects.filter((x) => x.id !== p.id)];
    this.#show({ project: p, rev: r.rev }, open);
    return p;
  }

  /** Before another project opens: this one's edits are saved, or the switch is refused. */
  async #leave(): Promise<void> {
    const doc = this.#doc;
    if (!doc) return;
    const open = doc.conflicts.map((c) => c.path);
    if (open.length > 0) {
      throw new WharfError(
        'USAGE',
        `${open.join(', ')} changed in another tab too: choose which version to keep before leaving "${doc.project.name}"`,
      );
    }
    if (doc.dirty) await this.#saveNow();
  }

  async #showNext(seed: (() => Promise<NewProjectInit>) | undefined): Promise<void> {
    for (const next of this.#projects) {
      const stored = await this.#store.getProject(next.id);
      if (stored) return this.#show(stored);
    }
    if (seed) await this.#createNow(await seed());
  }

  #show(stored: StoredProject, open?: string): void {
    const doc = new OpenProject(this.#store, stored);
    const p = doc.project;
    this.#doc = doc;
    this.#mirror(doc);
    this.#activePath =
      (open && p.files.some((f) => f.path === open) ? open : undefined) ??
      p.files.find((f) => /\.(c|cc|cpp|rs|wat)$/.test(f.path))?.path ??
      p.dockerfile;
    this.#revision++;
    this.#o.memory?.setItem(LAST_OPENED, p.id);
  }

  async #saveNow(): Promise<void> {
    const doc = this.#doc;
    if (!doc) return;
    let outcome;
    try {
      outcome = await doc.save();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const first = this.#saveError === undefined;
      this.#saveError = message;
      if (first && isWharfError(e, 'STORE_QUOTA')) {
        const text = `${message}. Your edits stay here and are saved as soon as there is space.`;
        if (this.#o.full) this.#o.full(text);
        else this.#o.say?.('error', text);
      } else if (first) {
        this.#o.say?.('error', `${message}. Your edits stay here; saving them is tried again.`);
      }
      throw e;
    }
    if (this.#saveError !== undefined) {
      this.#saveError = undefined;
      this.#o.say?.('info', `Saved "${doc.project.name}".`);
    }
    if (outcome.deleted) return this.#deletedElsewhere(doc);
    this.#took(doc, outcome);
    if (outcome.rev !== undefined) {
      this.#o.tabs?.tell({ type: 'project-saved', id: doc.id, rev: outcome.rev });
      this.#o.onSaved?.();
    }
  }

  /** Another tab's save of the open project: take it in. */
  async #pull(doc: OpenProject): Promise<void> {
    if (this.#doc !== doc) return;
    const stored = await this.#store.getProject(doc.id);
    if (!stored) return this.#deletedElsewhere(doc);
    this.#took(doc, doc.absorb(stored));
    if (doc.dirty) this.#saves.schedule();
  }

  async #deletedElsewhere(doc: OpenProject): Promise<void> {
    if (this.#doc !== doc) return;
    const name = doc.project.name;
    if (doc.dirty) {
      const rev = await doc.recreate();
      this.#o.tabs?.tell({ type: 'project-saved', id: doc.id, rev });
      this.#mirror(doc);
      this.#o.say?.(
        'info',
        `Project "${name}" was deleted in another tab; this tab had edits it had not saved, so it keeps the project.`,
      );
      return;
    }
    this.#doc = undefined;
    this.#projects = this.#projects.filter((p) => p.id !== doc.id);
    this.#o.say?.('info', `Project "${name}" was deleted in another tab.`);
    await this.#showNext(this.#seed);
  }

  #took(doc: OpenProject, changes: Changes): void {
    if (this.#doc !== doc) return;
    const before = this.#project;
    this.#mirror(doc);
    if (before !== this.#project) this.#revision++;
    const p = doc.project;
    if (!p.files.some((f) => f.path === this.#activePath)) {
      this.#activePath = p.files.find((f) => isContextFile(f))?.path ?? p.dockerfile;
    }
    if (changes.conflicts.length > 0) {
      this.#o.say?.(
        'error',
        `${changes.conflicts.join(', ')} changed in another tab while you edited it here: choose which version to keep.`,
      );
    }
  }

  #hear(news: TabNews): void {
    if (news.type === 'images-changed') return; // the session hears it, and calls retrySave()
    if (news.type === 'project-saved') {
      const doc = this.#doc;
      if (doc?.id === news.id) {
        if (news.rev > doc.rev) void this.#serial.run(() => this.#pull(doc)).catch(this.#report);
      } else {
        void this.#serial.run(() => this.#listed(news.id)).catch(this.#report);
      }
    } else {
      // A deleted project frees space a refused save may need.
      this.#saves.retry();
      const doc = this.#doc;
      void this.#serial
        .run(async () => {
          if (doc?.id === news.id) await this.#pull(doc);
          else this.#projects = this.#projects.filter((p) => p.id !== news.id);
        })
        .catch(this.#report);
    }
  }

  /** Another tab saved a project this one lists: the list shows it as stored. */
  async #listed(id: string): Promise<void> {
    const summary = (await this.#store.listProjects()).find((p) => p.id === id);
    if (!summary || this.#doc?.id === id) return;
    this.#projects = [summary, ...this.#projects.filter((p) => p.id !== id)].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  readonly #report = (e: unknown): void => {
    this.#o.say?.('error', e instanceof Error ? e.message : String(e));
  };

  #exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.#o.exclusive ? this.#o.exclusive(name, fn) : fn();
  }

  #mirror(doc: OpenProject): void {
    const p = doc.project;
    if (this.#project !== p) {
      this.#project = p;
      this.#projects = [summarize(p), ...this.#projects.filter((x) => x.id !== p.id)];
    }
    const conflicts = doc.conflicts;
    if (conflicts.length > 0 || this.#conflicts.length > 0) this.#conflicts = conflicts;
  }

  #put(entry: ProjectFile): void {
    this.#update((p) => {
      const files = p.files.some((f) => f.path === entry.path)
        ? p.files.map((f) => (f.path === entry.path ? entry : f))
        : [...p.files, entry];
      return { ...p, files };
    });
  }

  /** `affectsImage` false: run options change how to run, not what to build. */
  #update(change: (p: Project) => Project, affectsImage = true): void {
    const doc = this.#doc;
    if (!doc) return;
    doc.edit({ ...change(doc.project), updatedAt: Date.now() });
    this.#mirror(doc);
    if (affectsImage) this.#revision++;
    this.#saves.schedule();
  }
}
