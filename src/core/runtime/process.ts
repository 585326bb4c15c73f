// The process model's contract. WASI preview1 cannot spawn, so Wharf's runtime runs a
// program's children itself, one at a time, over the same volume: the shell's commands and
// pipelines, clang's driver jobs. A program is a file in the volume: a Wasm module, or a
// built-in stub (a tiny Wasm module with a `wharf.builtin` custom section naming a program
// written in TypeScript: the shell and its commands). This file, program-lookup.ts (finding
// argv[0]) and stdio.ts (the streams a spec names) are all that userland/ may use of the runtime.
import type { Volume } from '../rootfs/index.ts';
import type { Sink, StdinSource } from './stdio.ts';

/** What one process starts with. */
export interface ProcessSpec {
  /**
   * argv, argv[0] included. argv[0] names the program: a path with a "/" (absolute, or relative
   * to `cwd`), or a bare name looked up on the PATH of `env`, inside the volume.
   */
  argv: string[];
  /** KEY=VALUE strings: the complete environment. */
  env: string[];
  /** Absolute guest path of the working directory; relative paths resolve against it. */
  cwd: string;
  /** Absent: empty input. */
  stdin?: StdinSource;
  stdout: Sink;
  stderr: Sink;
}

/** The process table a program uses to run others, all over one volume. */
export interface Processes {
  readonly volume: Volume;
  /**
   * Runs a program to completion and returns its exit code. A program that cannot be found
   * exits 127 with `NAME: not found` on its stderr; a file that is neither a Wasm module nor a
   * built-in exits 126 with the reason. A trap exits 137 with a `wharf: wasm trap: …` line.
   */
  spawn(spec: ProcessSpec): Promise<number>;
}

/** A program written in TypeScript, run in place of a built-in stub. */
export type BuiltinProgram = (spec: ProcessSpec, processes: Processes) => Promise<number>;

/**
 * The file mode creation mask of every process: 022, the one containers run with (runc's
 * default, so BuildKit's RUN steps). preview1 passes no mode when a program creates a file or a
 * directory, so they get what open(2) and mkdir(2) give the usual 0666 and 0777 under it: 0644
 * and 0755 (link-output.ts has the one exception, a linker's output).
 */
export const UMASK = 0o022;

/** The custom section whose UTF-8 content names the built-in a stub module stands for. */
export const BUILTIN_SECTION = 'wharf.builtin';

/** Overlays KEY=VALUE lists: later keys win, order of first appearance kept. */
export function mergeEnv(base: readonly string[], over: readonly string[]): string[] {
  const map = new Map<string, string>();
  for (const kv of [...base, ...over]) {
    const i = kv.indexOf('=');
    const key = i < 0 ? kv : kv.slice(0, i);
    map.set(key, i < 0 ? '' : kv.slice(i + 1));
  }
  return [...map].map(([k, v]) => `${k}=${v}`);
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Whether a program file is a Wasm module (or a built-in stub): `\0asm` and a version. */
export function hasWasmMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}
