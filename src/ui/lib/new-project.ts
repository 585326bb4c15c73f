// Making projects: fresh ids and timestamps around a set of files, and names that do not clash.

import {
  emptyRunOptions,
  PROJECT_VERSION,
  type Project,
  type ProjectFile,
  type RunOptions,
} from '../../core/project.ts';

export interface NewProjectInit {
  name: string;
  files: ProjectFile[];
  dockerfile?: string;
  tag?: string;
  run?: RunOptions;
  buildArgs?: Record<string, string>;
}

export function newProject(init: NewProjectInit, now = Date.now()): Project {
  return {
    version: PROJECT_VERSION,
    id: crypto.randomUUID(),
    name: init.name,
    dockerfile: init.dockerfile ?? init.files.find((f) => /(^|\/)Dockerfile$/.test(f.path))?.path ?? 'Dockerfile',
    files: init.files,
    run: init.run ? { ...init.run } : emptyRunOptions(),
    tag: init.tag ?? `${slug(init.name)}:latest`,
    buildArgs: init.buildArgs ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

/** An image repository name from free text: lowercase, [a-z0-9._-], never empty. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return s || 'project';
}

/** `base`, or `base (2)`, `base (3)`... whichever is not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base} (${i})`)) return `${base} (${i})`;
}

/** Sort files Dockerfile first, then by path, as a file tree shows them. */
export function sortFiles(files: readonly ProjectFile[], dockerfile: string): ProjectFile[] {
  return [...files].sort((a, b) =>
    a.path === dockerfile ? -1 : b.path === dockerfile ? 1 : a.path.localeCompare(b.path),
  );
}
