// tar -x: members into the volume as GNU tar run by root extracts them: modes exactly as
// archived (root's --preserve-permissions), owners by name then number (root's --same-owner),
// mtimes from the archive (directories' at the end, after their entries stopped touching
// them), missing parents made, an existing name replaced unless -k/--skip-old-files.
import type { VolumeDir, VolumeNode } from '../../rootfs/index.ts';
import type { TarRecord } from '../../oci/index.ts';
import { dirnameOf, FsError, joinPath, lookupId, q, strerror } from '../lib/index.ts';
import type { TarRun } from './members.ts';

interface Later {
  dir: VolumeDir;
  record: TarRecord;
}

export class Extractor {
  readonly #run: TarRun;
  /** Where names land: the -C directory, or undefined for the cwd. */
  readonly #base: string | undefined;
  readonly #dirs: Later[] = [];
  readonly #ids = new Map<string, number | null>();

  constructor(run: TarRun, base: string | undefined) {
    this.#run = run;
    this.#base = base;
  }

  /** Extracts one record under its safe, stripped `name`. */
  member(r: TarRecord, name: string): void {
    const { c, o } = this.#run;
    if (!o.absoluteNames && r.name.split('/').includes('..')) {
      this.#run.error(`${this.#run.safeName(r.name, 'member names')}: Member name contains '..'`);
      return;
    }
    if (o.toStdout) {
      if (r.type === 'file') c.out.bytes(r.data);
      return;
    }
    const path = this.#path(name);
    try {
      this.#one(r, name, path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      this.#run.error(`${name}: Cannot open: ${strerror(e.errno)}`);
    }
  }

  /** Directory modes and times, deepest first, once nothing more is written into them. */
  finish(): void {
    for (const { dir, record } of this.#dirs.reverse()) this.#meta(dir, record);
  }

  #path(name: string): string {
    const trimmed = name.replace(/\/+$/, '') || '.';
    return this.#base === undefined ? trimmed : joinPath(this.#base, trimmed);
  }

  #one(r: TarRecord, name: string, path: string): void {
    const fs = this.#run.c.fs;
    switch (r.type) {
      case 'directory': {
        let node = fs.lookup(path);
        if (node?.kind !== 'dir') {
          if (!this.#clear(path, name, 'Cannot mkdir')) return;
          node = fs.mkdir(path, 0o700);
        }
        this.#dirs.push({ dir: node, record: r });
        return;
      }
      case 'file': {
        if (!this.#clear(path, name, 'Cannot open')) return;
        const f = fs.writeFile(path, r.data, 0o600);
        this.#meta(f, r);
        return;
      }
      case 'symlink': {
        if (!this.#clear(path, name, `Cannot create symlink to ${q(r.linkname)}`)) return;
        fs.symlink(r.linkname, path);
        this.#meta(fs.stat(path, false), r);
        return;
      }
      case 'hardlink': {
        const link = this.#run.stripped(this.#run.safeName(r.linkname, 'hard link targets'));
        const target = link === null ? undefined : fs.lookup(this.#path(link), false);
        if (!target || target.kind === 'dir') {
          this.#run.error(`${name}: Cannot hard link to ${q(r.linkname)}: ${strerror(target ? 'EPERM' : 'ENOENT')}`);
          return;
        }
        if (fs.lookup(path, false) === target) return;
        if (!this.#clear(path, name, `Cannot hard link to ${q(r.linkname)}`)) return;
        fs.link(target, path);
        return;
      }
      default:
        // Devices and FIFOs: the volume has no such nodes, as an unprivileged container has no mknod.
        this.#run.error(`${name}: Cannot mknod: ${strerror('EPERM')}`);
    }
  }

  /**
   * Makes room for a new node at `path`: parents made, an old non-directory (or empty
   * directory) removed. False after -k's error (`what` failed), or quietly with --skip-old-files.
   */
  #clear(path: string, name: string, what: string): boolean {
    const replacing = what !== 'Cannot mkdir';
    const run = this.#run;
    const fs = run.c.fs;
    const old = fs.lookup(path, false);
    if (!old) {
      const parent = dirnameOf(fs.abs(path));
      if (fs.lookup(parent)?.kind !== 'dir') fs.mkdirParents(parent, 0o755);
      return true;
    }
    if (run.o.existing === 'skip') return false;
    if (run.o.existing === 'keep') {
      run.error(`${name}: ${what}: ${strerror('EEXIST')}`);
      return false;
    }
    if (old.kind === 'dir') {
      if (!replacing || old.entries.size > 0) throw new FsError(replacing ? 'EISDIR' : 'EEXIST', path);
      fs.rmdir(path);
    } else fs.unlink(path);
    return true;
  }

  #meta(node: VolumeNode, r: TarRecord): void {
    const o = this.#run.o;
    if (node.kind !== 'symlink') node.mode = r.mode & 0o7777;
    if (o.sameOwner) {
      node.uid = (o.numericOwner ? null : this.#id('/etc/passwd', r.uname)) ?? r.uid;
      node.gid = (o.numericOwner ? null : this.#id('/etc/group', r.gname)) ?? r.gid;
    } else {
      node.uid = 0;
      node.gid = 0;
    }
    if (!o.touch) {
      node.mtim = BigInt(r.mtime) * 1_000_000_000n;
      node.atim = node.mtim;
    }
  }

  /** A user or group name in the volume's files; null when the archive's number should stand. */
  #id(file: '/etc/passwd' | '/etc/group', name: string): number | null {
    if (name === '') return null;
    const key = `${file}:${name}`;
    if (!this.#ids.has(key)) this.#ids.set(key, lookupId(this.#run.c.fs, file, name));
    return this.#ids.get(key)!;
  }
}
