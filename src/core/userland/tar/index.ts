// tar as GNU tar 1.35 run by root: -c, -x, -t over ustar/PAX archives (GNU long names read),
// -z, -j and -J to read (gzip, bzip2 and xz also found by their magic on a file read without
// them; -j/-J do not create), old-style bundled options (`tar xzf a.tgz`), -C in order, its
// messages and its exit statuses (2 for trouble, 64 for getopt's complaints).
// https://www.gnu.org/software/tar/manual/tar.html
import { concatBytes } from '../../bytes.ts';
import { WharfError } from '../../errors.ts';
import { isGzip, readTarRecords, writeTarMembers, type TarMember, type TarRecord } from '../../oci/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  bunzip2Piped,
  type Ctx,
  deflate,
  FsError,
  idNames,
  inflate,
  isBzip2,
  isXz,
  joinPath,
  lookupId,
  opt,
  options,
  parseDate,
  permissionString,
  program,
  readAll,
  strerror,
  UsageError,
  unxz,
  UserlandError,
} from '../lib/index.ts';
import { createMembers, type CreateOperand } from './create.ts';
import { Extractor } from './extract.ts';
import { isWanted, TAR_FAILURE, TarRun, typeLetter, type TarOptions, type Wanted } from './members.ts';

/** Old-style letters that take the next word as their value, in order (`tar cfC out.tar dir`). */
const TAKES_VALUE = 'fCTX';

const RECORD = 20 * 512;

/** A fatal error: said, then GNU's last words (or, for bad usage, where to find help), status 2. */
class Fatal extends UserlandError {
  readonly usage: boolean;
  constructor(message: string, usage = false) {
    super(message, TAR_FAILURE);
    this.usage = usage;
  }
}

const MODE_ERROR = "'-Acdtrux', '--delete' or  '--test-label'";

/** `tar xzf a.tgz dir` -> `tar -x -z -f a.tgz dir`, as GNU reads a first word without a dash. */
function oldStyle(args: string[]): string[] {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return args;
  const out: string[] = [];
  let next = 1;
  for (const letter of first) {
    out.push(`-${letter}`);
    if (TAKES_VALUE.includes(letter)) {
      if (next >= args.length) throw new Fatal(`Old option '${letter}' requires an argument.`, true);
      out.push(args[next++]!);
    }
  }
  return [...out, ...args.slice(next)];
}

const TAR = options({
  modes: opt.choices({ c: 'c', create: 'c', x: 'x', extract: 'x', get: 'x', t: 't', list: 't' } as const),
  file: opt.arg('f', 'file'),
  gzip: opt.flag('z', 'gzip', 'gunzip', 'ungzip'),
  verbose: opt.count('v', 'verbose'),
  /** -C, each with where it stands among the operands: it acts on those after it. */
  directories: opt.placedArgs('C', 'directory'),
  strip: opt.arg('strip-components'),
  exclude: opt.args('exclude'),
  preservePermissions: opt.flag('p', 'preserve-permissions', 'same-permissions'),
  sameOwner: opt.choice(true, { o: false, 'no-same-owner': false, 'same-owner': true }),
  existing: opt.choice<TarOptions['existing']>('overwrite', {
    k: 'keep',
    'keep-old-files': 'keep',
    'skip-old-files': 'skip',
    overwrite: 'overwrite',
  }),
  dereference: opt.flag('h', 'dereference'),
  absoluteNames: opt.flag('P', 'absolute-names'),
  touch: opt.flag('m', 'touch'),
  toStdout: opt.flag('O', 'to-stdout'),
  filesFrom: opt.args('T', 'files-from'),
  excludeFrom: opt.args('X', 'exclude-from'),
  recursion: opt.choice(true, { recursion: true, 'no-recursion': false }),
  numericOwner: opt.flag('numeric-owner'),
  owner: opt.arg('owner'),
  group: opt.arg('group'),
  mtime: opt.arg('mtime'),
  sort: opt.arg('sort'),
  format: opt.arg('format'),
  bzip2: opt.flag('j', 'bzip2'),
  xz: opt.flag('J', 'xz'),
  autoCompress: opt.flag('a', 'auto-compress'),
});

