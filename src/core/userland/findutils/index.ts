// find and xargs, as GNU findutils 4.9 has them.
// https://www.gnu.org/software/findutils/manual/html_mono/find.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { findPrograms } from './find.ts';
import { xargsPrograms } from './xargs.ts';

export const findutilsPrograms: ReadonlyArray<[string, BuiltinProgram]> = [...findPrograms, ...xargsPrograms];
