// What the `wasm-tools` program needs of wasm-tools's library (wat, wasmprinter, wasmparser,
// wit-component, wit-parser): the host supplies it (images/ loads jco's Wasm build of it on the
// program's first run), so this program stays the command line around it.
import type { Volume } from '../../rootfs/index.ts';
import type { Sink } from '../../runtime/stdio.ts';

/** Where a library instance stands: the process's volume and working directory (WIT paths). */
export interface WasmToolsContext {
  volume: Volume;
  cwd: string;
  /** Where the library's own panic messages go. */
  stderr: Sink;
}

export type StringEncoding = 'utf8' | 'utf16' | 'compact-utf16';

export interface EmbedOptions {
  /** The core module to embed into; absent with `dummy`. */
  binary?: Uint8Array;
  /** A WIT file or directory, as the command line names it (relative to the working directory). */
  witPath: string;
  world?: string;
  dummy?: boolean;
  encoding?: StringEncoding;
}

/** One instance of the library. Each call either returns or throws LibraryError / LibraryTrap. */
export interface WasmToolsEngine {
  /** WAT (or a binary, passed through) to binary; errors as wat's Debug output. */
  parse(wat: string): Uint8Array;
  print(binary: Uint8Array): string;
  componentNew(binary: Uint8Array, adapters: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array;
  componentWit(binary: Uint8Array): string;
  componentEmbed(o: EmbedOptions): Uint8Array;
  /**
   * Validates a module or component as wasmparser does, with its default features; rejects
   * with LibraryError whose `chain` is what `wasm-tools validate` prints.
   */
  validate(binary: Uint8Array): Promise<void>;
}

/** Makes a library instance for one process; the first call loads the library (network, compile). */
export type LoadWasmTools = (ctx: WasmToolsContext) => Promise<WasmToolsEngine>;

/** An error the library returned: its message, and for some the causes below it (anyhow's chain). */
export class LibraryError extends Error {
  constructor(
    message: string,
    readonly chain: readonly string[] = [],
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}

/** The library trapped (a Rust panic, whose message it printed on stderr first). */
export class LibraryTrap extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibraryTrap';
  }
}