interface Parsed {
  o: TarOptions;
  operands: string[];
  directories: Array<{ value: string; operands: number }>;
  filesFrom: string[];
}

function parse(c: Ctx, args: string[]): Parsed {
  const { opts: p, operands } = TAR.parse(oldStyle(args));
  const modes = p.modes;
  if (new Set(modes).size > 1) throw new Fatal(`You may not specify more than one ${MODE_ERROR} option`, true);
  if (modes.length === 0) throw new Fatal(`You must specify one of the ${MODE_ERROR} options`, true);
  const strip = p.strip ?? '0';
  if (!/^[0-9]+$/.test(strip)) throw new Fatal(`${strip}: Invalid number of elements`, true);
  const sort = p.sort;
  if (sort !== undefined && !['name', 'none', 'inode'].includes(sort)) {
    throw new Fatal(`invalid argument '${sort}' for '--sort'`, true);
  }
  const exclude = [...p.exclude];
  for (const file of p.excludeFrom) exclude.push(...lines(c, file));
  const file = p.file ?? c.getenv('TAPE') ?? '-';
  const o: TarOptions = {
    mode: modes[0]!,
    file,
    // -a: the archive's suffix picks the compressor.
    gzip: p.gzip || (p.autoCompress && /\.(gz|tgz|taz)$/.test(file)),
    bzip2: p.bzip2 || (p.autoCompress && modes[0] === 'c' && /\.(bz2|tbz2?|tz2)$/.test(file)),
    xz: p.xz || (p.autoCompress && modes[0] === 'c' && /\.(xz|txz)$/.test(file)),
    verbose: p.verbose,
    strip: Number(strip),
    exclude,
    existing: p.existing,
    sameOwner: p.sameOwner,
    touch: p.touch,
    toStdout: p.toStdout,
    dereference: p.dereference,
    absoluteNames: p.absoluteNames,
    recursion: p.recursion,
    numericOwner: p.numericOwner,
  };
  const owner = p.owner;
  const group = p.group;
  if (owner !== undefined) o.owner = principal(c, owner, '/etc/passwd', 'owner');
  if (group !== undefined) o.group = principal(c, group, '/etc/group', 'group');
  const mtime = p.mtime;
  if (mtime !== undefined) {
    const ns = parseDate(mtime);
    if (ns === null) throw new Fatal(`Substituting -9223372036854775807 for unknown date format '${mtime}'`);
    o.mtime = Number(ns / 1_000_000_000n);
  }
  return { o, operands, directories: p.directories, filesFrom: p.filesFrom };
}

/** --owner/--group: NAME, NUMBER or NAME:NUMBER, as [name stored, id stored]. */
function principal(c: Ctx, s: string, file: '/etc/passwd' | '/etc/group', what: string): [string, number] {
  const m = /^(.*):([0-9]+)$/.exec(s);
  if (m) return [m[1]!, Number(m[2])];
  if (/^[0-9]+$/.test(s)) return [idNames(c.fs, file).get(Number(s)) ?? '', Number(s)];
  const id = lookupId(c.fs, file, s);
  if (id === null) throw new Fatal(`${s}: Invalid ${what}`);
  return [s, id];
}

/** The names in a -T or -X file, one a line. */
function lines(c: Ctx, file: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = file === '-' ? readAll(c.stdin) : c.fs.readFile(file);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    throw new Fatal(`${file}: Cannot open: ${strerror(e.errno)}`);
  }
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter((l) => l !== '');
}

