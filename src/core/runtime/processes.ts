// The process model: programs that run others over one volume, one at a time. A spawn finds
// argv[0] in the volume (program-lookup.ts), then runs a built-in stub's TypeScript program,
// or a Wasm module through runWasi standing in the spec's working directory, or clang's driver
// as its `-###` jobs (clang-driver.ts). A link that succeeds leaves an executable, as a native
// wasm-ld does (link-output.ts). Modules compile once per bytes (module-cache.ts).
import { WharfError } from '../errors.ts';
import type { Volume, VolumeFile } from '../rootfs/index.ts';
import { builtinName } from './builtin-stub.ts';
import { clangDriverArgs, driveClang } from './clang-driver.ts';
import { markLinkOutput } from './link-output.ts';
import type { HostEnv } from './host-context.ts';
import { ModuleCache } from './module-cache.ts';
import { hasWasmMagic, mergeEnv, type BuiltinProgram, type Processes, type ProcessSpec } from './process.ts';
import { findProgram } from './program-lookup.ts';
import { normalizeAbsolute } from './preopens.ts';
import { runWasi } from './run.ts';
import type { Sink } from './stdio.ts';
import type { WasmModule } from './wasm-api.ts';

export interface ProcessesOptions {
  volume: Volume;
  /** The TypeScript programs that built-in stubs name (`sh`, `echo`, ...). */
  builtins: ReadonlyMap<string, BuiltinProgram>;
  /** Clocks, randomness and sleep for Wasm programs; the global environment's by default. */
  hostEnv?: Partial<HostEnv>;
  /** Compiled modules, shared across process tables (and builds); a fresh cache by default. */
  modules?: ModuleCache;
  /**
   * Checked before each process starts: once aborted, spawn rejects with the signal's reason.
   * A Wasm program already running cannot be interrupted in its thread: end the Worker.
   */
  signal?: AbortSignal;
}

interface Program {
  path: string;
  file: VolumeFile;
}

const encoder = new TextEncoder();

/** A process table over `o.volume`. */
export function createProcesses(o: ProcessesOptions): Processes {
  return new ProcessTable(o);
}

class ProcessTable implements Processes {
  readonly volume: Volume;
  readonly #o: ProcessesOptions;
  readonly #modules: ModuleCache;

  constructor(o: ProcessesOptions) {
    this.volume = o.volume;
    this.#o = o;
    this.#modules = o.modules ?? new ModuleCache();
  }

  async spawn(spec: ProcessSpec): Promise<number> {
    this.#o.signal?.throwIfAborted();
    const name = spec.argv[0] ?? '';
    let cwd: string;
    try {
      cwd = normalizeAbsolute(spec.cwd);
    } catch {
      return fail(spec.stderr, 126, `${name}: working directory "${spec.cwd}" is not an absolute path`);
    }
    const found = findProgram(this.volume, name, cwd, spec.env);
    if (!found.found) return fail(spec.stderr, found.code, found.message);
    return this.#exec({ ...spec, cwd }, found);
  }

  async #exec(spec: ProcessSpec, program: Program): Promise<number> {
    const bytes = program.file.content.shared ?? program.file.content.bytes();
    const name = spec.argv[0] ?? program.path;
    const builtin = builtinName(bytes);
    if (builtin !== undefined) {
      const run = this.#o.builtins.get(builtin);
      if (!run) return fail(spec.stderr, 126, `${name}: built-in program "${builtin}" is not available in this Wharf`);
      return run(spec, this);
    }
    if (!hasWasmMagic(bytes)) {
      return fail(spec.stderr, 126, `${name}: cannot execute: not a WebAssembly module (no \\0asm magic at its start)`);
    }
    const at = clangDriverArgs(spec.argv);
    if (at < 0) {
      const code = await this.#runWasm(spec, spec.argv, bytes, spec.stdout, spec.stderr);
      if (code === 0) markLinkOutput(this.volume, spec.argv, spec.cwd);
      return code;
    }
    return driveClang(spec, at, {
      volume: this.volume,
      runSelf: (argv, stdout, stderr) => this.#runWasm(spec, argv, bytes, stdout, stderr),
      spawn: (job) => this.spawn(job),
    });
  }

  async #runWasm(spec: ProcessSpec, argv: string[], bytes: Uint8Array, stdout: Sink, stderr: Sink): Promise<number> {
    this.#o.signal?.throwIfAborted();
    let module: WasmModule;
    try {
      module = await this.#modules.get(bytes);
    } catch (e) {
      return fail(stderr, 126, `${argv[0] ?? ''}: cannot execute: not a valid WebAssembly module: ${message(e)}`);
    }
    try {
      const r = runWasi({
        module,
        args: argv,
        // preview1 has no cwd of its own: PWD is how programs (Go's runtime, scripts) learn it.
        env: mergeEnv(spec.env, [`PWD=${spec.cwd}`]),
        root: this.volume,
        cwd: spec.cwd,
        stdin: spec.stdin,
        stdout,
        stderr,
        hostEnv: this.#o.hostEnv,
        instantiate: (m, imports) => this.#modules.spares.instantiate(m, imports),
      });
      return r.code;
    } catch (e) {
      // A module that is not a WASI command (a library, a reactor, other imports) cannot run.
      if (e instanceof WharfError && e.code === 'WASM_INVALID') return fail(stderr, 126, e.message);
      throw e;
    }
  }
}

function fail(stderr: Sink, code: number, line: string): number {
  stderr(encoder.encode(line + '\n'));
  return code;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
