// GNU diffutils 3.8 as Debian 12 ships it: cmp (byte by byte) and diff (line by line: normal,
// unified and context output, directories, -N, the white-space and case options), with
// diffutils' messages and exit statuses. https://www.gnu.org/software/diffutils/manual/
import type { BuiltinProgram } from '../../runtime/process.ts';
import { cmpPrograms } from './cmp.ts';
import { diffPrograms } from './diff.ts';

export const diffutilsPrograms: ReadonlyArray<[string, BuiltinProgram]> = [...cmpPrograms, ...diffPrograms];
