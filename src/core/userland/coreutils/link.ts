// link, unlink and sync (GNU coreutils 9.1): each one system call on its operands, with its
// messages. sync has nothing to flush: the volume is memory, and what a RUN step wrote is its
// layer when the step ends.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { attempt, NO_OPTIONS, opt, options, program, q, UsageError } from '../lib/index.ts';

/** The operands of a command that takes exactly `n`. */
function exactly(operands: string[], n: number): string[] {
  if (operands.length === 0) throw new UsageError('missing operand');
  if (operands.length < n) throw new UsageError(`missing operand after ${q(operands[operands.length - 1]!)}`);
  if (operands.length > n) throw new UsageError(`extra operand ${q(operands[n]!)}`);
  return operands;
}

const link = program((c) => {
  const [from, to] = exactly(NO_OPTIONS.parse(c.args).operands, 2) as [string, string];
  const ok = attempt(
    c,
    () => `cannot create link ${q(to)} to ${q(from)}`,
    () => c.fs.link(c.fs.stat(from, false), to),
  );
  return ok ? 0 : 1;
});

const unlink = program((c) => {
  const [file] = exactly(NO_OPTIONS.parse(c.args).operands, 1) as [string];
  return attempt(
    c,
    () => `cannot unlink ${q(file)}`,
    () => c.fs.unlink(file),
  )
    ? 0
    : 1;
});

const SYNC = options({ data: opt.flag('d', 'data'), fileSystem: opt.flag('f', 'file-system') });

const sync = program((c) => {
  const { opts: o, operands } = SYNC.parse(c.args);
  if (o.data && o.fileSystem) throw new UsageError('cannot specify both --data and --file-system');
  let status = 0;
  for (const f of operands) {
    if (
      !attempt(
        c,
        () => `error opening ${q(f)}`,
        () => void c.fs.stat(f),
      )
    )
      status = 1;
  }
  return status;
});

export const linkPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['link', link],
  ['unlink', unlink],
  ['sync', sync],
];
