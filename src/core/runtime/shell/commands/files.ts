// Commands that change the file tree: mkdir, rmdir, rm, touch, ln, chmod, chown, chgrp, mv,
// cp, install, readlink, realpath, mktemp. Modes, times, link counts and symlinks come out as
// GNU coreutils leaves them on Linux, since they become the RUN step's layer.
import type { VolumeDir, VolumeFile, VolumeNode } from '../../../rootfs/index.ts';
import type { BuiltinProgram } from '../../process.ts';
import { E } from '../../defs.ts';
import { FsError, strerror, UMASK, type Fs } from '../fs.ts';
import { fromUtf8 } from '../io.ts';
import { dirnameOf } from './basic.ts';
import { parseMode } from './mode.ts';
import { has, parseOpts, program, UsageError, value, type Ctx, type Parsed } from './program.ts';

/** How GNU tools quote a name in a message. */
export function q(name: string): string {
  return name.includes("'") ? `"${name}"` : `'${name}'`;
}

function basename(path: string): string {
  const t = path.replace(/\/+$/, '');
  return t === '' ? '/' : t.slice(t.lastIndexOf('/') + 1);
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Runs `fn`, turning an FsError into `NAME: <what> 'path': <strerror>`; false on failure. */
function attempt(c: Ctx, what: (e: FsError) => string, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    c.warn(`${what(e)}: ${strerror(e.errno)}`);
    return false;
  }
}

/** The SRC… DEST / -t DIR / -T forms of cp, mv, ln and install: each source and where it goes. */
function targets(c: Ctx, p: Parsed, sources: string[], follow = true): Array<[string, string]> | null {
  const dir = value(p, 't');
  if (dir !== undefined) {
    if (c.fs.lookup(dir)?.kind !== 'dir') {
      c.warn(`target directory ${q(dir)}: ${strerror(c.fs.lookup(dir) ? E.NOTDIR : E.NOENT)}`);
      return null;
    }
    return sources.map((s) => [s, join(dir, basename(s))]);
  }
  if (sources.length === 0) throw new UsageError('missing file operand');
  if (sources.length === 1) throw new UsageError(`missing destination file operand after ${q(sources[0]!)}`);
  const dest = sources[sources.length - 1]!;
  const srcs = sources.slice(0, -1);
  const destIsDir = !has(p, 'T') && c.fs.lookup(dest, follow)?.kind === 'dir';
  if (destIsDir) return srcs.map((s) => [s, join(dest, basename(s))]);
  if (srcs.length > 1) {
    c.warn(`target ${q(dest)}: Not a directory`);
    return null;
  }
  return [[srcs[0]!, dest]];
}

/** mkdir -p: missing parents get 0777 & ~umask, the last directory exactly `mode`. */
function mkdirP(fs: Fs, path: string, mode: number): void {
  const parts = fs
    .abs(path)
    .split('/')
    .filter((x) => x !== '');
  let prefix = '';
  parts.forEach((part, i) => {
    prefix += `/${part}`;
    const node = fs.lookup(prefix);
    if (node?.kind === 'dir') return;
    if (node) throw new FsError(i === parts.length - 1 ? E.EXIST : E.NOTDIR, path);
    const d = fs.mkdir(prefix);
    if (i === parts.length - 1) d.mode = mode;
  });
}

