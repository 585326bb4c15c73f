// Putting patch's results in place (util.c move_file, create_backup, makedirs, removedirs):
// a patched file replaces the old one as a new file (as renaming a temporary over it does),
// the old one kept as a backup when asked (-b) or when the patch did not match exactly
// (FILE.orig, or FILE.~N~ numbered, or -B/-Y/-z's name); directories a new file needs are
// made, and ones a deleted file leaves empty removed. Each file patch has made or replaced is
// remembered, so a file patched twice in one run is backed up once.
import type { VolumeNode } from '../../rootfs/index.ts';
import { binToBytes, FsError } from '../lib/index.ts';
import { statFile } from './intuit.ts';
import type { Session } from './session.ts';

/** Creates the missing directories leading to `name`, ignoring failures (makedirs). */
export function makedirs(s: Session, name: string): void {
  const parts = name.split('/');
  let prefix = '';
  for (let i = 0; i < parts.length - 1; i++) {
    prefix += (i > 0 ? '/' : '') + parts[i];
    const part = parts[i]!;
    if (part === '' || part === '.' || part === '..') continue;
    try {
      if (!s.fs.lookup(s.path(prefix))) s.fs.mkdir(s.path(prefix), 0o777);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
    }
  }
}

/** Removes the directories leading to `name` that are left empty (removedirs). */
export function removedirs(s: Session, name: string): void {
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const before = name.slice(0, i);
    if (before.endsWith('/') || /(^|\/)\.\.?$/.test(before)) continue;
    try {
      s.fs.rmdir(s.path(before));
      if (s.verbose) s.say(`Removed empty directory ${s.q(before)}\n`);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
    }
  }
}