/** Where the -C options before operand `at` lead (every -C: Infinity), each relative to the one before. */
function dirAt(c: Ctx, p: Parsed, at: number): string | undefined {
  let dir: string | undefined;
  for (const { value: v, operands } of p.directories) {
    if (operands > at) break;
    dir = dir === undefined || v.startsWith('/') ? v : joinPath(dir, v);
    // GNU's chdir: a missing directory ends the run.
    const node = c.fs.lookup(dir);
    if (node?.kind !== 'dir') throw new Fatal(`${v}: Cannot open: ${strerror(node ? 'ENOTDIR' : 'ENOENT')}`);
  }
  return dir;
}

function create(run: TarRun, p: Parsed): void {
  const { c, o } = run;
  if (o.bzip2 || o.xz)
    throw new Fatal(`${o.bzip2 ? 'bzip2' : 'xz'}: compression is not supported (extracting and listing are)`);
  const operands: CreateOperand[] = p.operands.map((name, i) => ({ name, dir: dirAt(c, p, i) }));
  for (const file of p.filesFrom)
    for (const name of lines(c, file)) operands.push({ name, dir: dirAt(c, p, Infinity) });
  if (operands.length === 0) throw new Fatal('Cowardly refusing to create an empty archive', true);
  let archive;
  if (o.file !== '-') {
    try {
      archive = c.fs.create(o.file);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      throw new Fatal(`${o.file}: Cannot open: ${strerror(e.errno)}`);
    }
  }
  const width = { ugs: 19 };
  const say = (m: TarMember): void => {
    const line = o.verbose > 1 ? longLine(run, recordOf(m), width) : `${m.name}\n`;
    if (o.verbose > 0) (o.file === '-' ? c.err : c.out).text(line);
  };
  const members = createMembers(run, operands, archive, say);
  // GNU writes whole records of 20 blocks (its default blocking factor).
  const parts = writeTarMembers(members);
  const size = parts.reduce((n, part) => n + part.length, 0);
  parts.push(new Uint8Array(Math.ceil(size / RECORD) * RECORD - size));
  const tar = concatBytes(parts);
  const bytes = o.gzip ? deflate(tar, 6) : tar;
  if (o.file === '-') c.out.bytes(bytes);
  else c.fs.writeFile(o.file, bytes);
}

/** A member about to be written, as a listing sees it. */
function recordOf(m: TarMember): TarRecord {
  const flags = { file: '0', hardlink: '1', symlink: '2', directory: '5' } as const;
  const data = m.data ?? new Uint8Array(0);
  return {
    ...m,
    linkname: m.linkname ?? '',
    typeflag: flags[m.type].charCodeAt(0),
    size: data.length,
    data,
    offset: 0,
  };
}

/** The archive's bytes, decompressed when -z, -j or -J says so or (from a file) its magic does. */
async function readArchive(run: TarRun): Promise<Uint8Array> {
  const { c, o } = run;
  let data: Uint8Array;
  if (o.file === '-') data = readAll(c.stdin);
  else {
    try {
      data = c.fs.readFile(o.file);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      throw new Fatal(`${o.file}: Cannot open: ${strerror(e.errno)}`);
    }
  }
  let kind: 'gzip' | 'bzip2' | 'xz' | null = o.gzip ? 'gzip' : o.bzip2 ? 'bzip2' : o.xz ? 'xz' : null;
  if (kind === null) {
    const found = isGzip(data) ? 'gzip' : isBzip2(data) ? 'bzip2' : isXz(data) ? 'xz' : null;
    if (found === null) return data;
    // GNU looks at the magic of a file it can reread, never at a pipe's.
    if (o.file === '-')
      throw new Fatal(`Archive is compressed. Use ${{ gzip: '-z', bzip2: '-j', xz: '-J' }[found]} option`);
    kind = found;
  }
  if (kind === 'gzip') {
    const plain = inflate(c, data, 'stdin');
    if (plain === null) throw new Fatal('Child returned status 1');
    return plain;
  }
  if (kind === 'bzip2') {
    const plain = bunzip2Piped(c, data);
    if (plain === null) throw new Fatal('Child returned status 2');
    return plain;
  }
  const r = await unxz(data);
  if (r.error !== undefined) {
    c.err.text(`xz: (stdin): ${r.error}\n`);
    throw new Fatal('Child returned status 1');
  }
  return r.data;
}

