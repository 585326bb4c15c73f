// /bin/sh and the commands people type in RUN, written in TypeScript and run by the process
// model from stubs on PATH. The language is POSIX's Shell Command Language, as dash speaks it:
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
import type { BuiltinProgram } from '../runtime/process.ts';
import { awkPrograms } from './awk/index.ts';
import { basicPrograms, shellEcho, shellPwd } from './coreutils/basic.ts';
import { datePrograms } from './coreutils/date.ts';
import { exprPrograms } from './coreutils/expr.ts';
import { attrPrograms } from './coreutils/attrs.ts';
import { copyPrograms } from './coreutils/copy.ts';
import { cutPrograms } from './coreutils/cut.ts';
import { filePrograms } from './coreutils/files.ts';
import { findPrograms } from './findutils/find.ts';
import { grepPrograms } from './grep/grep.ts';
import { gzipPrograms } from './gzip/gzip.ts';
import { listPrograms } from './coreutils/ls.ts';
import { makePrograms } from './make/index.ts';
import { realpathPrograms } from './coreutils/realpath.ts';
import { sedPrograms } from './sed/sed.ts';
import { sortPrograms } from './coreutils/sort.ts';
import { tarPrograms } from './tar/tar.ts';
import { testPrograms } from './coreutils/test.ts';
import { textPrograms } from './coreutils/text.ts';
import { trPrograms } from './coreutils/tr.ts';
import { xargsPrograms } from './findutils/xargs.ts';
import { whichPrograms } from './debianutils/which.ts';
import { shProgram } from './sh/sh.ts';

const commands = new Map<string, BuiltinProgram>([
  ...basicPrograms,
  ...whichPrograms,
  ...testPrograms,
  ...exprPrograms,
  ...textPrograms,
  ...filePrograms,
  ...attrPrograms,
  ...copyPrograms,
  ...realpathPrograms,
  ...listPrograms,
  ...sortPrograms,
  ...cutPrograms,
  ...trPrograms,
  ...grepPrograms,
  ...sedPrograms,
  ...awkPrograms,
  ...findPrograms,
  ...xargsPrograms,
  ...datePrograms,
  ...tarPrograms,
  ...gzipPrograms,
  ...makePrograms,
]);

/** What sh runs itself instead of from PATH, as dash does. */
const inProcess = new Map<string, BuiltinProgram>([
  ['echo', shellEcho],
  ['printf', commands.get('printf')!],
  ['test', commands.get('test')!],
  ['[', commands.get('[')!],
  ['true', commands.get('true')!],
  ['false', commands.get('false')!],
  ['pwd', shellPwd],
]);

const programs: ReadonlyMap<string, BuiltinProgram> = new Map([['sh', shProgram(inProcess)], ...commands]);

/** Every program by the name its stub has in /bin: `sh` and each command. */
export function shellPrograms(): ReadonlyMap<string, BuiltinProgram> {
  return programs;
}

/** The names to put a stub at /bin/NAME for, sorted. */
export const SHELL_PROGRAM_NAMES: readonly string[] = [...programs.keys()].sort();
