// Commands that describe files: ls, stat, du. Output is GNU's for a non-terminal (one name per
// line); names sort in byte order (the C locale); "recent" dates are judged against the volume's
// clock. Disk usage counts 4 KiB blocks, as ext4 and overlayfs would allocate them.
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  compareNames,
  fileSize,
  idNames,
  joinPath,
  modeString,
  opt,
  options,
  program,
  q,
  strerror,
  strftime,
  UsageError,
} from '../lib/index.ts';

/** Allocated 1 KiB blocks: whole 4 KiB blocks for file data, one for a directory. */
function blocks(node: VolumeNode): number {
  if (node.kind === 'file') return Math.ceil(node.content.size / 4096) * 4;
  return node.kind === 'dir' ? 4 : 0;
}

function links(node: VolumeNode): number {
  if (node.kind !== 'dir') return node.nlink;
  let n = 2;
  for (const child of node.entries.values()) if (child.kind === 'dir') n++;
  return n;
}

/** ls -h / du -h: 1 decimal below 10, rounded up, as GNU does. */
export function human(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return s === '10.0'
    ? `10${units[u]}`
    : s === '1024' && u < units.length - 1
      ? `1.0${units[u + 1]}`
      : `${s}${units[u]}`;
}

interface Entry {
  name: string;
  path: string;
  node: VolumeNode;
}

const SIX_MONTHS = 15_778_476n * 1_000_000_000n;

const LS = options({
  all: opt.flag('a', 'all'),
  almostAll: opt.flag('A', 'almost-all'),
  long: opt.flag('l', 'n', 'g', 'o', 'full-time'),
  noGroup: opt.flag('o'),
  noOwner: opt.flag('g'),
  numeric: opt.flag('n', 'numeric-uid-gid'),
  fullTime: opt.flag('full-time'),
  onePerLine: opt.flag('1'),
  directory: opt.flag('d', 'directory'),
  recursive: opt.flag('R', 'recursive'),
  human: opt.flag('h', 'human-readable'),
  byTime: opt.flag('t'),
  reverse: opt.flag('r', 'reverse'),
  bySize: opt.flag('S'),
  unsorted: opt.flag('U'),
  classify: opt.flag('F', 'classify'),
  slash: opt.flag('p'),
  inode: opt.flag('i', 'inode'),
  dereference: opt.flag('L', 'dereference'),
  columns: opt.flag('C', 'x'),
  dereferenceArgs: opt.flag('H'),
  ctime: opt.flag('c'),
  color: opt.optionalArg('color'),
  directoriesFirst: opt.flag('group-directories-first'),
  timeStyle: opt.arg('time-style'),
});

