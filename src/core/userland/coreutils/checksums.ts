// md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, b2sum, cksum and sum as GNU
// coreutils 9.1 has them: digests in GNU's (`HASH  FILE`, `HASH *FILE`) and BSD's (`--tag`)
// styles, names with a backslash or newline escaped, -c with its OK/FAILED lines, warnings and
// --quiet/--status/--strict/--ignore-missing, cksum's CRC and -a, sum's BSD and System V sums.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  Failure,
  fromUtf8,
  FsError,
  opt,
  options,
  program,
  readAll,
  strerror,
  UsageError,
} from '../lib/index.ts';
import { bsdSum, DIGESTS, type Digest, type DigestName, hex, posixCrc, sysvSum } from './digests.ts';

/** A file's bytes ("-": stdin), or null after saying why it cannot be read. */
function read(c: Ctx, file: string, quiet = false): Uint8Array | null {
  try {
    return file === '-' ? readAll(c.stdin) : c.fs.readFile(file);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    if (!quiet) c.warn(`${quotef(file)}: ${strerror(e.errno)}`);
    return null;
  }
}

/** A name as GNU's quotef prints it in a message: quoted only when it needs to be. */
function quotef(name: string): string {
  if (name === '-') return "'standard input'";
  return /^[A-Za-z0-9_.\/+,:=@%^-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`;
}

interface Style {
  tagged: boolean;
  binary: boolean;
  zero: boolean;
}

/** One output line; a name with "\\" or a newline is escaped, and the line then starts with "\\". */
function digestLine(tag: string, digest: string, file: string, s: Style): string {
  const escape = !s.zero && /[\\\n]/.test(file);
  const name = escape ? file.replaceAll('\\', '\\\\').replaceAll('\n', '\\n') : file;
  const body = s.tagged ? `${tag} (${name}) = ${digest}` : `${digest} ${s.binary ? '*' : ' '}${name}`;
  return (escape ? '\\' : '') + body + (s.zero ? '\0' : '\n');
}

function tagOf(d: Digest, bits: number): string {
  return bits === d.bits ? d.tag : `${d.tag}-${bits}`;
}

interface CheckOptions {
  quiet: boolean;
  status: boolean;
  strict: boolean;
  warn: boolean;
  ignoreMissing: boolean;
}

interface Listed {
  digest: Digest;
  bits: number;
  expected: string;
  file: string;
}

function unescapeName(s: string): string {
  return s.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch));
}

/**
 * One line of a checksum list: `HEX  FILE`, `HEX *FILE`, or `TAG (FILE) = HEX`. `fixed`: the
 * digest the program computes (null: cksum without -a, which takes it from the tag).
 */
function parseLine(raw: string, fixed: { digest: Digest; name: DigestName } | null): Listed | null {
  let line = raw.replace(/^[ \t]+/, '');
  const escaped = line.startsWith('\\');
  if (escaped) line = line.slice(1);
  const name = (s: string): string => (escaped ? unescapeName(s) : s);
  const tagged = /^([A-Za-z0-9]+)(?:-([0-9]+))? ?\((.*)\) ?= ?([0-9A-Fa-f]+)$/.exec(line);
  if (tagged) {
    const found = Object.values(DIGESTS).find((d) => d.tag === tagged[1]);
    if (!found || (fixed && found !== fixed.digest)) return null;
    const bits = tagged[2] === undefined ? found.bits : Number(tagged[2]);
    if (tagged[4]!.length * 4 !== bits || bits > found.bits || bits % 8 !== 0) return null;
    return { digest: found, bits, expected: tagged[4]!.toLowerCase(), file: name(tagged[3]!) };
  }
  if (!fixed) return null;
  const m = /^([0-9A-Fa-f]+) [ *](.+)$/.exec(line);
  if (!m) return null;
  const bits = m[1]!.length * 4;
  // b2sum reads the length from the digest; the others know theirs.
  if (fixed.name === 'blake2b' ? bits > 512 || bits % 8 !== 0 : bits !== fixed.digest.bits) return null;
  return { digest: fixed.digest, bits, expected: m[1]!.toLowerCase(), file: name(m[2]!) };
}

function plural(n: number, one: string, many: string): string {
  return `WARNING: ${n} ${n === 1 ? one : many}`;
}

/** -c over one list: true when every listed file was read and matched. */
function checkList(c: Ctx, list: string, fixed: { digest: Digest; name: DigestName } | null, o: CheckOptions): boolean {
  const bytes = read(c, list);
  if (bytes === null) return false;
  const lines = fromUtf8(bytes).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let misformatted = 0;
  let unreadable = 0;
  let mismatched = 0;
  let matched = 0;
  let wellFormed = 0;
  lines.forEach((raw, i) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text === '' || text.startsWith('#')) return;
    const entry = parseLine(text, fixed);
    if (!entry) {
      misformatted++;
      if (o.warn && !o.status) {
        c.warn(`${quotef(list)}: ${i + 1}: improperly formatted ${fixed?.digest.tag ?? 'checksum'} checksum line`);
      }
      return;
    }
    wellFormed++;
    const missing = o.ignoreMissing && entry.file !== '-' && c.fs.lookup(entry.file) === undefined;
    if (missing) return;
    const data = read(c, entry.file);
    // 9.1 names the file as is here (later versions escape it as in a list).
    const shown = entry.file;
    if (data === null) {
      unreadable++;
      if (!o.status) c.out.text(`${shown}: FAILED open or read\n`);
      return;
    }
    const ok = hex(entry.digest.hash(data, entry.bits)) === entry.expected;
    if (ok) matched++;
    else mismatched++;
    if (!o.status && (!ok || !o.quiet)) c.out.text(`${shown}: ${ok ? 'OK' : 'FAILED'}\n`);
  });
  if (wellFormed === 0) {
    c.warn(`${quotef(list)}: no properly formatted checksum lines found`);
    return false;
  }
  if (!o.status) {
    if (misformatted > 0)
      c.warn(plural(misformatted, 'line is improperly formatted', 'lines are improperly formatted'));
    if (unreadable > 0) c.warn(plural(unreadable, 'listed file could not be read', 'listed files could not be read'));
    if (mismatched > 0)
      c.warn(plural(mismatched, 'computed checksum did NOT match', 'computed checksums did NOT match'));
  }
  if (o.ignoreMissing && matched === 0 && mismatched === 0 && unreadable === 0) {
    c.warn(`${quotef(list)}: no file was verified`);
    return false;
  }
  return unreadable === 0 && mismatched === 0 && (!o.strict || misformatted === 0);
}

const CHECKING = {
  check: opt.flag('c', 'check'),
  zero: opt.flag('z', 'zero'),
  quiet: opt.flag('quiet'),
  status: opt.flag('status'),
  strict: opt.flag('strict'),
  warn: opt.flag('w', 'warn'),
  ignoreMissing: opt.flag('ignore-missing'),
};

/** The options only -c gives a meaning to, each refused without it, in GNU's order. */
function checkOnly(o: CheckOptions & { check: boolean }): void {
  if (o.check) return;
  const names: Array<[keyof CheckOptions, string]> = [
    ['ignoreMissing', 'ignore-missing'],
    ['status', 'status'],
    ['warn', 'warn'],
    ['quiet', 'quiet'],
    ['strict', 'strict'],
  ];
  for (const [k, name] of names)
    if (o[k]) throw new UsageError(`the --${name} option is meaningful only when verifying checksums`);
}

const SUM_OPTIONS = options({
  ...CHECKING,
  binary: opt.choice<boolean | undefined>(undefined, { b: true, binary: true, t: false, text: false }),
  tag: opt.flag('tag'),
  length: opt.arg('l', 'length'),
});

function digestProgram(name: DigestName, hasLength: boolean): BuiltinProgram {
  const digest = DIGESTS[name];
  return program((c) => {
    const { opts: o, operands } = SUM_OPTIONS.parse(c.args);
    if (!hasLength && o.length !== undefined) throw new UsageError("invalid option -- 'l'");
    const bits = hasLength ? lengthOrSay(c, digest, o.length) : digest.bits;
    if (bits === null) return 1;
    if (o.tag && o.check) throw new UsageError('the --tag option is meaningless when verifying checksums');
    if (o.binary !== undefined && o.check)
      throw new UsageError('the --binary and --text options are meaningless when verifying checksums');
    checkOnly(o);
    if (o.zero && o.check) throw new UsageError('the --zero option is not supported when verifying checksums');
    if (o.tag && o.binary === false) throw new UsageError('--tag does not support --text mode');
    const files = operands.length === 0 ? ['-'] : operands;
    let ok = true;
    if (o.check) {
      for (const f of files) ok = checkList(c, f, { digest, name }, o) && ok;
      return ok ? 0 : 1;
    }
    const style = { tagged: o.tag, binary: o.binary === true, zero: o.zero };
    for (const f of files) {
      const data = read(c, f);
      if (data === null) ok = false;
      else c.out.text(digestLine(tagOf(digest, bits), hex(digest.hash(data, bits)), f, style));
    }
    return ok ? 0 : 1;
  });
}

/** -l's bits (a multiple of 8, at most the digest's), or null after GNU's complaint. */
function lengthOrSay(c: Ctx, d: Digest, length: string | undefined): number | null {
  if (length === undefined) return d.bits;
  const n = /^[0-9]+$/.test(length) ? Number(length) : NaN;
  if (n === 0) return d.bits;
  const why = Number.isNaN(n)
    ? undefined
    : n > d.bits
      ? `maximum digest length for '${d.tag}' is ${d.bits} bits`
      : n % 8 !== 0
        ? 'length is not a multiple of 8'
        : null;
  if (why === null) return n;
  c.warn(`invalid length: '${length}'`);
  if (why !== undefined) c.warn(why);
  return null;
}

const ALGORITHMS = ['bsd', 'sysv', 'crc', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'blake2b', 'sm3'];

const CKSUM_OPTIONS = options({
  ...CHECKING,
  algorithm: opt.arg('a', 'algorithm'),
  length: opt.arg('l', 'length'),
  tag: opt.choice(true, { tag: true, untagged: false }),
  debug: opt.flag('debug'),
});

/** The line of sum -r / -s and cksum -a bsd / sysv; the name only for a file named. */
function sumLine(kind: 'bsd' | 'sysv', data: Uint8Array, file: string | null): string {
  const { checksum, blocks } = kind === 'bsd' ? bsdSum(data) : sysvSum(data);
  const head =
    kind === 'bsd' ? `${String(checksum).padStart(5, '0')} ${String(blocks).padStart(5)}` : `${checksum} ${blocks}`;
  return head + (file === null ? '' : ` ${file}`) + '\n';
}

const cksum = program((c) => {
  const { opts: o, operands } = CKSUM_OPTIONS.parse(c.args);
  const algorithm = o.algorithm ?? 'crc';
  if (!ALGORITHMS.includes(algorithm)) {
    const valid = ALGORITHMS.map((a) => `  - '${a}'`).join('\n');
    throw new UsageError(`invalid argument '${algorithm}' for '--algorithm'\nValid arguments are:\n${valid}`);
  }
  if (o.length !== undefined && algorithm !== 'blake2b')
    throw new Failure('--length is only supported with --algorithm=blake2b');
  const name = algorithm in DIGESTS ? (algorithm as DigestName) : null;
  const bits = name ? lengthOrSay(c, DIGESTS[name], o.length) : 0;
  if (bits === null) return 1;
  checkOnly(o);
  if (o.zero && o.check) throw new UsageError('the --zero option is not supported when verifying checksums');
  const files = operands.length === 0 ? ['-'] : operands;
  let ok = true;
  if (o.check) {
    if (name === null && o.algorithm !== undefined)
      throw new Failure(`--check is not supported with --algorithm={bsd,sysv,crc}`);
    for (const f of files) ok = checkList(c, f, name ? { digest: DIGESTS[name], name } : null, o) && ok;
    return ok ? 0 : 1;
  }
  for (const f of files) {
    const data = read(c, f);
    if (data === null) {
      ok = false;
      continue;
    }
    const shown = operands.length === 0 ? null : f;
    if (name) {
      const d = DIGESTS[name];
      c.out.text(
        digestLine(tagOf(d, bits), hex(d.hash(data, bits)), f, { tagged: o.tag, binary: false, zero: o.zero }),
      );
    } else if (algorithm === 'crc') c.out.text(`${posixCrc(data)} ${data.length}${shown === null ? '' : ` ${f}`}\n`);
    else c.out.text(sumLine(algorithm as 'bsd' | 'sysv', data, shown));
  }
  return ok ? 0 : 1;
});

const SUM = options({ kind: opt.choice<'bsd' | 'sysv'>('bsd', { r: 'bsd', s: 'sysv', sysv: 'sysv' }) });

const sum = program((c) => {
  const { opts: o, operands } = SUM.parse(c.args);
  let ok = true;
  for (const f of operands.length === 0 ? ['-'] : operands) {
    const data = read(c, f);
    if (data === null) ok = false;
    else c.out.text(sumLine(o.kind, data, operands.length === 0 ? null : f));
  }
  return ok ? 0 : 1;
});

export const checksumPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['md5sum', digestProgram('md5', false)],
  ['sha1sum', digestProgram('sha1', false)],
  ['sha224sum', digestProgram('sha224', false)],
  ['sha256sum', digestProgram('sha256', false)],
  ['sha384sum', digestProgram('sha384', false)],
  ['sha512sum', digestProgram('sha512', false)],
  ['b2sum', digestProgram('blake2b', true)],
  ['cksum', cksum],
  ['sum', sum],
];
