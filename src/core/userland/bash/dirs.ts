// The directory stack: pushd, popd, dirs and $DIRSTACK. The stack is the working directory
// followed by the directories pushed (state.dirStack), listed with $HOME shown as ~ unless -l.
// https://www.gnu.org/software/bash/manual/html_node/Directory-Stack-Builtins.html
import type { Builtin } from '../sh/builtins.ts';
import type { Shell } from '../sh/eval.ts';
import type { Io } from '../sh/redirect.ts';
import { logical, utf8 } from '../lib/index.ts';

function stack(sh: Shell): string[] {
  return [sh.state.cwd, ...sh.state.dirStack];
}

function tilde(sh: Shell, dir: string): string {
  const home = sh.param('HOME');
  if (!home || home === '/') return dir;
  return dir === home || dir.startsWith(`${home}/`) ? `~${dir.slice(home.length)}` : dir;
}

/** The stack as dirs prints it: on one line, one a line (-p), or numbered (-v). */
function listing(sh: Shell, o: { long: boolean; lines: boolean; numbered: boolean }): string {
  const dirs = stack(sh).map((d) => (o.long ? d : tilde(sh, d)));
  if (o.numbered) return dirs.map((d, i) => `${String(i).padStart(2)}  ${d}\n`).join('');
  return o.lines ? dirs.map((d) => `${d}\n`).join('') : `${dirs.join(' ')}\n`;
}

/** +N counts from the left of the stack (0 is the working directory), -N from the right. */
function index(sh: Shell, arg: string): number | null {
  const m = /^([-+])([0-9]+)$/.exec(arg);
  if (!m) return null;
  const n = Number(m[2]);
  const size = stack(sh).length;
  const i = m[1] === '+' ? n : size - 1 - n;
  return i >= 0 && i < size ? i : -1;
}

/** cd, with the built-in's messages under its own name; whether it went there. */
function go(sh: Shell, cmd: string, dir: string, io: Io): boolean {
  const target = logical(dir.startsWith('/') ? dir : `${sh.state.cwd}/${dir}`);
  const node = sh.fs().lookup(target);
  if (node?.kind !== 'dir') {
    sh.diag(io, `${cmd}: ${dir}: ${node ? 'Not a directory' : 'No such file or directory'}`);
    return false;
  }
  return sh.dialect.builtins.get('cd')!(sh, ['cd', '--', dir], io) === 0;
}

const dirs: Builtin = (sh, argv, io) => {
  const o = { long: false, lines: false, numbered: false };
  for (const a of argv.slice(1)) {
    const i = index(sh, a);
    if (i !== null) {
      if (i < 0) {
        sh.diag(io, `dirs: ${a.slice(1)}: directory stack index out of range`);
        return 1;
      }
      io.stdout(utf8(`${o.long ? stack(sh)[i]! : tilde(sh, stack(sh)[i]!)}\n`));
      return 0;
    }
    if (!/^-[clpv]+$/.test(a)) {
      sh.diag(io, `dirs: ${a}: invalid option`);
      io.stderr(utf8('dirs: usage: dirs [-clpv] [+N] [-N]\n'));
      return 2;
    }
    if (a.includes('c')) sh.state.dirStack = [];
    if (a.includes('l')) o.long = true;
    if (a.includes('p')) o.lines = true;
    if (a.includes('v')) o.numbered = true;
  }
  if (argv.slice(1).some((a) => a.includes('c'))) return 0;
  io.stdout(utf8(listing(sh, o)));
  return 0;
};

const pushd: Builtin = (sh, argv, io) => {
  const s = sh.state;
  let args = argv.slice(1);
  const noChange = args[0] === '-n';
  if (noChange) args = args.slice(1);
  const arg = args[0];
  if (arg === undefined) {
    if (s.dirStack.length === 0) {
      sh.diag(io, 'pushd: no other directory');
      return 1;
    }
    const next = s.dirStack[0]!;
    const here = s.cwd;
    if (!noChange && !go(sh, 'pushd', next, io)) return 1;
    s.dirStack[0] = here;
  } else {
    const i = index(sh, arg);
    if (i !== null) {
      if (i < 0) {
        sh.diag(io, `pushd: ${arg}: directory stack index out of range`);
        return 1;
      }
      const all = stack(sh);
      const rotated = [...all.slice(i), ...all.slice(0, i)];
      if (!noChange && !go(sh, 'pushd', rotated[0]!, io)) return 1;
      s.dirStack = rotated.slice(1);
    } else if (noChange) s.dirStack.unshift(arg);
    else {
      const here = s.cwd;
      if (!go(sh, 'pushd', arg, io)) return 1;
      s.dirStack.unshift(here);
    }
  }
  io.stdout(utf8(listing(sh, { long: false, lines: false, numbered: false })));
  return 0;
};

const popd: Builtin = (sh, argv, io) => {
  const s = sh.state;
  let args = argv.slice(1);
  const noChange = args[0] === '-n';
  if (noChange) args = args.slice(1);
  if (s.dirStack.length === 0) {
    sh.diag(io, 'popd: directory stack empty');
    return 1;
  }
  const arg = args[0];
  const i = arg === undefined ? 0 : index(sh, arg);
  if (i === null || i < 0) {
    sh.diag(io, i === null ? `popd: ${arg}: invalid argument` : `popd: ${arg}: directory stack index out of range`);
    if (i === null) io.stderr(utf8('popd: usage: popd [-n] [+N | -N]\n'));
    return i === null ? 2 : 1;
  }
  if (i === 0) {
    if (noChange) s.dirStack.shift();
    else {
      if (!go(sh, 'popd', s.dirStack[0]!, io)) return 1;
      s.dirStack.shift();
    }
  } else s.dirStack.splice(i - 1, 1);
  io.stdout(utf8(listing(sh, { long: false, lines: false, numbered: false })));
  return 0;
};

export const dirsBuiltins: ReadonlyArray<[string, Builtin]> = [
  ['dirs', dirs],
  ['pushd', pushd],
  ['popd', popd],
];