/** The numbered backups of `name` there are (name.~N~), highest first. */
function highestNumbered(s: Session, name: string): number {
  const slash = name.lastIndexOf('/');
  const dir = slash < 0 ? '.' : name.slice(0, slash) || '/';
  const base = name.slice(slash + 1);
  const node = s.fs.lookup(s.path(dir));
  if (node?.kind !== 'dir') return 0;
  let highest = 0;
  for (const entry of node.entries.keys()) {
    const m = /^\.~([1-9][0-9]*)~$/.exec(entry.startsWith(base) ? entry.slice(base.length) : '');
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return highest;
}

/** The name a backup of `to` gets. */
export function backupName(s: Session, to: string): string {
  const o = s.o;
  if (o.prefix !== undefined || o.basenamePrefix !== undefined || o.suffix !== undefined) {
    const slash = to.lastIndexOf('/');
    return `${o.prefix ?? ''}${to.slice(0, slash + 1)}${o.basenamePrefix ?? ''}${to.slice(slash + 1)}${o.suffix ?? ''}`;
  }
  const simple = `${to}${s.c.getenv('SIMPLE_BACKUP_SUFFIX') || '.orig'}`;
  const style = backupStyle(s);
  if (style === 'simple') return simple;
  const highest = highestNumbered(s, to);
  if (style === 'existing' && highest === 0) return simple;
  return `${to}.~${highest + 1}~`;
}

/** -V's style (or $PATCH_VERSION_CONTROL's, $VERSION_CONTROL's), as gnulib's get_version reads it. */
export function backupStyle(s: Session): 'simple' | 'numbered' | 'existing' | 'none' {
  const v = s.o.versionControl ?? s.c.getenv('PATCH_VERSION_CONTROL') ?? s.c.getenv('VERSION_CONTROL');
  if (v === undefined || v === '') return 'existing';
  const words: Record<string, 'simple' | 'numbered' | 'existing' | 'none'> = {
    none: 'none',
    off: 'none',
    simple: 'simple',
    never: 'simple',
    existing: 'existing',
    nil: 'existing',
    numbered: 'numbered',
    t: 'numbered',
  };
  if (words[v]) return words[v];
  // An abbreviation of one style's words (gnulib argmatch).
  const kinds = new Set(
    Object.keys(words)
      .filter((w) => w.startsWith(v))
      .map((w) => words[w]!),
  );
  if (kinds.size === 1) return [...kinds][0]!;
  const context =
    s.o.versionControl !== undefined
      ? '--version-control or -V option'
      : s.c.getenv('PATCH_VERSION_CONTROL') !== undefined
        ? '$PATCH_VERSION_CONTROL'
        : '$VERSION_CONTROL';
  s.c.err.text(
    `patch: ${kinds.size > 1 ? 'ambiguous' : 'invalid'} argument '${v}' for '${context}'\nValid arguments are:\n  - 'none', 'off'\n  - 'simple', 'never'\n  - 'existing', 'nil'\n  - 'numbered', 't'\n`,
  );
  return s.die();
}

/** Backs `to` up (create_backup): renamed, or copied when `leaveOriginal`; an empty backup when it is missing. */
export function createBackup(s: Session, to: string, node: VolumeNode | undefined, leaveOriginal: boolean): void {
  if (node && node.kind !== 'file' && node.kind !== 'symlink')
    s.fatal(`File ${to} is not a regular file -- refusing to create backup`);
  if (node && s.marks.get(node) === 'created') return; // backed up before it was patched first
  const bak = backupName(s, to);
  const fs = s.fs;
  if (!node) {
    try {
      if (fs.lookup(s.path(bak), false)) fs.unlink(s.path(bak));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
    }
    makedirs(s, bak);
    attempt(s, `Can't create file ${s.q(bak)}`, () => fs.writeFile(s.path(bak), new Uint8Array(0)));
    return;
  }
  if (leaveOriginal) {
    makedirs(s, bak);
    attempt(s, `Can't create file ${s.q(bak)}`, () => {
      if (node.kind === 'symlink') {
        if (fs.lookup(s.path(bak), false)) fs.unlink(s.path(bak));
        fs.symlink(node.target, s.path(bak));
        return;
      }
      const copy = fs.writeFile(s.path(bak), node.content.bytes());
      copy.mode = node.mode;
      copy.mtim = node.mtim;
      copy.atim = node.atim;
    });
    return;
  }
  makedirs(s, bak);
  attempt(s, `Can't rename file ${s.q(to)} to ${s.q(bak)}`, () => fs.rename(s.path(to), s.path(bak)));
}

/** Runs `fn`; a failure is fatal with `message` and the system's reason (pfatal). */
function attempt(s: Session, message: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    s.pfatal(message, e.errno);
  }
}

/**
 * Puts `content` at `to` as a new file of `mode` (a symlink to `content` when `symlink`),
 * backing up what was there when `backup` (move_file); with `content` null, removes `to`.
 */
export function moveFile(
  s: Session,
  content: string | null,
  to: string,
  mode: number,
  backup: boolean,
  symlink = false,
): void {
  const fs = s.fs;
  const st = statFile(s, to);
  if (backup) createBackup(s, to, st.node, false);
  if (st.node) s.marks.set(st.node, 'overwritten');
  if (content === null) {
    if (!backup) {
      const now = statFile(s, to);
      if (now.node) attempt(s, `Can't remove file ${s.q(to)}`, () => fs.unlink(s.path(to)));
    }
    return;
  }
  makedirs(s, to);
  attempt(s, symlink ? `Can't create symbolic link ${to}` : `Can't rename file to ${s.q(to)}`, () => {
    const existing = fs.lookup(s.path(to), false);
    if (existing && existing.kind !== 'dir') fs.unlink(s.path(to));
    if (symlink) {
      fs.symlink(content, s.path(to));
      s.marks.set(fs.lookup(s.path(to), false)!, 'created');
      return;
    }
    const f = fs.create(s.path(to), 0o600, true);
    f.content.write(0, binToBytes(content));
    f.mode = mode & 0o7777;
    fs.touch(f);
    s.marks.set(f, 'created');
  });
}
