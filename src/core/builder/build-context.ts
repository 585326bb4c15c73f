// The build context: the project's entries minus what .dockerignore excludes, as a tree so COPY
// from the context and COPY --from a stage share one code path. Like BuildKit's context
// transfer (tonistiigi/fsutil) it keeps modes, symlinks as links, and empty directories.

import type { ProjectFile } from '../project.ts';
import { fileBytes, isContextFile } from '../project.ts';
import { PatternMatcher, parseDockerignore } from './pattern-matcher.ts';
import { dirNode, fileNode, symlinkNode, type DirNode, type TreeNode } from '../rootfs/index.ts';
import { toKey } from '../path.ts';
import { WharfError } from '../errors.ts';

export interface ContextOptions {
  /** Path of the Dockerfile inside the context (its own .dockerignore, Dockerfile.dockerignore, wins). */
  dockerfile: string;
  /**
   * Paths the host could not read, with why (the CLI records them rather than failing while it
   * loads the context): each stays in the tree as a marked node, and only a COPY that needs
   * one fails, at its line.
   */
  unreadable?: ReadonlyMap<string, string>;
}

export interface BuildContext {
  root: DirNode;
  /** The nodes that stand for unreadable paths, with why they could not be read. */
  unreadable: ReadonlyMap<TreeNode, string>;
  /** The nodes a COPY, ADD or RUN --mount of this build used, filled as the build goes. */
  used: Set<TreeNode>;
}

export function contextTree(files: readonly ProjectFile[], opts: ContextOptions): BuildContext {
  const ignore = new PatternMatcher(parseDockerignore(ignoreFileText(files, opts.dockerfile)));
  const root = dirNode();
  const unreadable = new Map<TreeNode, string>();
  const place = (path: string, make: (existing: TreeNode | undefined) => TreeNode): TreeNode | undefined => {
    const key = toKey(path);
    if (key === '') return undefined;
    const names = key.split('/');
    const included = !ignore.matchesOrParentMatches(key);
    let dir = root;
    for (let i = 0; i < names.length - 1; i++) {
      // An ignored entry still leaves its directories, as fsutil walks them, unless they are ignored too.
      if (!included && ignore.matchesOrParentMatches(names.slice(0, i + 1).join('/'))) return undefined;
      const next = dir.entries.get(names[i]!);
      if (next?.kind === 'dir') dir = next;
      else dir.entries.set(names[i]!, (dir = dirNode()));
    }
    if (!included) return undefined;
    const name = names[names.length - 1]!;
    const node = make(dir.entries.get(name));
    dir.entries.set(name, node);
    return node;
  };
  for (const f of files) {
    if (f.kind !== 'symlink' && !(Number.isInteger(f.mode) && f.mode >= 0 && f.mode <= 0o7777)) {
      throw new WharfError('USAGE', `build context entry "${f.path}" has no mode (0 to 0o7777)`);
    }
    if (isContextFile(f)) place(f.path, () => fileNode(fileBytes(f), { mode: f.mode }));
    else if (f.kind === 'symlink') place(f.path, () => symlinkNode(f.target));
    // A directory listed after its children keeps them and takes its own mode.
    else
      place(f.path, (existing) =>
        existing?.kind === 'dir' ? { ...existing, mode: f.mode } : dirNode({ mode: f.mode }),
      );
  }
  for (const [path, why] of opts.unreadable ?? []) {
    const node = place(path, () => fileNode(new Uint8Array(0), { mode: 0 }));
    if (node) unreadable.set(node, why);
  }
  return { root, unreadable, used: new Set() };
}

/** BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile first, then .dockerignore at the root. */
function ignoreFileText(files: readonly ProjectFile[], dockerfile: string): string {
  const find = (path: string) => files.find((f) => f.path === path && isContextFile(f));
  const chosen = find(`${dockerfile}.dockerignore`) ?? find('.dockerignore');
  if (!chosen || !isContextFile(chosen)) return '';
  return typeof chosen.data === 'string' ? chosen.data : new TextDecoder().decode(chosen.data);
}
