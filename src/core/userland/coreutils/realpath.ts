// Commands that say where a path leads: readlink (-f -e -m) and realpath (-e -m -s,
// --relative-to).
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  dirnameOf,
  FsError,
  joinPath,
  logical,
  opt,
  options,
  program,
  strerror,
  UsageError,
} from '../lib/index.ts';

const READLINK = options({
  // The last of -f, -e and -m says how much of the path must exist.
  canonicalize: opt.choice<'f' | 'e' | 'm' | undefined>(undefined, {
    f: 'f',
    canonicalize: 'f',
    e: 'e',
    'canonicalize-existing': 'e',
    m: 'm',
    'canonicalize-missing': 'm',
  }),
  noNewline: opt.flag('n', 'no-newline'),
  quiet: opt.flag('q', 'quiet', 's', 'silent'),
  verbose: opt.flag('v', 'verbose'),
  zero: opt.flag('z', 'zero'),
});

const readlink = program((c) => {
  const { opts: o, operands } = READLINK.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  const end = o.zero ? '\0' : o.noNewline && operands.length === 1 ? '' : '\n';
  const mode = o.canonicalize;
  let status = 0;
  for (const f of operands) {
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
      if (o.verbose) c.warn(`${f}: ${strerror(e.errno)}`);
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
    const next = joinPath(resolved, parts[i]!);
    try {
      resolved = c.fs.realpath(next, true);
    } catch {
      resolved = next;
    }
  }
  return resolved;
}

const REALPATH = options({
  existing: opt.flag('e', 'canonicalize-existing'),
  missing: opt.flag('m', 'canonicalize-missing'),
  quiet: opt.flag('q', 'quiet'),
  noSymlinks: opt.flag('s', 'strip', 'no-symlinks'),
  logical: opt.flag('L'),
  physical: opt.flag('P'),
  zero: opt.flag('z', 'zero'),
  relativeTo: opt.arg('relative-to'),
});

const realpath = program((c) => {
  const { opts: o, operands } = REALPATH.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  const end = o.zero ? '\0' : '\n';
  const rel = o.relativeTo;
  let status = 0;
  for (const f of operands) {
    try {
      let out = o.missing
        ? canonicalMissing(c, f)
        : o.noSymlinks
          ? logical(c.fs.abs(f))
          : c.fs.realpath(f, !o.existing);
      if (rel !== undefined) out = relative(c.fs.realpath(rel, true), out);
      c.out.text(out + end);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (!o.quiet) c.warn(`${f}: ${strerror(e.errno)}`);
      status = 1;
    }
  }
  return status;
});

function relative(from: string, to: string): string {
  const a = from.split('/').filter((x) => x !== '');
  const b = to.split('/').filter((x) => x !== '');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => '..');
  const rest = [...up, ...b.slice(i)];
  return rest.length === 0 ? '.' : rest.join('/');
}

export const realpathPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['readlink', readlink],
  ['realpath', realpath],
];
