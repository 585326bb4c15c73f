// COPY/ADD --chmod as BuildKit reads it: an octal number up to 07777 sets the mode outright; any
// other value is a chmod(1) symbolic mode ("u=rwx,g=rx,o=", "+x", "a-w", "go=u-w", "+X")
// applied to each copied file's own mode, as tonistiigi/dchapes-mode (a Go port of BSD's
// setmode(3)) applies it with a zero umask, over the grammar chmod(1) shares (../mode.ts).
// Symlinks keep their mode either way.
// https://docs.docker.com/reference/dockerfile/#copy---chmod

import { WharfError } from '../errors.ts';
import { parseSymbolicMode } from '../mode.ts';

const isUID = 0o4000;
const isGID = 0o2000;
const isTXT = 0o1000;
const iRWXU = 0o700;
const iRWXG = 0o070;
const iRWXO = 0o007;
const iR = 0o444;
const iW = 0o222;
const iX = 0o111;
const STANDARD = isUID | isGID | iRWXU | iRWXG | iRWXO;
/** ^umask with a zero umask: every bit may change (Go's modet is 16 bits). */
const MASK = 0xffff;

const CLEAR = 1;
const SET = 2;
const GBITS = 4;
const OBITS = 8;
const UBITS = 16;

interface BitCmd {
  /** '+', '-', 'X' (set if executable or a directory), or 'u'/'g'/'o' (copy that class's bits). */
  cmd: string;
  cmd2: number;
  bits: number;
}

export type Chmod = { kind: 'octal'; mode: number } | { kind: 'symbolic'; spec: string; cmds: readonly BitCmd[] };

/** Parses a --chmod value as dockerfile2llb does (octal first, then symbolic). */
export function parseChmod(spec: string): Chmod {
  if (/^[0-9]/.test(spec)) {
    // strconv.ParseUint(s, 8, 32) then a 07777 bound; a numeric-looking value gets BuildKit's octal error.
    const mode = /^[0-7]+$/.test(spec) ? parseInt(spec, 8) : NaN;
    if (!(mode <= 0o7777)) {
      throw new WharfError(
        'DOCKERFILE_SEMANTIC',
        `invalid chmod parameter: '${spec}'. it should be octal string and between 0 and 07777`,
      );
    }
    return { kind: 'octal', mode };
  }
  const cmds = parseSymbolic(spec);
  if (!cmds) throw new WharfError('DOCKERFILE_SEMANTIC', `invalid chmod parameter: '${spec}': invalid syntax`);
  return { kind: 'symbolic', spec, cmds };
}

/** The mode a copied file or directory gets from `mode`, its own. */
export function applyChmod(c: Chmod, mode: number, isDir: boolean): number {
  if (c.kind === 'octal') return c.mode;
  const old = mode & 0o7777;
  let m = old;
  const copyBits = (cmd: BitCmd, value: number): void => {
    if (cmd.cmd2 & CLEAR) {
      const clear = cmd.cmd2 & SET ? iRWXO : value;
      if (cmd.cmd2 & UBITS) m &= ~((clear << 6) & cmd.bits);
      if (cmd.cmd2 & GBITS) m &= ~((clear << 3) & cmd.bits);
      if (cmd.cmd2 & OBITS) m &= ~(clear & cmd.bits);
    }
    if (cmd.cmd2 & SET) {
      if (cmd.cmd2 & UBITS) m |= (value << 6) & cmd.bits;
      if (cmd.cmd2 & GBITS) m |= (value << 3) & cmd.bits;
      if (cmd.cmd2 & OBITS) m |= value & cmd.bits;
    }
  };
  for (const cmd of c.cmds) {
    switch (cmd.cmd) {
      case 'u':
        copyBits(cmd, (m & iRWXU) >> 6);
        break;
      case 'g':
        copyBits(cmd, (m & iRWXG) >> 3);
        break;
      case 'o':
        copyBits(cmd, m & iRWXO);
        break;
      case '+':
        m |= cmd.bits;
        break;
      case '-':
        m &= ~cmd.bits;
        break;
      case 'X':
        // Judged on the mode before any change, as setmode(3) does.
        if (old & iX || isDir) m |= cmd.bits;
        break;
    }
  }
  return m & 0o7777;
}

