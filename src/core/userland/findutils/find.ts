// find: walking the tree (names in byte order, so the output is the same each build, where
// Linux gives directory order), testing each name, acting on it (-print, -exec, -delete).
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  type Ctx,
  fileSize,
  FsError,
  matchPattern,
  modeString,
  parseMode,
  program,
  q,
  strerror,
  strftime,
  UserlandError,
} from '../lib/index.ts';

class FindError extends UserlandError {}

interface Visit {
  path: string;
  node: VolumeNode;
  depth: number;
  /** The starting point this was found under. */
  start: string;
}

interface Ctl {
  prune: boolean;
  quit: boolean;
}

type Pred = (v: Visit, ctl: Ctl) => Promise<boolean> | boolean;

interface Batch {
  argv: string[];
  paths: string[];
}

class FindParser {
  readonly #c: Ctx;
  readonly #t: string[];
  #i = 0;
  hasAction = false;
  depthFirst = false;
  maxDepth = Infinity;
  minDepth = 0;
  follow = false;
  readonly batches: Batch[] = [];
  status = 0;

  constructor(c: Ctx, tokens: string[]) {
    this.#c = c;
    this.#t = tokens;
  }

  parse(): Pred {
    if (this.#t.length === 0) return () => true;
    const p = this.#or();
    if (this.#i < this.#t.length) {
      const t = this.#t[this.#i]!;
      throw new FindError(t === ')' ? `invalid expression; you have too many ')'` : `unexpected argument ${q(t)}`);
    }
    return p;
  }

  #or(): Pred {
    let left = this.#and();
    while (this.#t[this.#i] === '-o' || this.#t[this.#i] === '-or') {
      this.#i++;
      const l = left;
      const r = this.#and();
      left = async (v, ctl) => (await l(v, ctl)) || r(v, ctl);
    }
    return left;
  }

