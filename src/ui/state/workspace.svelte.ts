// The open project and the list of saved ones. Every edit replaces the project value whole
// (it is $state.raw) and schedules an autosave; `revision` counts edits so Run knows whether
// the image it has is still the project's.

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
import type { ProjectStore } from '../../core/store.ts';
import { WharfError } from '../../core/errors.ts';
import { newProject, uniqueName, type NewProjectInit } from '../lib/new-project.ts';

const LAST_OPENED = 'wharf.lastProject';
const AUTOSAVE_MS = 300;

export class Workspace {
  readonly #store: ProjectStore;
  #project = $state.raw<Project | undefined>(undefined);
  #projects = $state.raw<Project[]>([]);
  #activePath = $state('');
  #revision = $state(0);
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();
  #saveError = $state<string | undefined>(undefined);

  constructor(store: ProjectStore) {
    this.#store = store;
  }

  get project(): Project | undefined {
    return this.#project;
  }
  get projects(): Project[] {
    return this.#projects;
  }
  get activePath(): string {
    return this.#activePath;
  }
  get revision(): number {
    return this.#revision;
  }
  get saveError(): string | undefined {
    return this.#saveError;
  }
  /** The regular file open in the editor (symlinks and directories are never opened). */
  get activeFile(): ContextFile | undefined {
    return this.#project?.files.find((f): f is ContextFile => f.path === this.#activePath && isContextFile(f));
  }

  /** Open the last project, or run `seed` to make the first one when there is none. */
  async load(seed: () => Promise<NewProjectInit>): Promise<void> {
    this.#projects = await this.#store.listProjects();
    const last = localStorage.getItem(LAST_OPENED);
    const found = this.#projects.find((p) => p.id === last) ?? this.#projects[0];
    if (found) this.#show(found);
    else await this.create(await seed());
  }

  async create(init: NewProjectInit, open?: string): Promise<Project> {
    const p = newProject({
      ...init,
      name: uniqueName(
        init.name,
        this.#projects.map((x) => x.name),
      ),
    });
    await this.#store.putProject(p);
    this.#projects = [p, ...this.#projects];
    this.#show(p, open);
    return p;
  }

  async open(id: string): Promise<void> {
    await this.flush();
    const p = await this.#store.getProject(id);
    if (!p) throw new WharfError('NOT_FOUND', `project ${id} is not saved in this browser`);
    this.#show(p);
  }

  async rename(name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    this.#update((p) => ({ ...p, name: trimmed }));
    await this.flush();
  }

  async duplicate(): Promise<void> {
    const p = this.#project;
    if (!p) return;
    await this.flush();
    await this.create({ ...p, name: `${p.name} copy`, files: p.files.map((f) => ({ ...f })) });
  }

  async remove(id: string, seed: () => Promise<NewProjectInit>): Promise<void> {
    clearTimeout(this.#saveTimer);
    await this.#store.deleteProject(id);
    this.#projects = this.#projects.filter((p) => p.id !== id);
    if (this.#project?.id === id) {
      const next = this.#projects[0];
      if (next) this.#show(next);
      else await this.create(await seed());
    }
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

  /** Write pending edits now (before switching projects or sharing). */
  async flush(): Promise<void> {
    if (this.#saveTimer !== undefined) {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = undefined;
      this.#save();
    }
    await this.#saving;
  }

  #put(entry: ProjectFile): void {
    this.#update((p) => {
      const files = p.files.some((f) => f.path === entry.path)
        ? p.files.map((f) => (f.path === entry.path ? entry : f))
        : [...p.files, entry];
      return { ...p, files };
    });
  }

  #show(p: Project, open?: string): void {
    this.#project = p;
    this.#activePath =
      (open && p.files.some((f) => f.path === open) ? open : undefined) ??
      p.files.find((f) => /\.(c|cc|cpp|rs|wat)$/.test(f.path))?.path ??
      p.dockerfile;
    this.#revision++;
    localStorage.setItem(LAST_OPENED, p.id);
  }

  /** `affectsImage` false: run options change how to run, not what to build. */
  #update(change: (p: Project) => Project, affectsImage = true): void {
    const p = this.#project;
    if (!p) return;
    const next = { ...change(p), updatedAt: Date.now() };
    this.#project = next;
    this.#projects = [next, ...this.#projects.filter((x) => x.id !== next.id)];
    if (affectsImage) this.#revision++;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#save();
    }, AUTOSAVE_MS);
  }

  #save(): void {
    const p = this.#project;
    if (!p) return;
    this.#saving = this.#saving
      .then(() => this.#store.putProject(p))
      .then(
        () => {
          this.#saveError = undefined;
        },
        (e: unknown) => {
          this.#saveError = e instanceof Error ? e.message : String(e);
        },
      );
  }
}
