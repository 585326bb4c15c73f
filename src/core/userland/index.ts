// The programs of the built-in images that are written in TypeScript: /bin/sh (POSIX's Shell
// Command Language as dash speaks it) and the commands people run in RUN, each the program of
// its Debian package, run by the runtime's process model from stubs on PATH.
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
import type { BuiltinProgram } from '../runtime/process.ts';
import { awkPrograms } from './awk/index.ts';
import { bashProgram } from './bash/index.ts';
import { bzip2Programs } from './bzip2/index.ts';
import { coreutilsPrograms } from './coreutils/index.ts';
import { debianutilsPrograms } from './debianutils/index.ts';
import { diffutilsPrograms } from './diffutils/index.ts';
import { findutilsPrograms } from './findutils/index.ts';
import { grepPrograms } from './grep/index.ts';
import { gzipPrograms } from './gzip/index.ts';
import { makePrograms } from './make/index.ts';
import { patchPrograms } from './patch/index.ts';
import { sedPrograms } from './sed/index.ts';
import { dashEcho, dashPwd, shProgram } from './sh/index.ts';
import { tarPrograms } from './tar/index.ts';
import { xzPrograms } from './xz/index.ts';
export { wasmToolsProgram } from './wasm-tools/index.ts';

const commands = new Map<string, BuiltinProgram>([
  ...coreutilsPrograms,
  ...debianutilsPrograms,
  ...grepPrograms,
  ...sedPrograms,
  ...awkPrograms,
  ...findutilsPrograms,
  ...tarPrograms,
  ...gzipPrograms,
  ...bzip2Programs,
  ...xzPrograms,
  ...makePrograms,
  ...diffutilsPrograms,
  ...patchPrograms,
]);

/** What sh runs itself instead of from PATH, as dash does. */
const inProcess = new Map<string, BuiltinProgram>([
  ['echo', dashEcho],
  ['printf', commands.get('printf')!],
  ['test', commands.get('test')!],
  ['[', commands.get('[')!],
  ['true', commands.get('true')!],
  ['false', commands.get('false')!],
  ['pwd', dashPwd],
]);

const programs: ReadonlyMap<string, BuiltinProgram> = new Map([
  ['sh', shProgram(inProcess)],
  ['bash', bashProgram()],
  ...commands,
]);

/** Every program by the name its stub has in /bin: `sh`, `bash` and each command. */
export function shellPrograms(): ReadonlyMap<string, BuiltinProgram> {
  return programs;
}

/** The names to put a stub at /bin/NAME for, sorted. */
export const SHELL_PROGRAM_NAMES: readonly string[] = [...programs.keys()].sort();
