// Three-way merge of project versions, for tabs that edit one project at once: `base` is the
// version both sides started from, `mine` this tab's, `theirs` what another tab saved. A file
// changed on one side only takes that side; a file both changed differently is a conflict that
// only the user settles (nothing is overwritten silently).

import type { Project, ProjectFile } from './project.ts';

/** A path both sides changed differently; `undefined` means that side deleted it. */
export interface FileConflict {
  path: string;
  mine: ProjectFile | undefined;
  theirs: ProjectFile | undefined;
}

export interface MergeResult {
  /** Mine with their changes in; conflicted paths keep my version until the user chooses. */
  project: Project;
  /** Conflicted paths with their side's entry (my side is in `project`). */
  conflicts: Map<string, ProjectFile | undefined>;
  /** Paths whose entry now differs from mine (taken from their side). */
  taken: string[];
}

/** How the user settles a conflict: my version, theirs, or both (mine moved to a copy). */
export type ConflictChoice = 'mine' | 'theirs' | 'both';

/** Equal entries: same kind, path, mode, link target and bytes. */
export function sameEntry(a: ProjectFile | undefined, b: ProjectFile | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.path !== b.path || (a.kind ?? 'file') !== (b.kind ?? 'file')) return false;
  if (a.kind === 'symlink') return b.kind === 'symlink' && a.target === b.target;
  if (a.kind === 'dir') return b.kind === 'dir' && a.mode === b.mode;
  if (b.kind === 'symlink' || b.kind === 'dir' || a.mode !== b.mode) return false;
  return sameData(a.data, b.data);
}

function sameData(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The fields of a project other than its files and timestamps: merged field by field. */
const FIELDS = ['name', 'dockerfile', 'tag', 'run', 'buildArgs'] as const;

function sameField(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Same content (files and settings); timestamps do not count. */
export function sameProject(a: Project, b: Project): boolean {
  if (a === b) return true;
  if (a.id !== b.id || a.files.length !== b.files.length) return false;
  if (!FIELDS.every((k) => sameField(a[k], b[k]))) return false;
  const byPath = new Map(b.files.map((f) => [f.path, f]));
  return a.files.every((f) => sameEntry(f, byPath.get(f.path)));
}

/**
 * Merge `theirs` into `mine` over `base`. Paths in `held` are conflicts still open from an
 * earlier merge: they stay conflicts (with their side updated) until both sides agree, even when
 * only one side moved since, so a conflict never resolves itself behind the user's back.
 * Settings both sides changed take mine: they are one click to redo, unlike an edit.
 */
export function mergeProjects(
  base: Project,
  mine: Project,
  theirs: Project,
  held: ReadonlySet<string> = new Set(),
): MergeResult {
  if (held.size === 0 && sameProject(base, mine)) {
    const taken = allPaths(mine, theirs).filter((p) => !sameEntry(find(mine, p), find(theirs, p)));
    return { project: theirs, conflicts: new Map(), taken };
  }
  const conflicts = new Map<string, ProjectFile | undefined>();
  const taken: string[] = [];
  const files: ProjectFile[] = [];
  for (const path of allPaths(theirs, mine)) {
    const b = find(base, path);
    const m = find(mine, path);
    const t = find(theirs, path);
    let pick: ProjectFile | undefined;
    if (sameEntry(m, t)) pick = m;
    else if (held.has(path)) {
      pick = m;
      conflicts.set(path, t);
    } else if (sameEntry(m, b)) {
      pick = t;
      taken.push(path);
    } else if (sameEntry(t, b)) pick = m;
    else {
      pick = m;
      conflicts.set(path, t);
    }
    if (pick) files.push(pick);
  }
  const project: Project = { ...theirs, files, updatedAt: Math.max(mine.updatedAt, theirs.updatedAt) };
  for (const k of FIELDS) {
    const changedHere = !sameField(mine[k], base[k]);
    if (changedHere) (project as unknown as Record<string, unknown>)[k] = mine[k];
  }
  return { project, conflicts, taken };
}

/**
 * What a tab may save while conflicts are open: its own project with each conflicted path as
 * their side has it, so a save never replaces a version the user has not chosen against.
 */
export function withTheirs(project: Project, conflicts: ReadonlyMap<string, ProjectFile | undefined>): Project {
  if (conflicts.size === 0) return project;
  const files: ProjectFile[] = [];
  for (const f of project.files) {
    if (!conflicts.has(f.path)) files.push(f);
    else if (conflicts.get(f.path)) files.push(conflicts.get(f.path)!);
  }
  for (const [path, theirs] of conflicts) {
    if (theirs && !project.files.some((f) => f.path === path)) files.push(theirs);
  }
  return { ...project, files };
}

/**
 * The project once the user settled `conflict`: mine keeps this tab's entry, theirs takes the
 * other tab's, both keeps theirs at the path and mine beside it under a free copy name (or just
 * whichever side still has the file). Returns the project and the copy's path, if one was made.
 */
export function settleConflict(
  project: Project,
  conflict: FileConflict,
  choice: ConflictChoice,
): { project: Project; copy?: string } {
  const { path, mine, theirs } = conflict;
  if (choice === 'mine') return { project };
  const without = project.files.filter((f) => f.path !== path);
  const at = project.files.findIndex((f) => f.path === path);
  const insert = (files: ProjectFile[], entry: ProjectFile): ProjectFile[] => {
    const i = at < 0 ? files.length : Math.min(at, files.length);
    return [...files.slice(0, i), entry, ...files.slice(i)];
  };
  if (choice === 'theirs' || !mine) {
    return { project: { ...project, files: theirs ? insert(without, theirs) : without } };
  }
  if (!theirs) return { project };
  const copy = copyPath(
    path,
    project.files.map((f) => f.path),
  );
  return { project: { ...project, files: [...insert(without, theirs), { ...mine, path: copy }] }, copy };
}

/** `dir/name.copy.ext` (then `.copy2`, `.copy3`...), the first not in `taken`. */
export function copyPath(path: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const slash = path.lastIndexOf('/') + 1;
  const name = path.slice(slash);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 1; ; i++) {
    const candidate = `${path.slice(0, slash)}${stem}.copy${i === 1 ? '' : i}${ext}`;
    if (!used.has(candidate)) return candidate;
  }
}

function find(p: Project, path: string): ProjectFile | undefined {
  return p.files.find((f) => f.path === path);
}

/** Every path of `first` in its order, then those only `second` has, in its order. */
function allPaths(first: Project, second: Project): string[] {
  const seen = new Set(first.files.map((f) => f.path));
  return [...seen, ...second.files.map((f) => f.path).filter((p) => !seen.has(p))];
}