/** GNU's verbose line: the owner/size column grows to the widest seen and stays so. */
function longLine(run: TarRun, r: TarRecord, width: { ugs: number }): string {
  const users = run.o.numericOwner ? '' : r.uname;
  const groups = run.o.numericOwner ? '' : r.gname;
  const user = users || String(r.uid);
  const group = groups || String(r.gid);
  const size = String(r.type === 'symlink' || r.type === 'hardlink' ? 0 : r.size);
  const pad = user.length + 1 + group.length + 1 + size.length;
  if (pad > width.ugs) width.ugs = pad;
  const t = new Date(r.mtime * 1000).toISOString();
  const kind = r.type === 'directory' ? 'd' : typeLetter(r.typeflag);
  const link = r.type === 'symlink' ? ` -> ${r.linkname}` : r.type === 'hardlink' ? ` link to ${r.linkname}` : '';
  return `${kind}${permissionString(r.mode)} ${user}/${group} ${size.padStart(width.ugs - pad + size.length)} ${t.slice(0, 10)} ${t.slice(11, 16)} ${r.name}${link}\n`;
}

async function readMembers(run: TarRun, p: Parsed): Promise<void> {
  const { c, o } = run;
  const data = await readArchive(run);
  const wanted: Wanted[] = p.operands.map((n) => ({ name: n.replace(/\/+$/, ''), found: false }));
  const extractor = o.mode === 'x' ? new Extractor(run, dirAt(c, p, Infinity)) : undefined;
  const width = { ugs: 19 };
  // Verbose extraction lists on stdout, unless the files themselves go there (-O).
  const say = o.toStdout ? c.err : c.out;
  let count = 0;
  try {
    for (const r of readTarRecords(data)) {
      count++;
      const safe = run.safeName(r.name, 'member names');
      if (!isWanted(wanted, safe, o.recursion) || run.excluded(safe)) continue;
      // Extraction names only what it extracts: nothing left after --strip-components, no line.
      const name = run.stripped(safe);
      if (o.mode === 't' || (o.verbose > 0 && name !== null)) {
        const long = o.mode === 't' ? o.verbose > 0 : o.verbose > 1;
        say.text(long ? longLine(run, r, width) : `${r.name}\n`);
      }
      if (extractor && name !== null) extractor.member(r, name);
    }
  } catch (e) {
    if (!(e instanceof WharfError) || e.code !== 'TAR_FORMAT') throw e;
    if (count === 0) run.error('This does not look like a tar archive');
    else if (/checksum/.test(e.message)) run.error('Skipping to next header');
    else {
      extractor?.finish();
      throw new Fatal('Unexpected EOF in archive');
    }
  }
  extractor?.finish();
  for (const w of wanted) if (!w.found) run.error(`${w.name}: Not found in archive`);
}

const tar = program(async (c) => {
  try {
    const p = parse(c, c.args);
    const o = p.o;
    const run = new TarRun(c, o);
    if (o.mode === 'c') create(run, p);
    else await readMembers(run, p);
    if (run.status !== 0) c.err.text('tar: Exiting with failure status due to previous errors\n');
    return run.status;
  } catch (e) {
    if (e instanceof UsageError) {
      c.err.text(`tar: ${e.message}\nTry 'tar --help' or 'tar --usage' for more information.\n`);
      return 64;
    }
    if (!(e instanceof Fatal)) throw e;
    c.err.text(`tar: ${e.message}\n`);
    if (e.usage) c.err.text("Try 'tar --help' or 'tar --usage' for more information.\n");
    else c.err.text('tar: Error is not recoverable: exiting now\n');
    return TAR_FAILURE;
  }
});

export const tarPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['tar', tar]];