/** dchapes-mode's ParseWithUmask(s, 0) for a symbolic mode; undefined on a syntax error. */
function parseSymbolic(spec: string): BitCmd[] | undefined {
  const cmds: BitCmd[] = [];
  const add = (op: string, who: number, oparg: number | string): void => {
    if (op === '=') {
      cmds.push({ cmd: '-', cmd2: 0, bits: who !== 0 ? who : STANDARD });
      op = '+';
    }
    if (op === '+' || op === '-' || op === 'X') {
      const bits = oparg as number;
      cmds.push({ cmd: op, cmd2: 0, bits: who !== 0 ? who & bits : MASK & bits });
      return;
    }
    // 'u', 'g', 'o': copy that class's bits to the classes in `who`.
    let cmd2 = 0;
    let bits = MASK;
    if (who !== 0) {
      if (who & 0o400) cmd2 |= UBITS;
      if (who & 0o040) cmd2 |= GBITS;
      if (who & 0o004) cmd2 |= OBITS;
      bits = 0xffff;
    } else cmd2 = UBITS | GBITS | OBITS;
    cmd2 |= oparg === '+' ? SET : oparg === '-' ? CLEAR : SET | CLEAR;
    cmds.push({ cmd: op, cmd2, bits });
  };
  const clauses = parseSymbolicMode(spec);
  if (!clauses) return undefined;
  for (const clause of clauses) {
    let who = 0;
    for (const c of clause.who) {
      if (c === 'a') who |= STANDARD;
      else if (c === 'u') who |= isUID | iRWXU;
      else if (c === 'g') who |= isGID | iRWXG;
      else who |= iRWXO;
    }
    let equalOpDone = false;
    // One clause may chain operators ("u+r-w"): each with its letters, as setmode reads them.
    for (const { op, letters } of clause.actions) {
      if (op === '=') equalOpDone = false;
      who &= ~isTXT;
      let perm = 0;
      let permX = 0;
      for (const b of letters) {
        if (b === 'r') perm |= iR;
        else if (b === 's') {
          if (who === 0 || who & ~iRWXO) perm |= isUID | isGID;
        } else if (b === 't') {
          if (who === 0 || who & ~iRWXO) {
            who |= isTXT;
            perm |= isTXT;
          }
        } else if (b === 'w') perm |= iW;
        else if (b === 'X') {
          if (op !== '-') permX = iX;
          else perm |= iX;
        } else if (b === 'x') perm |= iX;
        else {
          // 'u', 'g' or 'o': what came before is added first, then the copy.
          if (perm !== 0) {
            add(op, who, perm);
            perm = 0;
          }
          if (op === '=') equalOpDone = true;
          if (permX !== 0) {
            add('X', who, permX);
            permX = 0;
          }
          add(b, who, op);
        }
      }
      if (perm !== 0 || (op === '=' && !equalOpDone)) {
        if (op === '=') equalOpDone = true;
        add(op, who, perm);
      }
      if (permX !== 0) add('X', who, permX);
    }
  }
  return compress(cmds);
}

/** Runs of '+', '-' and 'X' folded into at most one of each, as setmode(3) compresses them. */
function compress(cmds: BitCmd[]): BitCmd[] {
  const out: BitCmd[] = [];
  for (let i = 0; i < cmds.length; i++) {
    if (!'+-X'.includes(cmds[i]!.cmd)) {
      out.push(cmds[i]!);
      continue;
    }
    let set = 0;
    let clear = 0;
    let x = 0;
    for (; i < cmds.length && '+-X'.includes(cmds[i]!.cmd); i++) {
      const c = cmds[i]!;
      if (c.cmd === '-') {
        clear |= c.bits;
        set &= ~c.bits;
        x &= ~c.bits;
      } else if (c.cmd === '+') {
        set |= c.bits;
        clear &= ~c.bits;
        x &= ~c.bits;
      } else x |= c.bits & ~set;
    }
    i--;
    if (clear) out.push({ cmd: '-', cmd2: 0, bits: clear });
    if (set) out.push({ cmd: '+', cmd2: 0, bits: set });
    if (x) out.push({ cmd: 'X', cmd2: 0, bits: x });
  }
  return out;
}
