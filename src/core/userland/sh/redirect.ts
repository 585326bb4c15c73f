// Redirection (XCU 2.7) onto a small table of file descriptors: < > >> >| <> <& >& << <<-.
// Files are opened in the volume (so what `>` writes lands in the layer); /dev/null,
// /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N are handled here, since an image need
// not have /dev at all. bash adds <<< (here-string), &> and &>> (stdout and stderr), >&FILE,
// and words its messages its own way.
import type { Redir, Word } from './ast.ts';
import { bytesStdin, type Sink, type StdinSource } from '../../runtime/stdio.ts';
import { discard, type Errno, type Fs, FsError, strerror, UserlandError, utf8 } from '../lib/index.ts';
import { Parser } from './parser.ts';
import { clean } from '../../path.ts';

/** An open descriptor: something to read, to write, or both. */
export interface Fd {
  in?: StdinSource;
  out?: Sink;
}

/** The descriptors a command runs with (0-9). */
export class Io {
  readonly fds: Array<Fd | undefined>;

  constructor(fds: Array<Fd | undefined>) {
    this.fds = fds;
  }

  static of(stdin: StdinSource | undefined, stdout: Sink, stderr: Sink): Io {
    return new Io([{ in: stdin ?? bytesStdin() }, { out: stdout }, { out: stderr }]);
  }

  copy(): Io {
    return new Io([...this.fds]);
  }

  get stdin(): StdinSource {
    return this.fds[0]?.in ?? bytesStdin();
  }

  get stdout(): Sink {
    return this.fds[1]?.out ?? discard;
  }

  get stderr(): Sink {
    return this.fds[2]?.out ?? discard;
  }
}

/** A redirection that failed: the message sh prints (`cannot open x: No such file`). */
export class RedirError extends UserlandError {}

export interface RedirContext {
  fs(): Fs;
  /** Expands a target or a here-document body to one string (no splitting or globbing). */
  expand(word: Word): Promise<string>;
  /** bash: a target's fields (it must be one: else an ambiguous redirect). */
  fields(word: Word): Promise<string[]>;
  noclobber: boolean;
  bash: boolean;
}

/** Applies `redirs` in order to a copy of `io`, or to `io` itself when `inPlace` (exec). */
export async function redirect(redirs: Redir[], io: Io, ctx: RedirContext, inPlace = false): Promise<Io> {
  const out = inPlace ? io : io.copy();
  for (const r of redirs) {
    const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
    if (fd > 9) throw new RedirError(`${fd}: Bad file descriptor`);
    if (ctx.bash && (r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === null))) {
      const target = await bashTarget(r.target, ctx);
      if (r.op === '>&' && (/^[0-9]+$/.test(target) || target === '-')) {
        out.fds[1] = duplicate(target, out, ctx);
        continue;
      }
      const both = openWrite(target, out, ctx, r.op === '&>>', r.op !== '&>>' && ctx.noclobber);
      out.fds[1] = both;
      out.fds[2] = both;
      continue;
    }
    out.fds[fd] = await open(r, out, ctx);
  }
  return out;
}

/** bash: a target must expand to one word: `$x: ambiguous redirect`. */
async function bashTarget(word: Word, ctx: RedirContext): Promise<string> {
  const fields = await ctx.fields(word);
  if (fields.length !== 1) throw new RedirError(`${word.text}: ambiguous redirect`);
  return fields[0]!;
}

/** <&N, >&N: the descriptor N is (or - to close). */
function duplicate(target: string, io: Io, ctx: RedirContext): Fd | undefined {
  if (target === '-') return undefined;
  if (!/^[0-9]+$/.test(target))
    throw new RedirError(ctx.bash ? `${target}: ambiguous redirect` : `Syntax error: Bad fd number`);
  const fd = io.fds[Number(target)];
  if (!fd) throw new RedirError(`${target}: Bad file descriptor`);
  return fd;
}

async function open(r: Redir, io: Io, ctx: RedirContext): Promise<Fd | undefined> {
  if (r.here) {
    const body = r.here.quoted ? r.here.body : await ctx.expand(hereWord(r.here.body, ctx.bash));
    return { in: bytesStdin(utf8(body)) };
  }
  if (r.op === '<<<') return { in: bytesStdin(utf8(`${await ctx.expand(r.target)}\n`)) };
  const target = ctx.bash ? await bashTarget(r.target, ctx) : await ctx.expand(r.target);
  switch (r.op) {
    case '<&':
    case '>&':
      return duplicate(target, io, ctx);
    case '<':
    case '<>':
      return openRead(target, io, ctx, r.op === '<>');
    default:
      return openWrite(target, io, ctx, r.op === '>>', r.op === '>' && ctx.noclobber);
  }
}

/** /dev/stdin and friends: the descriptor they stand for, or null for an ordinary path. */
function device(path: string, io: Io, ctx: RedirContext): Fd | null | 'null' {
  const p = clean(ctx.fs().abs(path));
  if (p === '/dev/null') return 'null';
  const m = /^\/dev\/(?:(stdin)|(stdout)|(stderr)|fd\/([0-9]))$/.exec(p);
  if (!m) return null;
  const fd = m[1] ? 0 : m[2] ? 1 : m[3] ? 2 : Number(m[4]);
  const f = io.fds[fd];
  if (!f)
    throw new RedirError(
      ctx.bash ? `${path}: No such device or address` : `cannot open ${path}: No such device or address`,
    );
  return f;
}

function openRead(path: string, io: Io, ctx: RedirContext, write: boolean): Fd {
  const dev = device(path, io, ctx);
  if (dev === 'null') return { in: bytesStdin(), out: discard };
  if (dev) return dev;
  const fs = ctx.fs();
  try {
    if (write) {
      const f = fs.create(path);
      return { in: bytesStdin(f.content.bytes().slice()), out: fs.openSink(path, true) };
    }
    return { in: bytesStdin(fs.readFile(path).slice()) };
  } catch (e) {
    if (e instanceof FsError) {
      throw new RedirError(ctx.bash ? `${path}: ${strerror(e.errno)}` : `cannot open ${path}: ${openMessage(e.errno)}`);
    }
    throw e;
  }
}

function openWrite(path: string, io: Io, ctx: RedirContext, append: boolean, noclobber: boolean): Fd {
  const dev = device(path, io, ctx);
  if (dev === 'null') return { out: discard };
  if (dev) return dev;
  const fs = ctx.fs();
  try {
    if (noclobber && fs.lookup(path)?.kind === 'file') {
      if (ctx.bash) throw new RedirError(`${path}: cannot overwrite existing file`);
      throw new FsError('EEXIST', path);
    }
    return { out: fs.openSink(path, append) };
  } catch (e) {
    if (e instanceof FsError) {
      throw new RedirError(
        ctx.bash ? `${path}: ${strerror(e.errno)}` : `cannot create ${path}: ${createMessage(e.errno)}`,
      );
    }
    throw e;
  }
}

/** dash's wording: ENOENT is "No such file" on open and "Directory nonexistent" on create. */
function openMessage(errno: Errno): string {
  return errno === 'ENOENT' ? 'No such file' : strerror(errno);
}

function createMessage(errno: Errno): string {
  return errno === 'ENOENT' || errno === 'ENOTDIR' ? 'Directory nonexistent' : strerror(errno);
}

function hereWord(body: string, bash: boolean): Word {
  return new Parser(body, 0, 1, { bash, extglob: () => false }).lexer.readWord('here', false);
}
