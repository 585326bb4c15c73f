// Commands that take SOURCE... DEST: cp (-r, -a, -p, symlinks and hard links as GNU cp keeps
// them), mv (rename(2) within the one volume), install and ln.
import type { VolumeDir, VolumeFile, VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  attempt,
  type Ctx,
  dirnameOf,
  FsError,
  joinPath,
  lastName,
  lookupId,
  opt,
  options,
  parseMode,
  program,
  q,
  strerror,
  UsageError,
} from '../lib/index.ts';

/** The options of the SRC… DEST / -t DIR / -T forms that cp, mv, ln and install share. */
const TARGETS = {
  targetDirectory: opt.arg('t', 'target-directory'),
  noTargetDirectory: opt.flag('T', 'no-target-directory'),
};

interface Targets {
  targetDirectory: string | undefined;
  noTargetDirectory: boolean;
}

/** Each source and where it goes, by the SRC… DEST / -t DIR / -T forms. */
function targets(c: Ctx, t: Targets, sources: string[], follow = true): Array<[string, string]> | null {
  const dir = t.targetDirectory;
  if (dir !== undefined) {
    if (c.fs.lookup(dir)?.kind !== 'dir') {
      c.warn(`target directory ${q(dir)}: ${strerror(c.fs.lookup(dir) ? 'ENOTDIR' : 'ENOENT')}`);
      return null;
    }
    return sources.map((s) => [s, joinPath(dir, lastName(s))]);
  }
  if (sources.length === 0) throw new UsageError('missing file operand');
  if (sources.length === 1) throw new UsageError(`missing destination file operand after ${q(sources[0]!)}`);
  const dest = sources[sources.length - 1]!;
  const srcs = sources.slice(0, -1);
  const destIsDir = !t.noTargetDirectory && c.fs.lookup(dest, follow)?.kind === 'dir';
  if (destIsDir) return srcs.map((s) => [s, joinPath(dest, lastName(s))]);
  if (srcs.length > 1) {
    c.warn(`target ${q(dest)}: Not a directory`);
    return null;
  }
  return [[srcs[0]!, dest]];
}

const MV = options({
  ...TARGETS,
  force: opt.flag('f', 'force'),
  noClobber: opt.flag('n', 'no-clobber'),
  interactive: opt.flag('i', 'interactive'),
  verbose: opt.flag('v', 'verbose'),
  update: opt.flag('u', 'update'),
});

