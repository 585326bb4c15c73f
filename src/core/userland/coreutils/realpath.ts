// Commands that say where a path leads: readlink (-f -e -m) and realpath (-e -m -s,
// --relative-to).
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  dirnameOf,
  FsError,
  has,
  joinPath,
  parseOpts,
  program,
  strerror,
  UsageError,
  value,
} from '../lib/index.ts';

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
    const next = joinPath(resolved, parts[i]!);
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

export const realpathPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['readlink', readlink],
  ['realpath', realpath],
];
