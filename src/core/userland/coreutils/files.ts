// Commands that make and remove names: mkdir, rmdir, rm, touch, mktemp. Modes, times and
// link counts come out as GNU coreutils leaves them on Linux, since they become the layer.
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  attempt,
  dirnameOf,
  FsError,
  joinPath,
  lastName,
  opt,
  options,
  parseDate,
  parseMode,
  program,
  q,
  strerror,
  UMASK,
  UsageError,
} from '../lib/index.ts';

const MKDIR = options({
  parents: opt.flag('p', 'parents'),
  mode: opt.arg('m', 'mode'),
  verbose: opt.flag('v', 'verbose'),
});

const mkdir = program((c) => {
  const { opts, operands } = MKDIR.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  const modeArg = opts.mode;
  const mode = modeArg === undefined ? 0o777 & ~UMASK : parseMode(modeArg, 0o777, true, UMASK);
  if (mode === null) throw new UsageError(`invalid mode ${q(modeArg!)}`);
  let status = 0;
  for (const dir of operands) {
    const ok = attempt(
      c,
      () => `cannot create directory ${q(dir)}`,
      () => {
        if (opts.parents) {
          if (c.fs.lookup(dir)?.kind === 'dir') return;
          c.fs.mkdirParents(dir, mode);
        } else {
          const d = c.fs.mkdir(dir);
          d.mode = mode;
        }
        if (opts.verbose) c.out.text(`mkdir: created directory ${q(dir)}\n`);
      },
    );
    if (!ok) status = 1;
  }
  return status;
});

const RMDIR = options({
  parents: opt.flag('p', 'parents'),
  verbose: opt.flag('v', 'verbose'),
  ignoreNonEmpty: opt.flag('ignore-fail-on-non-empty'),
});

const rmdir = program((c) => {
  const { opts, operands } = RMDIR.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  let status = 0;
  for (const dir of operands) {
    const chain = [dir];
    if (opts.parents) for (let d = dirnameOf(dir); d !== '.' && d !== '/'; d = dirnameOf(d)) chain.push(d);
    for (const d of chain) {
      let empty = true;
      const ok = attempt(
        c,
        () => `failed to remove ${q(d)}`,
        () => {
          try {
            c.fs.rmdir(d);
          } catch (e) {
            if (e instanceof FsError && e.errno === 'ENOTEMPTY' && opts.ignoreNonEmpty) {
              empty = false;
              return;
            }
            throw e;
          }
          if (opts.verbose) c.out.text(`rmdir: removing directory, ${q(d)}\n`);
        },
      );
      if (!ok) status = 1;
      if (!ok || !empty) break;
    }
  }
  return status;
});

const RM = options({
  recursive: opt.flag('r', 'R', 'recursive'),
  // The last of -f, -i and -I decides whether missing files are an error.
  force: opt.choice(false, { f: true, force: true, i: false, interactive: false, I: false }),
  dir: opt.flag('d', 'dir'),
  verbose: opt.flag('v', 'verbose'),
  noPreserveRoot: opt.choice(false, { 'no-preserve-root': true, 'preserve-root': false }),
});

