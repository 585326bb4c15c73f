// The build context: the project's files minus what .dockerignore excludes, as a tree so COPY
// from the context and COPY --from a stage share one code path.

import type { ProjectFile } from '../project.ts';
import { fileBytes } from '../project.ts';
import { PatternMatcher, parseDockerignore } from './pattern-matcher.ts';
import { dirNode, fileNode, type DirNode } from '../rootfs/index.ts';
import { toKey } from './path.ts';

export interface ContextOptions {
  /** Path of the Dockerfile inside the context (its own .dockerignore, Dockerfile.dockerignore, wins). */
  dockerfile: string;
}

export function contextTree(files: readonly ProjectFile[], opts: ContextOptions): DirNode {
  const ignore = new PatternMatcher(parseDockerignore(ignoreFileText(files, opts.dockerfile)));
  const root = dirNode();
  for (const f of files) {
    const key = toKey(f.path);
    if (key === '' || ignore.matchesOrParentMatches(key)) continue;
    const names = key.split('/');
    let dir = root;
    for (const name of names.slice(0, -1)) {
      const next = dir.entries.get(name);
      if (next?.kind === 'dir') dir = next;
      else dir.entries.set(name, (dir = dirNode()));
    }
    dir.entries.set(
      names[names.length - 1]!,
      fileNode(fileBytes(f), { mode: f.path.endsWith('.wasm') ? 0o755 : 0o644 }),
    );
  }
  return root;
}

/** BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile first, then .dockerignore at the root. */
function ignoreFileText(files: readonly ProjectFile[], dockerfile: string): string {
  const specific = files.find((f) => f.path === `${dockerfile}.dockerignore`);
  const generic = files.find((f) => f.path === '.dockerignore');
  const chosen = specific ?? generic;
  if (!chosen) return '';
  return typeof chosen.data === 'string' ? chosen.data : new TextDecoder().decode(chosen.data);
}
