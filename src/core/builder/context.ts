// The build context: the project's files minus what .dockerignore excludes, as a Snapshot so
// COPY from the context and COPY --from a stage share one code path.

import type { ProjectFile } from '../project.ts';
import { fileBytes } from '../project.ts';
import { PatternMatcher, parseDockerignore } from './pattern-matcher.ts';
import { Snapshot } from './snapshot.ts';
import { toKey } from './path.ts';

export interface ContextOptions {
  /** Path of the Dockerfile inside the context (its own .dockerignore, Dockerfile.dockerignore, wins). */
  dockerfile: string;
}

export function contextSnapshot(files: readonly ProjectFile[], opts: ContextOptions): Snapshot {
  const ignore = new PatternMatcher(parseDockerignore(ignoreFileText(files, opts.dockerfile)));
  const snap = new Snapshot();
  for (const f of files) {
    const key = toKey(f.path);
    if (key === '' || ignore.matchesOrParentMatches(key)) continue;
    snap.ensureParents(key, 0o755, 0, 0);
    snap.set(key, { type: 'file', mode: f.path.endsWith('.wasm') ? 0o755 : 0o644, uid: 0, gid: 0, data: fileBytes(f) });
  }
  return snap;
}

/** BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile first, then .dockerignore at the root. */
function ignoreFileText(files: readonly ProjectFile[], dockerfile: string): string {
  const specific = files.find((f) => f.path === `${dockerfile}.dockerignore`);
  const generic = files.find((f) => f.path === '.dockerignore');
  const chosen = specific ?? generic;
  if (!chosen) return '';
  return typeof chosen.data === 'string' ? chosen.data : new TextDecoder().decode(chosen.data);
}
