// Commands that change who may do what: chmod (octal and symbolic modes), chown and chgrp
// (names from /etc/passwd and /etc/group in the volume, or numbers).
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  joinPath,
  lookupId,
  opt,
  options,
  parseMode,
  program,
  q,
  strerror,
  UMASK,
  UsageError,
} from '../lib/index.ts';

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
    c.warn(`cannot access ${q(path)}: ${strerror('ENOENT')}`);
    return false;
  }
  fn(node, path);
  if (recursive && node.kind === 'dir') {
    for (const name of c.fs.names(node)) walk(c, joinPath(path, name), true, false, fn);
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

const CHMOD = options({
  recursive: opt.flag('R', 'recursive'),
  changes: opt.flag('c', 'changes'),
  silent: opt.flag('f', 'silent', 'quiet'),
  verbose: opt.flag('v', 'verbose'),
  dereferenceArgs: opt.flag('H'),
  reference: opt.arg('reference'),
});

const chmod = program((c) => {
  const { opts: words, rest } = splitModeArgs(c.args);
  const { opts: o } = CHMOD.parse(words);
  const ref = o.reference;
  const files = ref === undefined ? rest.slice(1) : rest;
  const spec = ref === undefined ? rest[0] : undefined;
  if (spec === undefined && ref === undefined) throw new UsageError('missing operand');
  if (files.length === 0) throw new UsageError(`missing operand after ${q(spec ?? ref!)}`);
  let refMode: number | undefined;
  if (ref !== undefined) {
    const r = c.fs.lookup(ref);
    if (!r) {
      c.warn(`failed to get attributes of ${q(ref)}: ${strerror('ENOENT')}`);
      return 1;
    }
    refMode = r.mode;
  }
  if (spec !== undefined && parseMode(spec, 0, false, UMASK) === null) throw new UsageError(`invalid mode: ${q(spec)}`);
  let status = 0;
  for (const f of files) {
    const ok = walk(c, f, o.recursive, true, (node, path) => {
      if (node.kind === 'symlink') return; // chmod -R leaves symlinks found inside alone
      const next = refMode ?? parseMode(spec!, node.mode, node.kind === 'dir', UMASK)!;
      if (next !== node.mode) {
        if (o.verbose || o.changes)
          c.out.text(`mode of ${q(path)} changed from ${octal(node.mode)} to ${octal(next)}\n`);
        node.mode = next;
        node.ctim = c.fs.now();
      } else if (o.verbose) c.out.text(`mode of ${q(path)} retained as ${octal(next)}\n`);
    });
    if (!ok) status = 1;
  }
  return status;
});

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

const CHOWN = options({
  recursive: opt.flag('R', 'recursive'),
  changes: opt.flag('c', 'changes'),
  silent: opt.flag('f', 'silent', 'quiet'),
  verbose: opt.flag('v', 'verbose'),
  noDereference: opt.flag('h', 'no-dereference'),
  follow: opt.flag('H', 'L', 'P'),
});

function chownProgram(group: boolean): BuiltinProgram {
  return program((c) => {
    const { opts: o, operands } = CHOWN.parse(c.args);
    const [spec, ...files] = operands;
    if (spec === undefined) throw new UsageError('missing operand');
    if (files.length === 0) throw new UsageError(`missing operand after ${q(spec)}`);
    let uid: number | null = null;
    let gid: number | null = null;
    if (group) {
      gid = lookupId(c.fs, '/etc/group', spec);
      if (gid === null) throw new UsageError(`invalid group: ${q(spec)}`);
    } else {
      const [user, grp] = spec.split(/[:.]/, 2) as [string, string | undefined];
      if (user !== '') {
        uid = lookupId(c.fs, '/etc/passwd', user);
        if (uid === null) throw new UsageError(`invalid user: ${q(spec)}`);
      }
      if (grp !== undefined && grp !== '') {
        gid = lookupId(c.fs, '/etc/group', grp);
        if (gid === null) throw new UsageError(`invalid group: ${q(spec)}`);
      }
    }
    let status = 0;
    for (const f of files) {
      const ok = walk(c, f, o.recursive, !o.noDereference, (node) => {
        if (uid !== null) node.uid = uid;
        if (gid !== null) node.gid = gid;
        node.ctim = c.fs.now();
      });
      if (!ok) status = 1;
    }
    return status;
  });
}

export const attrPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['chmod', chmod],
  ['chown', chownProgram(false)],
  ['chgrp', chownProgram(true)],
];