  #and(): Pred {
    let left = this.#not();
    for (;;) {
      const t = this.#t[this.#i];
      if (t === undefined || t === ')' || t === '-o' || t === '-or') return left;
      if (t === '-a' || t === '-and') this.#i++;
      const l = left;
      const r = this.#not();
      left = async (v, ctl) => (await l(v, ctl)) && r(v, ctl);
    }
  }

  #not(): Pred {
    const t = this.#t[this.#i];
    if (t === '!' || t === '-not') {
      this.#i++;
      const p = this.#not();
      return async (v, ctl) => !(await p(v, ctl));
    }
    return this.#primary();
  }

  #arg(name: string): string {
    const a = this.#t[this.#i++];
    if (a === undefined) throw new FindError(`missing argument to \`${name}'`);
    return a;
  }

  /** "+N", "-N" or "N" as find compares numbers. */
  #cmp(name: string): (n: number) => boolean {
    const a = this.#arg(name);
    const m = /^([-+]?)(\d+)$/.exec(a);
    if (!m) throw new FindError(`invalid argument ${q(a)} to ${q(name)}`);
    const v = Number(m[2]);
    return m[1] === '+' ? (n) => n > v : m[1] === '-' ? (n) => n < v : (n) => n === v;
  }

  #primary(): Pred {
    const c = this.#c;
    const t = this.#t[this.#i++]!;
    const base = (v: Visit): string => {
      if (v.path === v.start) return v.path.replace(/\/+$/, '').split('/').pop() || v.path;
      return v.path.slice(v.path.lastIndexOf('/') + 1);
    };
    switch (t) {
      case '(': {
        const p = this.#or();
        if (this.#t[this.#i++] !== ')')
          throw new FindError(`invalid expression; I was expecting to find a ')' somewhere`);
        return p;
      }
      case '-name':
      case '-iname': {
        const pat = this.#arg(t);
        return (v) => matchPattern(pat, base(v), t === '-iname');
      }
      case '-path':
      case '-ipath':
      case '-wholename': {
        const pat = this.#arg(t);
        return (v) => matchPattern(pat, v.path, t === '-ipath');
      }
      case '-type': {
        const kinds = this.#arg(t).split(',');
        for (const k of kinds)
          if (!'fdlbcps'.includes(k) || k.length !== 1) throw new FindError(`Unknown argument to -type: ${k}`);
        return (v) => {
          const n = this.follow && v.node.kind === 'symlink' ? (c.fs.lookup(v.path) ?? v.node) : v.node;
          const k = n.kind === 'dir' ? 'd' : n.kind === 'symlink' ? 'l' : 'f';
          return kinds.includes(k);
        };
      }
      case '-maxdepth':
      case '-mindepth': {
        const n = Number(this.#arg(t));
        if (t === '-maxdepth') this.maxDepth = n;
        else this.minDepth = n;
        return () => true;
      }
      case '-depth':
        this.depthFirst = true;
        return () => true;
      case '-follow':
        this.follow = true;
        return () => true;
      case '-xdev':
      case '-mount':
      case '-noleaf':
      case '-ignore_readdir_race':
        return () => true;
      case '-true':
        return () => true;
      case '-false':
        return () => false;
      case '-prune':
        return (_v, ctl) => {
          ctl.prune = true;
          return true;
        };
      case '-quit':
        this.hasAction = true;
        return (_v, ctl) => {
          ctl.quit = true;
          return true;
        };
      case '-empty':
        return (v) =>
          v.node.kind === 'dir' ? v.node.entries.size === 0 : v.node.kind === 'file' && v.node.content.size === 0;
      case '-executable':
        return (v) => v.node.kind === 'dir' || (v.node.mode & 0o111) !== 0;
      case '-readable':
      case '-writable':
        return () => true;
      case '-newer': {
        const ref = c.fs.lookup(this.#arg(t));
        if (!ref) throw new FindError(`${q(this.#t[this.#i - 1]!)}: No such file or directory`);
        return (v) => v.node.mtim > ref.mtim;
      }
      case '-size': {
        const a = this.#arg(t);
        const m = /^([-+]?)(\d+)([bcwkMG]?)$/.exec(a);
        if (!m) {
          // find 4.9's words: the last character is the unit, the rest must be a number.
          const last = a.slice(-1);
          if (last === '') throw new FindError('invalid null argument to -size');
          if (!/[bcwkMG0-9]/.test(last)) throw new FindError(`invalid -size type \`${last}'`);
          throw new FindError(`Invalid argument \`${a}' to -size`);
        }
        const unit = { b: 512, c: 1, w: 2, k: 1024, M: 1 << 20, G: 1 << 30, '': 512 }[m[3]!]!;
        const n = Number(m[2]);
        return (v) => {
          const size = Math.ceil(fileSize(v.node) / unit);
          return m[1] === '+' ? size > n : m[1] === '-' ? size < n : size === n;
        };
      }
      case '-perm': {
        const a = this.#arg(t);
        const kind = a[0] === '-' || a[0] === '/' ? a[0] : '';
        const mode = parseMode(kind ? a.slice(1) : a, 0, false, 0);
        if (mode === null) throw new FindError(`invalid mode ${q(a)}`);
        return (v) => {
          const m = v.node.mode & 0o7777;
          return kind === '-' ? (m & mode) === mode : kind === '/' ? mode === 0 || (m & mode) !== 0 : m === mode;
        };
      }
      case '-links': {
        const cmp = this.#cmp(t);
        return (v) => cmp(v.node.nlink);
      }
      case '-mtime':
      case '-mmin': {
        const cmp = this.#cmp(t);
        const unit = t === '-mtime' ? 86_400n : 60n;
        return (v) => cmp(Number((c.fs.now() - v.node.mtim) / 1_000_000_000n / unit));
      }
      case '-user':
      case '-group': {
        const who = this.#arg(t);
        return (v) =>
          String(t === '-user' ? v.node.uid : v.node.gid) === who ||
          (who === 'root' && (t === '-user' ? v.node.uid : v.node.gid) === 0);
      }
      case '-print':
      case '-print0': {
        this.hasAction = true;
        const end = t === '-print' ? '\n' : '\0';
        return (v) => {
          c.out.text(v.path + end);
          return true;
        };
      }
      case '-printf': {
        this.hasAction = true;
        const fmt = this.#arg(t);
        return (v) => {
          c.out.bin(printfFind(fmt, v));
          return true;
        };
      }
      case '-delete':
        this.hasAction = true;
        this.depthFirst = true;
        return (v) => {
          try {
            if (v.node.kind === 'dir') c.fs.rmdir(v.path);
            else c.fs.unlink(v.path);
            return true;
          } catch (e) {
            if (!(e instanceof FsError)) throw e;
            c.warn(`cannot delete ${q(v.path)}: ${strerror(e.errno)}`);
            this.status = 1;
            return false;
          }
        };
      case '-exec':
      case '-ok': {
        this.hasAction = true;
        const argv: string[] = [];
        for (;;) {
          const a = this.#t[this.#i++];
          if (a === undefined) throw new FindError(`missing argument to \`${t}'`);
          if (a === ';') break;
          if (a === '+' && argv[argv.length - 1] === '{}') {
            argv.pop();
            const batch: Batch = { argv, paths: [] };
            this.batches.push(batch);
            return (v) => {
              batch.paths.push(v.path);
              return true;
            };
          }
          argv.push(a);
        }
        if (argv.length === 0) throw new FindError(`missing argument to \`${t}'`);
        return async (v) => {
          const code = await c.processes.spawn({ ...c.spec, argv: argv.map((a) => a.replaceAll('{}', v.path)) });
          return code === 0;
        };
      }
      default:
        // These two, as find 4.9 says them, quote `so' whatever the name holds.
        throw new FindError(t.startsWith('-') ? `unknown predicate \`${t}'` : `paths must precede expression: \`${t}'`);
    }
  }
}

function printfFind(fmt: string, v: Visit): string {
  const n = v.node;
  const name = v.path.slice(v.path.lastIndexOf('/') + 1);
  let out = '';
  const f = argToBin(fmt);
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (ch === '\\') {
      const e = f[++i];
      out += e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : e === '\\' ? '\\' : `\\${e ?? ''}`;
      continue;
    }
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const k = f[++i];
    const s = (x: string): string => argToBin(x);
    switch (k) {
      case 'p':
        out += s(v.path);
        break;
      case 'f':
        out += s(name);
        break;
      case 'h': {
        const at = v.path.lastIndexOf('/');
        out += s(at < 0 ? '.' : at === 0 ? '/' : v.path.slice(0, at));
        break;
      }
      case 'P':
        out += s(v.path === v.start ? '' : v.path.slice(v.start.length).replace(/^\/+/, ''));
        break;
      case 's':
        out += String(fileSize(n));
        break;
      case 'm':
        out += (n.mode & 0o7777).toString(8);
        break;
      case 'M':
        out += modeString(n);
        break;
      case 'y':
        out += n.kind === 'dir' ? 'd' : n.kind === 'symlink' ? 'l' : 'f';
        break;
      case 'd':
        out += String(v.depth);
        break;
      case 'l':
        out += n.kind === 'symlink' ? s(n.target) : '';
        break;
      case 'u':
      case 'U':
        out += k === 'u' && n.uid === 0 ? 'root' : String(n.uid);
        break;
      case 'g':
      case 'G':
        out += k === 'g' && n.gid === 0 ? 'root' : String(n.gid);
        break;
      case 'T': {
        const spec = f[++i];
        out += spec === '@' ? String(n.mtim / 1_000_000_000n) : strftime(`%${spec}`, n.mtim);
        break;
      }
      case '%':
        out += '%';
        break;
      default:
        out += `%${k ?? ''}`;
    }
  }
  return out;
}

