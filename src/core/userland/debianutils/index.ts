// which, as Debian's debianutils has it: where a name leads on PATH (-a: every match; -s:
// only the exit status), executable files only.
import { everyProgram, findProgram } from '../../runtime/program-lookup.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import { type Ctx, opt, options, program } from '../lib/index.ts';

/** Where `which` finds a name: a path as it is, else the first executable file on PATH. */
function which(c: Ctx, name: string): string[] {
  const found = findProgram(c.fs.volume, name, c.spec.cwd, c.spec.env, { executable: true });
  return found.found ? [found.written] : [];
}

const WHICH = options({ all: opt.flag('a'), silent: opt.flag('s') });

const whichCommand = program((c) => {
  const { opts, operands } = WHICH.parse(c.args);
  let status = 0;
  for (const name of operands) {
    const found = opts.all ? everyProgram(c.fs.volume, name, c.spec.cwd, c.spec.env) : which(c, name);
    if (found.length === 0) status = 1;
    else if (!opts.silent) c.out.text(found.map((f) => `${f}\n`).join(''));
  }
  return status;
});

export const debianutilsPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['which', whichCommand]];