const mv = program((c) => {
  const { opts, operands } = MV.parse(c.args);
  const pairs = targets(c, opts, operands);
  if (!pairs) return 1;
  let status = 0;
  for (const [src, dest] of pairs) {
    const node = c.fs.lookup(src, false);
    if (!node) {
      c.warn(`cannot stat ${q(src)}: ${strerror('ENOENT')}`);
      status = 1;
      continue;
    }
    const existing = c.fs.lookup(dest, false);
    if (existing && opts.noClobber) continue;
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
    else if (opts.verbose) c.out.text(`renamed ${q(src)} -> ${q(dest)}\n`);
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
      c.warn(`cannot stat ${q(src)}: ${strerror(fs.lookup(src, false) ? 'ELOOP' : 'ENOENT')}`);
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
          throw new FsError('EISDIR', dest);
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
      if (!this.copy(joinPath(src, name), joinPath(dest, name), false)) ok = false;
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

const ALL = ['mode', 'ownership', 'timestamps', 'links'];
const DEFAULT_PRESERVE = ['mode', 'ownership', 'timestamps'];

const CP = options({
  ...TARGETS,
  archive: opt.flag('a', 'archive'),
  recursive: opt.flag('R', 'r', 'recursive'),
  preserveDefault: opt.flag('p'),
  // --preserve alone keeps GNU's default list.
  preserve: opt.optionalArgs('preserve'),
  noPreserve: opt.args('no-preserve'),
  // The last of -L, -P, -d, -a and -H says which symlinks in the sources are followed.
  follow: opt.choice<'L' | 'P' | 'H' | undefined>(undefined, {
    L: 'L',
    dereference: 'L',
    P: 'P',
    'no-dereference': 'P',
    d: 'P',
    a: 'P',
    archive: 'P',
    H: 'H',
  }),
  force: opt.flag('f', 'force'),
  noClobber: opt.flag('n', 'no-clobber'),
  verbose: opt.flag('v', 'verbose'),
  interactive: opt.flag('i', 'interactive'),
  update: opt.flag('u', 'update'),
  link: opt.flag('l'),
});

const cp = program((c) => {
  const { opts, operands } = CP.parse(c.args);
  const recursive = opts.archive || opts.recursive;
  const preserve = new Set<string>([...(opts.archive ? ALL : []), ...(opts.preserveDefault ? DEFAULT_PRESERVE : [])]);
  for (const v of opts.preserve) {
    for (const x of v === '' ? DEFAULT_PRESERVE : v.split(',')) {
      for (const y of x === 'all' ? ALL : [x]) preserve.add(y);
    }
  }
  for (const v of opts.noPreserve) for (const x of v.split(',')) preserve.delete(x);
  const pairs = targets(c, opts, operands);
  if (!pairs) return 1;
  const copier = new Copier(c, {
    recursive,
    deref: opts.follow === 'L' || (opts.follow === undefined && !recursive),
    derefArgs: opts.follow === 'H',
    mode: preserve.has('mode'),
    owner: preserve.has('ownership'),
    times: preserve.has('timestamps'),
    links: preserve.has('links'),
    noClobber: opts.noClobber,
    force: opts.force,
    verbose: opts.verbose,
  });
  let status = 0;
  for (const [src, dest] of pairs) if (!copier.copy(src, dest, true)) status = 1;
  return status;
});

const INSTALL = options({
  ...TARGETS,
  directory: opt.flag('d', 'directory'),
  leadingDirectories: opt.flag('D'),
  mode: opt.arg('m', 'mode'),
  owner: opt.arg('o', 'owner'),
  group: opt.arg('g', 'group'),
  verbose: opt.flag('v', 'verbose'),
  preserveTimestamps: opt.flag('p', 'preserve-timestamps'),
  strip: opt.flag('s', 'strip'),
  backup: opt.flag('b'),
  compare: opt.flag('C', 'compare'),
});

const install = program((c) => {
  const { opts, operands } = INSTALL.parse(c.args);
  const modeArg = opts.mode;
  const mode = modeArg === undefined ? 0o755 : parseMode(modeArg, 0o755, false, 0);
  if (mode === null) throw new UsageError(`invalid mode ${q(modeArg!)}`);
  const owner = opts.owner;
  const group = opts.group;
  const uid = owner === undefined ? null : lookupId(c.fs, '/etc/passwd', owner);
  const gid = group === undefined ? null : lookupId(c.fs, '/etc/group', group);
  if (uid === null && owner !== undefined) throw new UsageError(`invalid user ${q(owner)}`);
  if (gid === null && group !== undefined) throw new UsageError(`invalid group ${q(group)}`);
  const own = (n: VolumeNode): void => {
    n.mode = mode;
    if (uid !== null) n.uid = uid;
    if (gid !== null) n.gid = gid;
  };
  let status = 0;
  if (opts.directory) {
    if (operands.length === 0) throw new UsageError('missing operand');
    for (const d of operands) {
      const ok = attempt(
        c,
        () => `cannot create directory ${q(d)}`,
        () => {
          if (c.fs.lookup(d)?.kind !== 'dir') c.fs.mkdirParents(d, 0o755);
          own(c.fs.stat(d));
        },
      );
      if (!ok) status = 1;
    }
    return status;
  }
  if (opts.leadingDirectories) {
    const dest =
      opts.targetDirectory ??
      (opts.noTargetDirectory || operands.length === 2
        ? dirnameOf(operands[operands.length - 1] ?? '.')
        : operands[operands.length - 1]);
    if (dest !== undefined && c.fs.lookup(dest)?.kind !== 'dir') {
      if (
        !attempt(
          c,
          () => `cannot create directory ${q(dest)}`,
          () => c.fs.mkdirParents(dest, 0o755),
        )
      )
        return 1;
    }
  }
  const pairs = targets(c, opts, operands);
  if (!pairs) return 1;
  for (const [src, dest] of pairs) {
    const node = c.fs.lookup(src);
    if (!node) {
      c.warn(`cannot stat ${q(src)}: ${strerror('ENOENT')}`);
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
        if (opts.preserveTimestamps) {
          f.atim = node.atim;
          f.mtim = node.mtim;
        }
        if (opts.verbose) c.out.text(`${q(src)} -> ${q(dest)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

const LN = options({
  ...TARGETS,
  symbolic: opt.flag('s', 'symbolic'),
  force: opt.flag('f', 'force'),
  noDereference: opt.flag('n', 'no-dereference'),
  verbose: opt.flag('v', 'verbose'),
  relative: opt.flag('r', 'relative'),
  backup: opt.flag('b'),
  logical: opt.flag('L', 'logical'),
});

const ln = program((c) => {
  const { opts, operands: given } = LN.parse(c.args);
  const symbolic = opts.symbolic;
  const operands = given.length === 1 && opts.targetDirectory === undefined ? [...given, '.'] : given;
  const pairs = targets(c, opts, operands, !opts.noDereference);
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
          source = c.fs.lookup(target, opts.logical);
          if (!source) throw new FsError('ENOENT', target);
          if (source.kind === 'dir') {
            c.warn(`${q(target)}: hard link not allowed for directory`);
            throw new FsError('EPERM', link);
          }
        }
        const existing = c.fs.lookup(link, false);
        if (existing) {
          if (!opts.force) throw new FsError('EEXIST', link);
          if (existing === source) return;
          if (existing.kind === 'dir') throw new FsError('EISDIR', link);
          c.fs.unlink(link);
        }
        if (symbolic) c.fs.symlink(target, link);
        else c.fs.link(source!, link);
        if (opts.verbose) c.out.text(`${q(link)} -> ${q(target)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

export const copyPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['mv', mv],
  ['cp', cp],
  ['install', install],
  ['ln', ln],
];