const mkdir = program((c) => {
  const p = parseOpts(c.args, { short: 'pm:v', long: { parents: 'p', mode: 'm:', verbose: 'v' } });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  const modeArg = value(p, 'm');
  const mode = modeArg === undefined ? 0o777 & ~UMASK : parseMode(modeArg, 0o777, true, UMASK);
  if (mode === null) throw new UsageError(`invalid mode ${q(modeArg!)}`);
  let status = 0;
  for (const dir of p.operands) {
    const ok = attempt(
      c,
      () => `cannot create directory ${q(dir)}`,
      () => {
        if (has(p, 'p')) {
          if (c.fs.lookup(dir)?.kind === 'dir') return;
          mkdirP(c.fs, dir, mode);
        } else {
          const d = c.fs.mkdir(dir);
          d.mode = mode;
        }
        if (has(p, 'v')) c.out.text(`mkdir: created directory ${q(dir)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

const rmdir = program((c) => {
  const p = parseOpts(c.args, { short: 'pv', long: { parents: 'p', verbose: 'v', 'ignore-fail-on-non-empty': 'I' } });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  let status = 0;
  for (const dir of p.operands) {
    const chain = [dir];
    if (has(p, 'p')) for (let d = dirnameOf(dir); d !== '.' && d !== '/'; d = dirnameOf(d)) chain.push(d);
    for (const d of chain) {
      let empty = true;
      const ok = attempt(
        c,
        () => `failed to remove ${q(d)}`,
        () => {
          try {
            c.fs.rmdir(d);
          } catch (e) {
            if (e instanceof FsError && e.errno === E.NOTEMPTY && has(p, 'I')) {
              empty = false;
              return;
            }
            throw e;
          }
          if (has(p, 'v')) c.out.text(`rmdir: removing directory, ${q(d)}\n`);
        },
      );
      if (!ok) status = 1;
      if (!ok || !empty) break;
    }
  }
  return status;
});

const rm = program((c) => {
  const p = parseOpts(c.args, {
    short: 'rRfdivI',
    long: {
      recursive: 'r',
      force: 'f',
      dir: 'd',
      verbose: 'v',
      interactive: 'i',
      'no-preserve-root': 'N',
      'preserve-root': 'P',
    },
  });
  const force = p.opts.filter(([k]) => k === 'f' || k === 'i' || k === 'I').pop()?.[0] === 'f';
  const recursive = has(p, 'r', 'R');
  if (p.operands.length === 0) {
    if (force) return 0;
    throw new UsageError('missing operand');
  }
  let status = 0;
  for (const f of p.operands) {
    const base = basename(f);
    if (base === '.' || base === '..') {
      c.warn(`refusing to remove '.' or '..' directory: skipping ${q(f)}`);
      status = 1;
      continue;
    }
    const node = c.fs.lookup(f, false);
    if (!node) {
      if (!force) {
        c.warn(`cannot remove ${q(f)}: ${strerror(E.NOENT)}`);
        status = 1;
      }
      continue;
    }
    if (node === c.fs.volume.root && recursive && !has(p, 'N')) {
      c.warn(`it is dangerous to operate recursively on ${q(f)}`);
      c.warn('use --no-preserve-root to override this failsafe');
      status = 1;
      continue;
    }
    if (node.kind === 'dir' && !recursive) {
      if (has(p, 'd')) {
        if (
          !attempt(
            c,
            () => `cannot remove ${q(f)}`,
            () => c.fs.rmdir(f),
          )
        )
          status = 1;
        continue;
      }
      c.warn(`cannot remove ${q(f)}: ${strerror(E.ISDIR)}`);
      status = 1;
      continue;
    }
    const ok = attempt(
      c,
      () => `cannot remove ${q(f)}`,
      () => c.fs.removeTree(f),
    );
    if (!ok) status = 1;
    else if (has(p, 'v')) c.out.text(`removed ${node.kind === 'dir' ? 'directory ' : ''}${q(f)}\n`);
  }
  return status;
});

/** touch -d: "@SECONDS", or an ISO 8601 date and time (UTC unless it names a zone). */
export function parseDate(s: string): bigint | null {
  const t = s.trim();
  const at = /^@(-?\d+)(?:\.(\d{1,9}))?$/.exec(t);
  if (at) return BigInt(at[1]!) * 1_000_000_000n + BigInt((at[2] ?? '').padEnd(9, '0') || '0');
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|[-+]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return null;
  let ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (Number.isNaN(ms)) return null;
  const zone = m[8];
  if (zone && /^[-+]/.test(zone)) {
    const z = /^([-+])(\d{2}):?(\d{2})$/.exec(zone)!;
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  const frac = BigInt((m[7] ?? '').slice(0, 9).padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + frac;
}

/** touch -t [[CC]YY]MMDDhhmm[.ss], as UTC. */
function parseStamp(s: string): bigint | null {
  const m = /^(\d{2})?(\d{2})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return null;
  let year: number;
  if (m[1] && m[2]) year = Number(m[1] + m[2]);
  else if (m[1]) year = Number(m[1]) < 69 ? 2000 + Number(m[1]) : 1900 + Number(m[1]);
  else year = 1970;
  const ms = Date.UTC(year, Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7] ?? 0));
  return Number.isNaN(ms) ? null : BigInt(ms) * 1_000_000n;
}

const touch = program((c) => {
  const p = parseOpts(c.args, {
    short: 'acd:fhmr:t:',
    long: { 'no-create': 'c', date: 'd:', 'no-dereference': 'h', reference: 'r:', time: 'T:' },
  });
  if (p.operands.length === 0) throw new UsageError('missing file operand');
  let atim: bigint = c.fs.now();
  let mtim: bigint = atim;
  const d = value(p, 'd');
  const t = value(p, 't');
  const r = value(p, 'r');
  if (d !== undefined) {
    const v = parseDate(d);
    if (v === null) {
      c.warn(`invalid date format ${q(d)}`);
      return 1;
    }
    atim = mtim = v;
  } else if (t !== undefined) {
    const v = parseStamp(t);
    if (v === null) {
      c.warn(`invalid date format ${q(t)}`);
      return 1;
    }
    atim = mtim = v;
  } else if (r !== undefined) {
    const ref = c.fs.lookup(r);
    if (!ref) {
      c.warn(`failed to get attributes of ${q(r)}: ${strerror(E.NOENT)}`);
      return 1;
    }
    atim = ref.atim;
    mtim = ref.mtim;
  }
  const which = value(p, 'T');
  const onlyA = has(p, 'a') && !has(p, 'm');
  const onlyM = has(p, 'm') && !has(p, 'a');
  const setA = !onlyM && which !== 'mtime' && which !== 'modify';
  const setM = !onlyA && which !== 'atime' && which !== 'access';
  let status = 0;
  for (const f of p.operands) {
    const ok = attempt(
      c,
      () => `cannot touch ${q(f)}`,
      () => {
        let node: VolumeNode | undefined = c.fs.lookup(f, !has(p, 'h'));
        if (!node) {
          if (has(p, 'c')) return;
          node = c.fs.create(f);
        }
        if (setA) node.atim = atim;
        if (setM) node.mtim = mtim;
        node.ctim = c.fs.now();
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

const ln = program((c) => {
  const p = parseOpts(c.args, {
    short: 'sfnTvrt:bL',
    long: {
      symbolic: 's',
      force: 'f',
      'no-dereference': 'n',
      'no-target-directory': 'T',
      verbose: 'v',
      relative: 'r',
      'target-directory': 't:',
      logical: 'L',
    },
  });
  const symbolic = has(p, 's');
  const operands = p.operands.length === 1 && value(p, 't') === undefined ? [...p.operands, '.'] : p.operands;
  const pairs = targets(c, p, operands, !has(p, 'n'));
  if (!pairs) return 1;
  let status = 0;
  for (const [target, link] of pairs) {
    const kind = symbolic ? 'symbolic link' : 'hard link';
    const ok = attempt(
      c,
      () => `failed to create ${kind} ${q(link)}`,
      () => {
        let source: VolumeNode | undefined;
        if (!symbolic) {
          source = c.fs.lookup(target, has(p, 'L'));
          if (!source) throw new FsError(E.NOENT, target);
          if (source.kind === 'dir') {
            c.warn(`${q(target)}: hard link not allowed for directory`);
            throw new FsError(E.PERM, link);
          }
        }
        const existing = c.fs.lookup(link, false);
        if (existing) {
          if (!has(p, 'f')) throw new FsError(E.EXIST, link);
          if (existing === source) return;
          if (existing.kind === 'dir') throw new FsError(E.ISDIR, link);
          c.fs.unlink(link);
        }
        if (symbolic) c.fs.symlink(target, link);
        else c.fs.link(source!, link);
        if (has(p, 'v')) c.out.text(`${q(link)} -> ${q(target)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

/** Calls `fn` on `path` and, with `recursive`, everything under it (symlinks not followed). */
function walk(
  c: Ctx,
  path: string,
  recursive: boolean,
  follow: boolean,
  fn: (node: VolumeNode, path: string) => void,
): boolean {
  const node = c.fs.lookup(path, follow);
  if (!node) {
    c.warn(`cannot access ${q(path)}: ${strerror(E.NOENT)}`);
    return false;
  }
  fn(node, path);
  if (recursive && node.kind === 'dir') {
    for (const name of c.fs.names(node)) walk(c, join(path, name), true, false, fn);
  }
  return true;
}

/** chmod's own mode arguments look like options ("-x", "-w"): they are modes, not options. */
function splitModeArgs(args: string[]): { opts: string[]; rest: string[] } {
  const opts: string[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (/^-[rwxXst]+$/.test(a) || /^-[0-7]+$/.test(a) || !a.startsWith('-') || a === '-') rest.push(a);
    else opts.push(a);
  }
  return { opts, rest };
}

const chmod = program((c) => {
  const { opts, rest } = splitModeArgs(c.args);
  const p = parseOpts(opts, {
    short: 'RcfvH',
    long: { recursive: 'R', changes: 'c', silent: 'f', quiet: 'f', verbose: 'v', reference: 'r:' },
  });
  const ref = value(p, 'r');
  const files = ref === undefined ? rest.slice(1) : rest;
  const spec = ref === undefined ? rest[0] : undefined;
  if (spec === undefined && ref === undefined) throw new UsageError('missing operand');
  if (files.length === 0) throw new UsageError(`missing operand after ${q(spec ?? ref!)}`);
  let refMode: number | undefined;
  if (ref !== undefined) {
    const r = c.fs.lookup(ref);
    if (!r) {
      c.warn(`failed to get attributes of ${q(ref)}: ${strerror(E.NOENT)}`);
      return 1;
    }
    refMode = r.mode;
  }
  if (spec !== undefined && parseMode(spec, 0, false, UMASK) === null) throw new UsageError(`invalid mode: ${q(spec)}`);
  let status = 0;
  for (const f of files) {
    const ok = walk(c, f, has(p, 'R'), true, (node, path) => {
      if (node.kind === 'symlink') return; // chmod -R leaves symlinks found inside alone
      const next = refMode ?? parseMode(spec!, node.mode, node.kind === 'dir', UMASK)!;
      if (next !== node.mode) {
        if (has(p, 'v', 'c')) c.out.text(`mode of ${q(path)} changed from ${octal(node.mode)} to ${octal(next)}\n`);
        node.mode = next;
        node.ctim = c.fs.now();
      } else if (has(p, 'v')) c.out.text(`mode of ${q(path)} retained as ${octal(next)}\n`);
    });
    if (!ok) status = 1;
  }
  return status;
});

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** A user or group name (or number) from /etc/passwd or /etc/group in the volume. */
function lookupId(c: Ctx, file: '/etc/passwd' | '/etc/group', name: string): number | null {
  if (/^[0-9]+$/.test(name)) return Number(name);
  if (name === 'root') return 0;
  let text = '';
  try {
    text = fromUtf8(c.fs.readFile(file));
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && /^[0-9]+$/.test(f[2])) return Number(f[2]);
  }
  return null;
}

function chownProgram(group: boolean): BuiltinProgram {
  return program((c) => {
    const p = parseOpts(c.args, {
      short: 'RcfvhHLP',
      long: { recursive: 'R', changes: 'c', silent: 'f', quiet: 'f', verbose: 'v', 'no-dereference': 'h' },
    });
    const [spec, ...files] = p.operands;
    if (spec === undefined) throw new UsageError('missing operand');
    if (files.length === 0) throw new UsageError(`missing operand after ${q(spec)}`);
    let uid: number | null = null;
    let gid: number | null = null;
    if (group) {
      gid = lookupId(c, '/etc/group', spec);
      if (gid === null) throw new UsageError(`invalid group: ${q(spec)}`);
    } else {
      const [user, grp] = spec.split(/[:.]/, 2) as [string, string | undefined];
      if (user !== '') {
        uid = lookupId(c, '/etc/passwd', user);
        if (uid === null) throw new UsageError(`invalid user: ${q(spec)}`);
      }
      if (grp !== undefined && grp !== '') {
        gid = lookupId(c, '/etc/group', grp);
        if (gid === null) throw new UsageError(`invalid group: ${q(spec)}`);
      }
    }
    let status = 0;
    for (const f of files) {
      const ok = walk(c, f, has(p, 'R'), !has(p, 'h'), (node) => {
        if (uid !== null) node.uid = uid;
        if (gid !== null) node.gid = gid;
        node.ctim = c.fs.now();
      });
      if (!ok) status = 1;
    }
    return status;
  });
}

const mv = program((c) => {
  const p = parseOpts(c.args, {
    short: 'fnivTt:u',
    long: {
      force: 'f',
      'no-clobber': 'n',
      interactive: 'i',
      verbose: 'v',
      'no-target-directory': 'T',
      'target-directory': 't:',
      update: 'u',
    },
  });
  const pairs = targets(c, p, p.operands);
  if (!pairs) return 1;
  let status = 0;
  for (const [src, dest] of pairs) {
    const node = c.fs.lookup(src, false);
    if (!node) {
      c.warn(`cannot stat ${q(src)}: ${strerror(E.NOENT)}`);
      status = 1;
      continue;
    }
    const existing = c.fs.lookup(dest, false);
    if (existing && has(p, 'n')) continue;
    if (existing === node) {
      c.warn(`${q(src)} and ${q(dest)} are the same file`);
      status = 1;
      continue;
    }
    if (existing?.kind === 'dir' && node.kind !== 'dir') {
      c.warn(`cannot overwrite directory ${q(dest)} with non-directory`);
      status = 1;
      continue;
    }
    if (existing && existing.kind !== 'dir' && node.kind === 'dir') {
      c.warn(`cannot overwrite non-directory ${q(dest)} with directory ${q(src)}`);
      status = 1;
      continue;
    }
    const destDir = c.fs.lookup(dirnameOf(c.fs.abs(dest)));
    if (node.kind === 'dir' && destDir?.kind === 'dir' && isInside(destDir, node)) {
      c.warn(`cannot move ${q(src)} to a subdirectory of itself, ${q(dest)}`);
      status = 1;
      continue;
    }
    const ok = attempt(
      c,
      () => `cannot move ${q(src)} to ${q(dest)}`,
      () => c.fs.rename(src, dest),
    );
    if (!ok) status = 1;
    else if (has(p, 'v')) c.out.text(`renamed ${q(src)} -> ${q(dest)}\n`);
  }
  return status;
});

interface CopyOptions {
  recursive: boolean;
  /** Follow symlinks in sources (cp without -R, or -L). */
  deref: boolean;
  /** Follow only the command-line sources (-H). */
  derefArgs: boolean;
  mode: boolean;
  owner: boolean;
  times: boolean;
  links: boolean;
  noClobber: boolean;
  force: boolean;
  verbose: boolean;
}

class Copier {
  readonly #c: Ctx;
  readonly #o: CopyOptions;
  /** Source node -> the copy already made, for -a's hard links. */
  readonly #copies = new Map<VolumeNode, VolumeNode>();

  constructor(c: Ctx, o: CopyOptions) {
    this.#c = c;
    this.#o = o;
  }

  /** Copies `src` to `dest`; false (after a message) on failure. */
  copy(src: string, dest: string, top: boolean): boolean {
    const c = this.#c;
    const fs = c.fs;
    const follow = this.#o.deref || (top && this.#o.derefArgs);
    const node = fs.lookup(src, follow);
    if (!node) {
      c.warn(`cannot stat ${q(src)}: ${strerror(fs.lookup(src, false) ? E.LOOP : E.NOENT)}`);
      return false;
    }
    if (node.kind === 'dir' && !this.#o.recursive) {
      c.warn(`-r not specified; omitting directory ${q(src)}`);
      return false;
    }
    const existing = fs.lookup(dest, false);
    if (existing === node || (existing && fs.lookup(dest) === node && node.kind !== 'symlink')) {
      c.warn(`${q(src)} and ${q(dest)} are the same file`);
      return false;
    }
    if (node.kind === 'dir') return this.#copyDir(node, src, dest, existing);
    if (existing && this.#o.noClobber) return true;
    return attempt(
      c,
      () => `cannot create regular file ${q(dest)}`,
      () => {
        const seen = this.#o.links ? this.#copies.get(node) : undefined;
        if (existing?.kind === 'dir') {
          c.warn(`cannot overwrite directory ${q(dest)} with non-directory`);
          throw new FsError(E.ISDIR, dest);
        }
        if (seen) {
          if (existing) fs.unlink(dest);
          fs.link(seen, dest);
        } else if (node.kind === 'symlink') {
          if (existing) fs.unlink(dest);
          fs.symlink(node.target, dest);
          this.#keep(node, fs.lookup(dest, false)!);
        } else {
          if (existing?.kind === 'symlink' || (existing && this.#o.force && existing.nlink > 1)) fs.unlink(dest);
          const f = fs.create(dest, node.mode);
          f.content.resize(0);
          f.content.write(0, node.content.bytes());
          fs.touch(f);
          this.#keep(node, f);
        }
        if (this.#o.verbose) c.out.text(`${q(src)} -> ${q(dest)}\n`);
      },
    );
  }

  #copyDir(node: VolumeDir, src: string, dest: string, existing: VolumeNode | undefined): boolean {
    const c = this.#c;
    const fs = c.fs;
    if (existing && existing.kind !== 'dir') {
      c.warn(`cannot overwrite non-directory ${q(dest)} with directory ${q(src)}`);
      return false;
    }
    const destAbs = fs.abs(dest);
    if (existing === undefined) {
      const parent = fs.lookup(dirnameOf(destAbs));
      if (parent?.kind === 'dir' && isInside(parent, node)) {
        c.warn(`cannot copy a directory, ${q(src)}, into itself, ${q(dest)}`);
        return false;
      }
    } else if (isInside(existing as VolumeDir, node) && existing !== node) {
      c.warn(`cannot copy a directory, ${q(src)}, into itself, ${q(dest)}`);
      return false;
    }
    let made: VolumeDir | undefined = existing as VolumeDir | undefined;
    if (!made) {
      const ok = attempt(
        c,
        () => `cannot create directory ${q(dest)}`,
        () => {
          made = fs.mkdir(dest, node.mode);
        },
      );
      if (!ok) return false;
      if (this.#o.verbose) c.out.text(`${q(src)} -> ${q(dest)}\n`);
    }
    let ok = true;
    for (const name of fs.names(node)) {
      if (!this.copy(join(src, name), join(dest, name), false)) ok = false;
    }
    this.#keep(node, made!);
    return ok;
  }

  /** Mode, owner and times from the source, as -p/-a ask (directories after their contents). */
  #keep(from: VolumeNode, to: VolumeNode): void {
    this.#copies.set(from, to);
    if (this.#o.mode && to.kind !== 'symlink') to.mode = from.mode;
    if (this.#o.owner) {
      to.uid = from.uid;
      to.gid = from.gid;
    }
    if (this.#o.times) {
      to.atim = from.atim;
      to.mtim = from.mtim;
    }
  }
}

/** Whether `dir` is `ancestor` or lies under it. */
function isInside(dir: VolumeDir, ancestor: VolumeNode): boolean {
  for (let d = dir; ; d = d.parent) {
    if (d === ancestor) return true;
    if (d.parent === d) return false;
  }
}

const cp = program((c) => {
  const p = parseOpts(c.args, {
    short: 'aRrpdfnvLPHTt:iul',
    long: {
      archive: 'a',
      recursive: 'R',
      force: 'f',
      'no-clobber': 'n',
      verbose: 'v',
      dereference: 'L',
      'no-dereference': 'P',
      'no-target-directory': 'T',
      'target-directory': 't:',
      preserve: 'preserve:',
      'no-preserve': 'no-preserve:',
      interactive: 'i',
      update: 'u',
    },
  });
  const archive = has(p, 'a');
  const recursive = archive || has(p, 'R', 'r');
  const preserve = new Set<string>();
  if (archive) ['mode', 'ownership', 'timestamps', 'links'].forEach((x) => preserve.add(x));
  if (has(p, 'p')) ['mode', 'ownership', 'timestamps'].forEach((x) => preserve.add(x));
  for (const v of p.opts.filter(([k]) => k === 'preserve').map(([, v]) => v ?? '')) {
    for (const x of v.split(',')) {
      if (x === 'all') ['mode', 'ownership', 'timestamps', 'links'].forEach((y) => preserve.add(y));
      else preserve.add(x);
    }
  }
  for (const v of p.opts.filter(([k]) => k === 'no-preserve').map(([, v]) => v ?? '')) {
    for (const x of v.split(',')) preserve.delete(x);
  }
  const last = p.opts.filter(([k]) => ['L', 'P', 'd', 'a', 'H'].includes(k)).pop()?.[0];
  const deref = last === 'L' || (last === undefined && !recursive);
  const pairs = targets(c, p, p.operands);
  if (!pairs) return 1;
  const copier = new Copier(c, {
    recursive,
    deref,
    derefArgs: last === 'H',
    mode: preserve.has('mode'),
    owner: preserve.has('ownership'),
    times: preserve.has('timestamps'),
    links: preserve.has('links'),
    noClobber: has(p, 'n'),
    force: has(p, 'f'),
    verbose: has(p, 'v'),
  });
  let status = 0;
  for (const [src, dest] of pairs) if (!copier.copy(src, dest, true)) status = 1;
  return status;
});

const install = program((c) => {
  const p = parseOpts(c.args, {
    short: 'dDm:o:g:t:TvpsbC',
    long: {
      directory: 'd',
      mode: 'm:',
      owner: 'o:',
      group: 'g:',
      'target-directory': 't:',
      'no-target-directory': 'T',
      verbose: 'v',
      'preserve-timestamps': 'p',
      strip: 's',
      compare: 'C',
    },
  });
  const modeArg = value(p, 'm');
  const mode = modeArg === undefined ? 0o755 : parseMode(modeArg, 0o755, false, 0);
  if (mode === null) throw new UsageError(`invalid mode ${q(modeArg!)}`);
  const owner = value(p, 'o');
  const group = value(p, 'g');
  const uid = owner === undefined ? null : lookupId(c, '/etc/passwd', owner);
  const gid = group === undefined ? null : lookupId(c, '/etc/group', group);
  if (uid === null && owner !== undefined) throw new UsageError(`invalid user ${q(owner)}`);
  if (gid === null && group !== undefined) throw new UsageError(`invalid group ${q(group)}`);
  const own = (n: VolumeNode): void => {
    n.mode = mode;
    if (uid !== null) n.uid = uid;
    if (gid !== null) n.gid = gid;
  };
  let status = 0;
  if (has(p, 'd')) {
    if (p.operands.length === 0) throw new UsageError('missing operand');
    for (const d of p.operands) {
      const ok = attempt(
        c,
        () => `cannot create directory ${q(d)}`,
        () => {
          if (c.fs.lookup(d)?.kind !== 'dir') mkdirP(c.fs, d, 0o755);
          own(c.fs.stat(d));
        },
      );
      if (!ok) status = 1;
    }
    return status;
  }
  if (has(p, 'D')) {
    const dest =
      value(p, 't') ??
      (has(p, 'T') || p.operands.length === 2
        ? dirnameOf(p.operands[p.operands.length - 1] ?? '.')
        : p.operands[p.operands.length - 1]);
    if (dest !== undefined && c.fs.lookup(dest)?.kind !== 'dir') {
      if (
        !attempt(
          c,
          () => `cannot create directory ${q(dest)}`,
          () => mkdirP(c.fs, dest, 0o755),
        )
      )
        return 1;
    }
  }
  const pairs = targets(c, p, p.operands);
  if (!pairs) return 1;
  for (const [src, dest] of pairs) {
    const node = c.fs.lookup(src);
    if (!node) {
      c.warn(`cannot stat ${q(src)}: ${strerror(E.NOENT)}`);
      status = 1;
      continue;
    }
    if (node.kind !== 'file') {
      c.warn(`omitting directory ${q(src)}`);
      status = 1;
      continue;
    }
    const ok = attempt(
      c,
      () => `cannot create regular file ${q(dest)}`,
      () => {
        if (c.fs.lookup(dest, false)) c.fs.unlink(dest);
        const f: VolumeFile = c.fs.create(dest, 0o600);
        f.content.write(0, node.content.bytes());
        own(f);
        if (has(p, 'p')) {
          f.atim = node.atim;
          f.mtim = node.mtim;
        }
        if (has(p, 'v')) c.out.text(`${q(src)} -> ${q(dest)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

const readlink = program((c) => {
  const p = parseOpts(c.args, {
    short: 'femnqsvz',
    long: {
      canonicalize: 'f',
      'canonicalize-existing': 'e',
      'canonicalize-missing': 'm',
      'no-newline': 'n',
      quiet: 'q',
      silent: 's',
      verbose: 'v',
      zero: 'z',
    },
  });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  const end = has(p, 'z') ? '\0' : has(p, 'n') && p.operands.length === 1 ? '' : '\n';
  const mode = p.opts.filter(([k]) => 'fem'.includes(k)).pop()?.[0];
  let status = 0;
  for (const f of p.operands) {
    try {
      if (mode === undefined) {
        const node = c.fs.lookup(f, false);
        if (node?.kind !== 'symlink') {
          status = 1;
          continue;
        }
        c.out.text(node.target + end);
      } else if (mode === 'm') {
        c.out.text(canonicalMissing(c, f) + end);
      } else {
        c.out.text(c.fs.realpath(f, mode === 'f') + end);
      }
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (has(p, 'v')) c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  return status;
});

/** realpath -m: resolves what exists and keeps the rest of the path as written. */
function canonicalMissing(c: Ctx, path: string): string {
  const parts = c.fs
    .abs(path)
    .split('/')
    .filter((x) => x !== '' && x !== '.');
  let resolved = '/';
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '..') {
      resolved = dirnameOf(resolved);
      continue;
    }
    const next = join(resolved, parts[i]!);
    try {
      resolved = c.fs.realpath(next, true);
    } catch {
      resolved = next;
    }
  }
  return resolved;
}

const realpath = program((c) => {
  const p = parseOpts(c.args, {
    short: 'emqsLPz',
    long: {
      'canonicalize-existing': 'e',
      'canonicalize-missing': 'm',
      quiet: 'q',
      strip: 's',
      'no-symlinks': 's',
      zero: 'z',
      'relative-to': 'relative-to:',
    },
  });
  if (p.operands.length === 0) throw new UsageError('missing operand');
  const end = has(p, 'z') ? '\0' : '\n';
  const rel = value(p, 'relative-to');
  let status = 0;
  for (const f of p.operands) {
    try {
      let out = has(p, 'm') ? canonicalMissing(c, f) : has(p, 's') ? logicalPath(c, f) : c.fs.realpath(f, !has(p, 'e'));
      if (rel !== undefined) out = relative(c.fs.realpath(rel, true), out);
      c.out.text(out + end);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (!has(p, 'q')) c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  return status;
});

function logicalPath(c: Ctx, path: string): string {
  const out: string[] = [];
  for (const x of c.fs.abs(path).split('/')) {
    if (x === '' || x === '.') continue;
    if (x === '..') out.pop();
    else out.push(x);
  }
  return '/' + out.join('/');
}

function relative(from: string, to: string): string {
  const a = from.split('/').filter((x) => x !== '');
  const b = to.split('/').filter((x) => x !== '');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => '..');
  const rest = [...up, ...b.slice(i)];
  return rest.length === 0 ? '.' : rest.join('/');
}

/** mktemp: names from a counter hashed with the template, so a build names its files the same way each time. */
const mktemp = program((c) => {
  const p = parseOpts(c.args, {
    short: 'dqup:t',
    long: { directory: 'd', quiet: 'q', 'dry-run': 'u', tmpdir: 'p:', suffix: 'suffix:' },
  });
  if (p.operands.length > 1) throw new UsageError(`too many templates`);
  const template = p.operands[0] ?? 'tmp.XXXXXXXXXX';
  const suffix = value(p, 'suffix') ?? '';
  const m = /X{3,}$/.exec(template);
  if (!m) {
    c.warn(`too few X's in template ${q(template)}`);
    return 1;
  }
  const tmpdir = value(p, 'p') ?? (has(p, 't') || p.operands.length === 0 ? (c.getenv('TMPDIR') ?? '/tmp') : undefined);
  const stem = template.slice(0, m.index);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (let n = 0; n < 10000; n++) {
    let h = 0x811c9dc5;
    for (const ch of `${template}\0${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    let x = '';
    for (let i = 0; i < m[0].length; i++) {
      h = Math.imul(h ^ i, 0x01000193) >>> 0;
      x += alphabet[h % alphabet.length];
    }
    const name = stem + x + suffix;
    const path = tmpdir === undefined ? name : join(tmpdir, name);
    if (c.fs.lookup(path, false)) continue;
    const ok = attempt(
      c,
      () => `failed to create ${has(p, 'd') ? 'directory' : 'file'} via template ${q(path)}`,
      () => {
        if (has(p, 'u')) return;
        if (has(p, 'd')) c.fs.mkdir(path).mode = 0o700;
        else c.fs.create(path, 0o600, true).mode = 0o600;
      },
    );
    if (!ok) return 1;
    c.out.text(`${path}\n`);
    return 0;
  }
  c.warn(`failed to create file via template ${q(template)}: ${strerror(E.EXIST)}`);
  return 1;
});

export const filePrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['mkdir', mkdir],
  ['rmdir', rmdir],
  ['rm', rm],
  ['touch', touch],
  ['ln', ln],
  ['chmod', chmod],
  ['chown', chownProgram(false)],
  ['chgrp', chownProgram(true)],
  ['mv', mv],
  ['cp', cp],
  ['install', install],
  ['readlink', readlink],
  ['realpath', realpath],
  ['mktemp', mktemp],
];