const find = program(async (c) => {
  const args = [...c.args];
  let follow = false;
  while (args[0] === '-H' || args[0] === '-L' || args[0] === '-P') follow = args.shift() === '-L';
  const starts: string[] = [];
  while (args.length > 0 && (!/^[-!(]/.test(args[0]!) || args[0] === '-')) starts.push(args.shift()!);
  if (starts.length === 0) starts.push('.');
  const parser = new FindParser(c, args);
  parser.follow = follow;
  let pred: Pred;
  try {
    pred = parser.parse();
  } catch (e) {
    if (!(e instanceof FindError)) throw e;
    c.warn(e.message);
    return 1;
  }
  if (!parser.hasAction) {
    const p = pred;
    pred = async (v, ctl) => {
      if (await p(v, ctl)) c.out.text(`${v.path}\n`);
      return true;
    };
  }
  let status = 0;
  const ctl: Ctl = { prune: false, quit: false };
  const visit = async (path: string, node: VolumeNode, depth: number, start: string): Promise<void> => {
    if (ctl.quit) return;
    const v = { path, node, depth, start };
    const here = depth >= parser.minDepth;
    let dir: VolumeNode | undefined = node;
    if (node.kind === 'symlink' && (follow || (depth === 0 && path.endsWith('/')))) dir = c.fs.lookup(path);
    if (!parser.depthFirst && here) {
      ctl.prune = false;
      await pred(v, ctl);
      if (ctl.prune) return;
    }
    if (dir?.kind === 'dir' && depth < parser.maxDepth) {
      for (const name of c.fs.names(dir)) {
        if (ctl.quit) return;
        await visit(path.endsWith('/') ? path + name : `${path}/${name}`, dir.entries.get(name)!, depth + 1, start);
      }
    }
    if (parser.depthFirst && here && !ctl.quit) await pred(v, ctl);
  };
  for (const start of starts) {
    const node = c.fs.lookup(start, follow);
    if (!node) {
      const r = c.fs.find(start, follow);
      c.warn(`${q(start)}: ${strerror(typeof r === 'string' ? r : 'ENOENT')}`);
      status = 1;
      continue;
    }
    await visit(start, node, 0, start);
    if (ctl.quit) break;
  }
  for (const b of parser.batches) {
    if (b.paths.length === 0) continue;
    if ((await c.processes.spawn({ ...c.spec, argv: [...b.argv, ...b.paths] })) !== 0) status = 1;
  }
  return status || parser.status;
});

export const findPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['find', find]];
