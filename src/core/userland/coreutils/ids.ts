// id, groups, logname, tty and arch (GNU coreutils 9.1) as a container's process sees itself:
// root (uid 0, gid 0, as Docker runs an image without USER), users and groups named by the
// image's /etc/passwd and /etc/group, no login session and no terminal (the process model gives
// none: RUN steps have none under BuildKit either), the machine uname -m names.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  type Ctx,
  Failure,
  fromUtf8,
  idNames,
  MACHINE,
  NO_OPTIONS,
  opt,
  options,
  program,
  q,
  UsageError,
} from '../lib/index.ts';

interface Identity {
  uid: number;
  gid: number;
  groups: number[];
}

function lines(c: Ctx, file: string): string[][] {
  try {
    return fromUtf8(c.fs.readFile(file))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/** The running process (root), or a user of /etc/passwd with the groups /etc/group lists it in. */
function identity(c: Ctx, user: string | undefined): Identity | null {
  if (user === undefined) return { uid: 0, gid: 0, groups: [0] };
  const entry = lines(c, '/etc/passwd').find((f) => f[0] === user || (/^[0-9]+$/.test(user) && f[2] === user));
  const found = entry ? { name: entry[0]!, uid: Number(entry[2]), gid: Number(entry[3]) } : null;
  const who = found ?? (user === 'root' || user === '0' ? { name: 'root', uid: 0, gid: 0 } : null);
  if (!who) return null;
  const extra = lines(c, '/etc/group')
    .filter((f) => (f[3] ?? '').split(',').includes(who.name))
    .map((f) => Number(f[2]));
  return { uid: who.uid, gid: who.gid, groups: [...new Set([who.gid, ...extra])] };
}

const ID = options({
  user: opt.flag('u', 'user'),
  group: opt.flag('g', 'group'),
  groups: opt.flag('G', 'groups'),
  name: opt.flag('n', 'name'),
  real: opt.flag('r', 'real'),
  zero: opt.flag('z', 'zero'),
  context: opt.flag('Z', 'context'),
  all: opt.flag('a'),
});

const id = program((c) => {
  const { opts: o, operands } = ID.parse(c.args);
  const only = [o.user, o.group, o.groups].filter(Boolean).length;
  if (only > 1) throw new Failure('cannot print "only" of more than one choice');
  if (only === 0 && (o.name || o.real)) throw new Failure('cannot print only names or real IDs in default format');
  if (only === 0 && o.zero) throw new Failure('option --zero not permitted in default format');
  if (o.context) throw new Failure('--context (-Z) works only on an SELinux-enabled kernel');
  const users = idNames(c.fs, '/etc/passwd');
  const groups = idNames(c.fs, '/etc/group');
  const named = (n: number, names: Map<number, string>): string => (o.name ? (names.get(n) ?? String(n)) : String(n));
  let status = 0;
  for (const user of operands.length === 0 ? [undefined] : operands) {
    const who = identity(c, user);
    if (!who) {
      c.warn(`${q(user!)}: no such user`);
      status = 1;
      continue;
    }
    const end = o.zero ? '\0' : '\n';
    if (o.user) c.out.text(named(who.uid, users) + end);
    else if (o.group) c.out.text(named(who.gid, groups) + end);
    else if (o.groups)
      c.out.text(
        o.zero
          ? who.groups.map((g) => named(g, groups) + '\0').join('')
          : who.groups.map((g) => named(g, groups)).join(' ') + '\n',
      );
    else {
      const label = (n: number, names: Map<number, string>): string => `${n}${names.has(n) ? `(${names.get(n)})` : ''}`;
      c.out.text(
        `uid=${label(who.uid, users)} gid=${label(who.gid, groups)} groups=${who.groups.map((g) => label(g, groups)).join(',')}\n`,
      );
    }
  }
  return status;
});

const groupsCommand = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  const names = idNames(c.fs, '/etc/group');
  const list = (who: Identity): string => who.groups.map((g) => names.get(g) ?? String(g)).join(' ');
  if (operands.length === 0) {
    c.out.text(list(identity(c, undefined)!) + '\n');
    return 0;
  }
  let status = 0;
  for (const user of operands) {
    const who = identity(c, user);
    if (who) c.out.text(`${user} : ${list(who)}\n`);
    else {
      c.warn(`${q(user)}: no such user`);
      status = 1;
    }
  }
  return status;
});

function noOperands(c: Ctx): void {
  const { operands } = NO_OPTIONS.parse(c.args);
  if (operands.length > 0) throw new UsageError(`extra operand ${q(operands[0]!)}`);
}

/** logname: a container has no login session (no utmp entry for its stdin). */
const logname = program((c) => {
  noOperands(c);
  throw new Failure('no login name');
});

const TTY = options({ silent: opt.flag('s', 'silent', 'quiet') });

/** tty: no process here has a terminal on its stdin. */
const tty = program((c) => {
  const { opts, operands } = TTY.parse(c.args);
  if (operands.length > 0) throw new UsageError(`extra operand ${q(operands[0]!)}`);
  if (!opts.silent) c.out.text('not a tty\n');
  return 1;
}, 2);

const arch = program((c) => {
  noOperands(c);
  c.out.text(`${MACHINE}\n`);
  return 0;
});

export const idPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['id', id],
  ['groups', groupsCommand],
  ['logname', logname],
  ['tty', tty],
  ['arch', arch],
];
