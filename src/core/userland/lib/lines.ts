// Whole inputs as lines, for the tools that pair or walk the lines of named files (comm, join,
// paste, tsort...): "-" is stdin, a file that cannot be read is said as GNU says it.
import { inputs, type Ctx } from './program.ts';

/** The lines of `file` split at `eol`, each without it (a last line without one is kept); null when unreadable. */
export function readLines(c: Ctx, file: string, eol = '\n'): string[] | null {
  const [input] = [...inputs(c, [file])];
  if (input!.data === null) return null;
  const lines = input!.data.split(eol);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