const ls = program((c) => {
  const { opts: o, operands: given } = LS.parse(c.args);
  const long = o.long;
  const users = idNames(c.fs, '/etc/passwd');
  const groups = idNames(c.fs, '/etc/group');
  const now = c.fs.now();
  const sortBy = o.unsorted ? 'none' : o.bySize ? 'size' : o.byTime ? 'time' : 'name';
  const sort = (list: Entry[]): Entry[] => {
    if (sortBy === 'none') return list;
    const out = [...list].sort((a, b) => {
      if (sortBy === 'size') return fileSize(b.node) - fileSize(a.node) || compareNames(a.name, b.name);
      if (sortBy === 'time')
        return a.node.mtim < b.node.mtim ? 1 : a.node.mtim > b.node.mtim ? -1 : compareNames(a.name, b.name);
      return compareNames(a.name, b.name);
    });
    if (o.directoriesFirst) out.sort((a, b) => Number(b.node.kind === 'dir') - Number(a.node.kind === 'dir'));
    return o.reverse ? out.reverse() : out;
  };
  const suffix = (n: VolumeNode): string => {
    if (o.classify) return n.kind === 'dir' ? '/' : n.kind === 'symlink' ? '@' : n.mode & 0o111 ? '*' : '';
    return o.slash && n.kind === 'dir' ? '/' : '';
  };
  const render = (list: Entry[], total: boolean): string => {
    if (!long) return list.map((e) => `${o.inode ? `${e.node.ino} ` : ''}${e.name}${suffix(e.node)}\n`).join('');
    const rows = list.map((e) => {
      const n = e.node;
      const owner = o.numeric ? String(n.uid) : (users.get(n.uid) ?? String(n.uid));
      const group = o.numeric ? String(n.gid) : (groups.get(n.gid) ?? String(n.gid));
      const size = o.human ? human(fileSize(n)) : String(fileSize(n));
      const recent = now - n.mtim < SIX_MONTHS && n.mtim - now < SIX_MONTHS;
      const when = o.fullTime
        ? strftime('%Y-%m-%d %H:%M:%S.%N %z', n.mtim)
        : strftime(recent ? '%b %e %H:%M' : '%b %e  %Y', n.mtim);
      const name = e.name + (n.kind === 'symlink' ? ` -> ${n.target}` : suffix(n));
      return { ino: String(n.ino), mode: modeString(n), links: String(links(n)), owner, group, size, when, name };
    });
    const w = (k: keyof (typeof rows)[number]): number => Math.max(0, ...rows.map((r) => r[k].length));
    const lines = rows.map((r) => {
      const cols = [
        ...(o.inode ? [r.ino.padStart(w('ino'))] : []),
        r.mode,
        r.links.padStart(w('links')),
        ...(o.noOwner ? [] : [r.owner.padEnd(w('owner'))]),
        ...(o.noGroup ? [] : [r.group.padEnd(w('group'))]),
        r.size.padStart(w('size')),
        r.when,
        r.name,
      ];
      return `${cols.join(' ')}\n`;
    });
    const sum = list.reduce((n, e) => n + blocks(e.node), 0);
    return (total ? `total ${o.human ? human(sum * 1024) : sum}\n` : '') + lines.join('');
  };
  const listDir = (path: string, dir: VolumeNode & { kind: 'dir' }): { text: string; subdirs: Entry[] } => {
    const entries: Entry[] = [];
    if (o.all) {
      entries.push({ name: '.', path: joinPath(path, '.'), node: dir });
      entries.push({ name: '..', path: joinPath(path, '..'), node: dir.parent });
    }
    for (const name of c.fs.names(dir)) {
      if (name.startsWith('.') && !(o.all || o.almostAll)) continue;
      entries.push({ name, path: joinPath(path, name), node: dir.entries.get(name)! });
    }
    const sorted = sort(entries);
    return {
      text: render(sorted, true),
      subdirs: sorted.filter((e) => e.node.kind === 'dir' && e.name !== '.' && e.name !== '..'),
    };
  };

  const operands = given.length > 0 ? given : ['.'];
  let status = 0;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const name of operands) {
    const follow = o.dereference || !(long || o.directory || o.classify) || name.endsWith('/');
    let node = c.fs.lookup(name, follow);
    if (!node && !follow) node = c.fs.lookup(name, false);
    if (!node) {
      const missing = c.fs.find(name, follow);
      c.warn(`cannot access ${q(name)}: ${strerror(typeof missing === 'string' ? missing : 'ENOENT')}`);
      status = 2;
      continue;
    }
    if (node.kind === 'dir' && !o.directory) dirs.push({ name, path: name, node });
    else files.push({ name, path: name, node });
  }
  let out = render(sort(files), false);
  const many = operands.length > 1 || o.recursive;
  let first = files.length === 0;
  const queue = sort(dirs);
  while (queue.length > 0) {
    const d = queue.shift()!;
    const r = listDir(d.path, d.node as VolumeNode & { kind: 'dir' });
    out += `${first ? '' : '\n'}${many ? `${d.path}:\n` : ''}${r.text}`;
    first = false;
    if (o.recursive) queue.unshift(...r.subdirs);
  }
  c.out.text(out);
  return status;
}, 2);

function fileType(n: VolumeNode): string {
  if (n.kind === 'dir') return 'directory';
  if (n.kind === 'symlink') return 'symbolic link';
  return n.content.size === 0 ? 'regular empty file' : 'regular file';
}

const STAT = options({
  format: opt.arg('c', 'format'),
  printf: opt.arg('printf'),
  dereference: opt.flag('L', 'dereference'),
  terse: opt.flag('t', 'terse'),
  fileSystem: opt.flag('F'),
});

