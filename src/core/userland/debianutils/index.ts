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

// getopts stops at the first operand: `which ls -x` looks for ls and -x.
const WHICH = options({ all: opt.flag('a'), silent: opt.flag('s') }, { stopAtOperand: true });

/**
 * A letter that is not an option, as Debian's which (a dash script reading its options with
 * getopts) says it: getopts' "Illegal option -x" on stderr, then its usage, naming the script
 * by the path it ran as, on stdout; exit 2. null when every option is known.
 */
function illegal(c: Ctx): string | null {
  for (const a of c.args) {
    if (a === '--' || !a.startsWith('-') || a === '-') return null;
    for (const letter of a.slice(1)) if (letter !== 'a' && letter !== 's') return letter;
  }
  return null;
}

const whichCommand = program((c) => {
  const bad = illegal(c);
  if (bad !== null) {
    const argv0 = c.spec.argv[0] ?? 'which';
    const found = argv0.includes('/') ? null : findProgram(c.fs.volume, argv0, c.spec.cwd, c.spec.env);
    c.err.text(`Illegal option -${bad}\n`);
    c.out.text(`Usage: ${found?.found ? found.written : argv0} [-a] args\n`);
    return 2;
  }
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
