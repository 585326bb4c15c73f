// userland's one error family, a branch of core's WharfError family (code PROGRAM): what a
// program says on its stderr and the exit status it then ends with. The shell's exit, return,
// break and continue unwind as errors of this family too, so whatever escapes a program
// unhandled is a WharfError.
import { WharfError } from '../../errors.ts';
import { strerror, type Errno } from './errno.ts';

export class UserlandError extends WharfError {
  /** The exit status a program ends with when this ends it. */
  readonly status: number;

  constructor(message: string, status = 1, line?: number) {
    super('PROGRAM', message, line === undefined ? {} : { line });
    this.name = new.target.name;
    this.status = status;
  }
}

/** What ends a program: said as `NAME: message`, then it exits with `status` (1 unless told). */
export class Failure extends UserlandError {}

/** Bad usage: said with a "Try 'NAME --help'" line. */
export class UsageError extends UserlandError {}

/** A file operation that failed: `PATH: strerror`. */
export class FsError extends UserlandError {
  readonly errno: Errno;
  readonly path: string;

  constructor(errno: Errno, path: string) {
    super(`${path}: ${strerror(errno)}`);
    this.errno = errno;
    this.path = path;
  }
}