const stat = program((c) => {
  const { opts: o, operands } = STAT.parse(c.args);
  if (operands.length === 0) throw new UsageError('missing operand');
  const users = idNames(c.fs, '/etc/passwd');
  const groups = idNames(c.fs, '/etc/group');
  const fmt = o.format;
  const printf = o.printf;
  let status = 0;
  for (const f of operands) {
    const n = c.fs.lookup(f, o.dereference);
    if (!n) {
      c.warn(`cannot statx ${q(f)}: ${strerror('ENOENT')}`);
      status = 1;
      continue;
    }
    const time = (t: bigint): string => strftime('%Y-%m-%d %H:%M:%S.%N %z', t);
    const field = (k: string): string => {
      switch (k) {
        case 'n':
          return f;
        case 'N':
          return n.kind === 'symlink' ? `${q(f)} -> ${q(n.target)}` : q(f);
        case 's':
          return String(fileSize(n));
        case 'a':
          return (n.mode & 0o7777).toString(8);
        case 'A':
          return modeString(n);
        case 'F':
          return fileType(n);
        case 'u':
          return String(n.uid);
        case 'U':
          return users.get(n.uid) ?? 'UNKNOWN';
        case 'g':
          return String(n.gid);
        case 'G':
          return groups.get(n.gid) ?? 'UNKNOWN';
        case 'h':
          return String(links(n));
        case 'i':
          return String(n.ino);
        case 'b':
          return String(blocks(n) * 2);
        case 'B':
          return '512';
        case 'o':
          return '4096';
        case 'X':
          return String(n.atim / 1_000_000_000n);
        case 'Y':
          return String(n.mtim / 1_000_000_000n);
        case 'Z':
          return String(n.ctim / 1_000_000_000n);
        case 'x':
          return time(n.atim);
        case 'y':
          return time(n.mtim);
        case 'z':
          return time(n.ctim);
        case 'W':
          return '0';
        case 'w':
          return '-';
        case '%':
          return '%';
        default:
          return `?`;
      }
    };
    const expand = (s: string): string =>
      s.replace(/%(-?\d*)([a-zA-Z%])/g, (_m, w: string, k: string) => {
        const v = field(k);
        if (!w) return v;
        const width = Math.abs(Number(w));
        return w.startsWith('-') ? v.padEnd(width) : v.padStart(width);
      });
    if (fmt !== undefined) c.out.text(`${expand(fmt)}\n`);
    else if (printf !== undefined) c.out.text(expand(printf).replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
    else {
      const name = n.kind === 'symlink' ? `${f} -> ${n.target}` : f;
      c.out.text(
        `  File: ${name}\n` +
          `  Size: ${field('s').padEnd(15)} Blocks: ${field('b').padEnd(10)} IO Block: 4096   ${fileType(n)}\n` +
          `Device: 0,0\tInode: ${field('i').padEnd(11)} Links: ${field('h')}\n` +
          `Access: (${field('a').padStart(4, '0')}/${field('A')})  Uid: (${field('u').padStart(5)}/${field('U').padStart(8)})   Gid: (${field('g').padStart(5)}/${field('G').padStart(8)})\n` +
          `Access: ${field('x')}\nModify: ${field('y')}\nChange: ${field('z')}\n Birth: -\n`,
      );
    }
  }
  return status;
});

const DU = options({
  summarize: opt.flag('s', 'summarize'),
  all: opt.flag('a', 'all'),
  human: opt.flag('h', 'human-readable'),
  kibibytes: opt.flag('k'),
  mebibytes: opt.flag('m'),
  bytes: opt.flag('b', 'bytes'),
  total: opt.flag('c', 'total'),
  maxDepth: opt.arg('d', 'max-depth'),
  oneFileSystem: opt.flag('x'),
  dereference: opt.flag('L'),
  noDereference: opt.flag('P'),
  dereferenceArgs: opt.flag('D'),
  apparentSize: opt.flag('apparent-size', 'b', 'bytes'),
});

const du = program((c) => {
  const { opts: o, operands } = DU.parse(c.args);
  const apparent = o.apparentSize;
  const unit = o.bytes ? 1 : o.mebibytes ? 1 << 20 : 1024;
  const depthArg = o.maxDepth;
  const maxDepth = o.summarize ? 0 : depthArg === undefined ? Infinity : Number(depthArg);
  const seen = new Set<VolumeNode>();
  const show = (bytes: number): string => (o.human ? human(bytes) : String(Math.ceil(bytes / unit)));
  let out = '';
  let total = 0;
  let status = 0;
  const size = (n: VolumeNode): number => (apparent ? fileSize(n) : blocks(n) * 1024);
  const visit = (node: VolumeNode, path: string, depth: number): number => {
    if (seen.has(node)) return 0;
    seen.add(node);
    let sum = size(node);
    if (node.kind === 'dir') {
      for (const name of c.fs.names(node)) sum += visit(node.entries.get(name)!, joinPath(path, name), depth + 1);
      if (depth <= maxDepth) out += `${show(sum)}\t${path}\n`;
    } else if ((o.all && depth <= maxDepth) || depth === 0) out += `${show(sum)}\t${path}\n`;
    return sum;
  };
  for (const f of operands.length > 0 ? operands : ['.']) {
    const node = c.fs.lookup(f, false);
    if (!node) {
      c.warn(`cannot access ${q(f)}: ${strerror('ENOENT')}`);
      status = 1;
      continue;
    }
    total += visit(node, f, 0);
  }
  if (o.total) out += `${show(total)}\ttotal\n`;
  c.out.text(out);
  return status;
});

export const listPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['ls', ls],
  ['stat', stat],
  ['du', du],
];
