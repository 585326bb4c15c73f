// The project a tab has open, against the store other tabs write too. It keeps three versions:
// the stored one this tab last read or wrote (with its revision), this tab's own (edits not yet
// saved included), and, per conflicted path, the other tab's. A save writes only over the
// revision it started from; when another tab saved in between, their changes come in (files
// this tab did not touch take their version) and the save is tried again. Files both tabs
// changed stay as the other tab saved them in the store until the user chooses.

import {
  mergeProjects,
  sameProject,
  settleConflict,
  withTheirs,
  type ConflictChoice,
  type FileConflict,
} from '../../core/project-merge.ts';
import type { Project, ProjectFile } from '../../core/project.ts';
import type { ProjectStore, StoredProject } from '../../core/store.ts';
import { WharfError } from '../../core/errors.ts';

/** What came in from other tabs: paths that took their version, paths newly in conflict. */
export interface Changes {
  taken: string[];
  conflicts: string[];
}

export interface SaveOutcome extends Changes {
  /** The revision written, when something was written. */
  rev?: number;
  /** Another tab deleted the project: nothing was written (see `recreate`). */
  deleted: boolean;
}

/** Tries of one save when other tabs keep saving in between (each try merges their save). */
const SAVE_TRIES = 8;

export class OpenProject {
  readonly #store: ProjectStore;
  #base: StoredProject;
  #mine: Project;
  #held = new Map<string, ProjectFile | undefined>();

  constructor(store: ProjectStore, stored: StoredProject) {
    this.#store = store;
    this.#base = stored;
    this.#mine = stored.project;
  }

  get id(): string {
    return this.#mine.id;
  }
  /** This tab's version: what the editor shows. */
  get project(): Project {
    return this.#mine;
  }
  /** The revision this tab last read or wrote. */
  get rev(): number {
    return this.#base.rev;
  }
  /** Open conflicts, each with both versions (mine is this tab's current entry). */
  get conflicts(): FileConflict[] {
    return [...this.#held].map(([path, theirs]) => ({
      path,
      mine: this.#mine.files.find((f) => f.path === path),
      theirs,
    }));
  }
  /** Whether this tab has something the store does not (unsaved edits, an open conflict). */
  get dirty(): boolean {
    return !sameProject(this.#mine, this.#base.project);
  }

  /** This tab's new version (an edit). */
  edit(next: Project): void {
    this.#mine = next;
  }

  /** Take in what another tab stored (no-op when it is not newer than what this tab knows). */
  absorb(current: StoredProject): Changes {
    if (current.rev <= this.#base.rev) return { taken: [], conflicts: [] };
    return this.#take(current);
  }

  #take(current: StoredProject): Changes {
    const before = new Set(this.#held.keys());
    const r = mergeProjects(this.#base.project, this.#mine, current.project, before);
    this.#mine = r.project;
    this.#held = r.conflicts;
    this.#base = current;
    return { taken: r.taken, conflicts: [...r.conflicts.keys()].filter((p) => !before.has(p)) };
  }

  /** Write this tab's version over the revision it knows, merging other tabs' saves as they come. */
  async save(): Promise<SaveOutcome> {
    const changes: Changes = { taken: [], conflicts: [] };
    for (let i = 0; i < SAVE_TRIES; i++) {
      const toSave = withTheirs(this.#mine, this.#held);
      if (sameProject(toSave, this.#base.project)) return { ...changes, deleted: false };
      const r = await this.#store.saveProject(toSave, this.#base.rev);
      if (r.saved) {
        this.#base = { project: toSave, rev: r.rev };
        return { ...changes, rev: r.rev, deleted: false };
      }
      if (!r.current) return { ...changes, deleted: true };
      const c = this.absorb(r.current);
      changes.taken.push(...c.taken);
      changes.conflicts.push(...c.conflicts);
    }
    throw new WharfError('STORE', `saving project "${this.#mine.name}": other tabs kept saving it; try again`);
  }

  /**
   * Store this tab's version as the project again after another tab deleted it (this tab had
   * edits the store never saw: they are not thrown away). Open conflicts keep this tab's side.
   */
  async recreate(): Promise<number> {
    this.#held.clear();
    const r = await this.#store.saveProject(this.#mine, 0);
    if (r.saved) {
      this.#base = { project: this.#mine, rev: r.rev };
      return r.rev;
    }
    // Another tab stored it again first: merge with that as with any save.
    if (r.current) this.#take(r.current);
    const again = await this.save();
    return again.rev ?? this.#base.rev;
  }

  /** The user's choice for a conflicted path; returns the copy's path when one was made. */
  settle(path: string, choice: ConflictChoice, now = Date.now()): string | undefined {
    const conflict = this.conflicts.find((c) => c.path === path);
    if (!conflict) return undefined;
    const { project, copy } = settleConflict(this.#mine, conflict, choice);
    this.#held.delete(path);
    this.#mine = { ...project, updatedAt: now };
    return copy;
  }
}