const rm = program((c) => {
  const { opts, operands } = RM.parse(c.args);
  const force = opts.force;
  const recursive = opts.recursive;
  if (operands.length === 0) {
    if (force) return 0;
    throw new UsageError('missing operand');
  }
  let status = 0;
  for (const f of operands) {
    const base = lastName(f);
    if (base === '.' || base === '..') {
      c.warn(`refusing to remove '.' or '..' directory: skipping ${q(f)}`);
      status = 1;
      continue;
    }
    const node = c.fs.lookup(f, false);
    if (!node) {
      if (!force) {
        c.warn(`cannot remove ${q(f)}: ${strerror('ENOENT')}`);
        status = 1;
      }
      continue;
    }
    if (node === c.fs.volume.root && recursive && !opts.noPreserveRoot) {
      c.warn(`it is dangerous to operate recursively on ${q(f)}`);
      c.warn('use --no-preserve-root to override this failsafe');
      status = 1;
      continue;
    }
    if (node.kind === 'dir' && !recursive) {
      if (opts.dir) {
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
      c.warn(`cannot remove ${q(f)}: ${strerror('EISDIR')}`);
      status = 1;
      continue;
    }
    const ok = attempt(
      c,
      () => `cannot remove ${q(f)}`,
      () => c.fs.removeTree(f),
    );
    if (!ok) status = 1;
    else if (opts.verbose) c.out.text(`removed ${node.kind === 'dir' ? 'directory ' : ''}${q(f)}\n`);
  }
  return status;
});

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

const TOUCH = options({
  accessOnly: opt.flag('a'),
  modifyOnly: opt.flag('m'),
  noCreate: opt.flag('c', 'no-create'),
  date: opt.arg('d', 'date'),
  ignored: opt.flag('f'),
  noDereference: opt.flag('h', 'no-dereference'),
  reference: opt.arg('r', 'reference'),
  stamp: opt.arg('t'),
  time: opt.arg('time'),
});

const touch = program((c) => {
  const { opts, operands } = TOUCH.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing file operand');
  let atim: bigint = c.fs.now();
  let mtim: bigint = atim;
  const d = opts.date;
  const t = opts.stamp;
  const r = opts.reference;
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
      c.warn(`failed to get attributes of ${q(r)}: ${strerror('ENOENT')}`);
      return 1;
    }
    atim = ref.atim;
    mtim = ref.mtim;
  }
  const which = opts.time;
  const onlyA = opts.accessOnly && !opts.modifyOnly;
  const onlyM = opts.modifyOnly && !opts.accessOnly;
  const setA = !onlyM && which !== 'mtime' && which !== 'modify';
  const setM = !onlyA && which !== 'atime' && which !== 'access';
  let status = 0;
  for (const f of operands) {
    const ok = attempt(
      c,
      () => `cannot touch ${q(f)}`,
      () => {
        let node: VolumeNode | undefined = c.fs.lookup(f, !opts.noDereference);
        if (!node) {
          if (opts.noCreate) return;
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

/** mktemp: names from a counter hashed with the template, so a build names its files the same way each time. */
const MKTEMP = options({
  directory: opt.flag('d', 'directory'),
  quiet: opt.flag('q', 'quiet'),
  dryRun: opt.flag('u', 'dry-run'),
  tmpdir: opt.arg('p', 'tmpdir'),
  inTmpdir: opt.flag('t'),
  suffix: opt.arg('suffix'),
});

const mktemp = program((c) => {
  const { opts, operands } = MKTEMP.parse(c.args);
  if (operands.length > 1) throw new UsageError(`too many templates`);
  const template = operands[0] ?? 'tmp.XXXXXXXXXX';
  const suffix = opts.suffix ?? '';
  const m = /X{3,}$/.exec(template);
  if (!m) {
    c.warn(`too few X's in template ${q(template)}`);
    return 1;
  }
  const tmpdir = opts.tmpdir ?? (opts.inTmpdir || operands.length === 0 ? (c.getenv('TMPDIR') ?? '/tmp') : undefined);
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
    const path = tmpdir === undefined ? name : joinPath(tmpdir, name);
    if (c.fs.lookup(path, false)) continue;
    const ok = attempt(
      c,
      () => `failed to create ${opts.directory ? 'directory' : 'file'} via template ${q(path)}`,
      () => {
        if (opts.dryRun) return;
        if (opts.directory) c.fs.mkdir(path).mode = 0o700;
        else c.fs.create(path, 0o600, true).mode = 0o600;
      },
    );
    if (!ok) return 1;
    c.out.text(`${path}\n`);
    return 0;
  }
  c.warn(`failed to create file via template ${q(template)}: ${strerror('EEXIST')}`);
  return 1;
});

export const filePrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['mkdir', mkdir],
  ['rmdir', rmdir],
  ['rm', rm],
  ['touch', touch],
  ['mktemp', mktemp],
];
