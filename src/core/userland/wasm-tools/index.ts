// wasm-tools (https://github.com/bytecodealliance/wasm-tools): parse, validate, print and
// component new|embed|wit, as its CLI reads its arguments, reads and writes files, and words
// its errors; the work itself is wasm-tools's own library, which the host supplies (engine.ts).
import type { BuiltinProgram, ProcessSpec } from '../../runtime/process.ts';
import type { Sink } from '../../runtime/stdio.ts';
import { FsError } from '../lib/errors.ts';
import { Fs } from '../lib/fs.ts';
import { readAll } from '../lib/io.ts';
import { readCommandLine } from './cli.ts';
import { LibraryError, LibraryTrap, type LoadWasmTools, type StringEncoding, type WasmToolsEngine } from './engine.ts';
import { fromDebugChain, renderReport, watError, type Report } from './report.ts';

export {
  LibraryError,
  LibraryTrap,
  type LoadWasmTools,
  type WasmToolsEngine,
  type WasmToolsContext,
} from './engine.ts';
export { readCommandLine, WASM_TOOLS_VERSION } from './cli.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Linux's numbers for the errors a file operation gives, as Rust's io::Error prints them. */
const OS_ERRORS: Record<string, number> = {
  ENOENT: 2,
  ENOTDIR: 20,
  EISDIR: 21,
  EEXIST: 17,
  ENOTEMPTY: 39,
  ELOOP: 40,
  EINVAL: 22,
  EPERM: 1,
  EACCES: 13,
  EBUSY: 16,
};

/** An adapter as `--adapt` named it: the import module it implements, its file and bytes. */
interface Adapter {
  name: string;
  path: string;
  bytes: Uint8Array;
}

/** What ends a run: the error main.rs would print, exit status 1. */
class Failure extends Error {
  constructor(readonly report: Report) {
    super(report.message);
  }
}

function fail(message: string, ...causes: string[]): never {
  throw new Failure({ message, causes });
}

function ioCause(e: FsError): string {
  return `${e.message.slice(e.path.length + 2)} (os error ${OS_ERRORS[e.errno] ?? 5})`;
}

/** The `wasm-tools` program over a host's library. */
export function wasmToolsProgram(load: LoadWasmTools): BuiltinProgram {
  return async (spec, processes) => {
    const inv = readCommandLine(spec.argv.slice(1));
    if (inv.kind === 'exit') {
      if (inv.stdout) spec.stdout(encoder.encode(inv.stdout));
      if (inv.stderr) spec.stderr(encoder.encode(inv.stderr));
      return inv.status;
    }
    const fs = new Fs(processes.volume, spec.cwd);
    try {
      // The command line is read whole before anything runs, adapters included (clap reads them).
      const adapters = inv.command === 'component new' ? readAdapters(fs, inv.options.get('adapt') ?? []) : [];
      if (!Array.isArray(adapters)) {
        spec.stderr(encoder.encode(adapters.clapError));
        return 2;
      }
      const engine = await load({ volume: processes.volume, cwd: spec.cwd, stderr: spec.stderr });
      const run = new Run(engine, fs, spec, inv.positionals, inv.options, inv.flags);
      await run.command(inv.command, adapters);
      return 0;
    } catch (e) {
      if (e instanceof Failure) {
        spec.stderr(encoder.encode(renderReport(e.report)));
        return 1;
      }
      if (e instanceof LibraryTrap) {
        spec.stderr(encoder.encode(renderReport({ message: e.message, causes: [] })));
        return 1;
      }
      throw e;
    }
  };
}

/** `--adapt [NAME=]MODULE` values read as clap's value parser does (wat::parse_file). */
function readAdapters(fs: Fs, values: string[]): Adapter[] | { clapError: string } {
  const out: Adapter[] = [];
  for (const value of values) {
    const eq = value.indexOf('=');
    const path = eq < 0 ? value : value.slice(eq + 1);
    const base = path.slice(path.lastIndexOf('/') + 1);
    const name = eq < 0 ? base.split('.')[0]! : value.slice(0, eq);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFile(path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      return {
        clapError: `error: invalid value '${value}' for '--adapt <[NAME=]MODULE>': failed to read from \`${path}\`\n\nFor more information, try '--help'.\n`,
      };
    }
    out.push({ name, path, bytes });
  }
  return out;
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

function textOf(bytes: Uint8Array, file: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail(`failed to parse \`${file}\`: input bytes aren't valid utf-8`);
  }
}

class Run {
  constructor(
    readonly engine: WasmToolsEngine,
    readonly fs: Fs,
    readonly spec: ProcessSpec,
    readonly positionals: string[],
    readonly options: Map<string, string[]>,
    readonly flags: Set<string>,
  ) {}

  async command(name: string, adapters: Adapter[]): Promise<void> {
    switch (name) {
      case 'parse': {
        const { bytes, binary } = this.inputWasm(this.positionals[0]);
        // InputOutput::parse_input_wasm: a binary input is parsed through (print reads all of it).
        if (binary) this.library(() => this.engine.print(bytes));
        return this.outputWasm(bytes, this.flags.has('wat'));
      }
      case 'print': {
        const { bytes } = this.inputWasm(this.positionals[0]);
        return this.outputText(this.library(() => this.engine.print(bytes)));
      }
      case 'validate': {
        const { bytes } = this.inputWasm(this.positionals[0]);
        try {
          await this.engine.validate(bytes);
        } catch (e) {
          if (e instanceof LibraryError) fail(e.message, ...e.chain);
          throw e;
        }
        return;
      }
      case 'component new': {
        const { bytes } = this.inputWasm(this.positionals[0]);
        const modules = adapters.map((a): [string, Uint8Array] => [
          a.name,
          isBinary(a.bytes) ? a.bytes : this.watToBinary(textOf(a.bytes, a.path), a.path),
        ]);
        const out = this.library(() => this.engine.componentNew(bytes, modules), newReport);
        return this.outputWasm(out, this.flags.has('wat'));
      }
      case 'component embed':
        return this.embed();
      case 'component wit':
        return this.wit();
    }
  }

  embed(): void {
    const wit = this.positionals[0]!;
    const found = this.fs.find(wit, true);
    if (typeof found === 'string' || !found.node) {
      fail(`failed to read path for WIT [${wit}]: No such file or directory (os error 2)`);
    }
    const encoding = this.options.get('encoding')?.[0];
    if (encoding !== undefined && !['utf8', 'utf16', 'compact-utf16'].includes(encoding)) {
      fail(`unknown string encoding \`${encoding}\``);
    }
    const dummy = this.flags.has('dummy');
    const binary = dummy ? undefined : this.inputWasm(this.positionals[1]).bytes;
    let out: Uint8Array;
    try {
      out = this.engine.componentEmbed({
        binary,
        witPath: wit,
        world: this.options.get('world')?.[0],
        dummy,
        encoding: encoding as StringEncoding | undefined,
      });
    } catch (e) {
      if (e instanceof LibraryError) fail(this.witFailure(e.message));
      throw e;
    }
    return this.outputWasm(out, this.flags.has('wat'));
  }

  /**
   * The library build reports a WIT package's syntax error by its context alone ("failed to
   * parse package: wit", where main.rs adds the cause and its place); each file of that package
   * parsed alone gives the cause back, and names the file.
   */
  witFailure(message: string): string {
    const m = /^failed to parse (?:package|dependency directory): (.+)$/.exec(message);
    if (!m) return message;
    const dir = this.fs.find(m[1]!, true);
    if (typeof dir === 'string' || dir.node?.kind !== 'dir') return message;
    const files = [...dir.node.entries.keys()].filter((n) => n.endsWith('.wit')).sort();
    for (const name of files) {
      const file = `${m[1]!.replace(/\/$/, '')}/${name}`;
      try {
        this.engine.componentEmbed({ witPath: file, dummy: true });
      } catch (e) {
        if (!(e instanceof LibraryError)) throw e;
        if (SYNTAX.test(e.message)) return `${message}: ${e.message}\n     --> ${file}`;
      }
    }
    return message;
  }

  wit(): void {
    const input = this.positionals[0];
    let bytes: Uint8Array;
    let path = '<stdin>';
    if (input !== undefined && input !== '-') {
      path = input;
      const found = this.fs.find(input, true);
      if (typeof found !== 'string' && found.node?.kind === 'dir') return witSources(input);
      try {
        bytes = this.fs.readFile(input);
      } catch (e) {
        if (e instanceof FsError) fail(`failed to read ${JSON.stringify(input)}`, ioCause(e));
        throw e;
      }
    } else {
      bytes = readAll(this.spec.stdin);
    }
    if (!isBinary(bytes)) {
      const text = textOf(bytes, path);
      // wat::Detect: text that opens with `(` is the text format; anything else is WIT.
      if (!/^(?:\s|;;[^\n]*\n|\(;[\s\S]*?;\))*\(/.test(text)) return witSources(path);
      bytes = this.watToBinary(text, path);
    }
    if (bytes[4] === 0x01) {
      if (!hasComponentType(bytes)) {
        fail(
          'input is a core wasm module with no `component-type*` custom sections meaning that there is not WIT information; is the information not embedded or is this supposed to be a component?',
        );
      }
      // The library build decodes components only: it would print an empty world here.
      fail(
        `${path}: the WIT embedded in a core module is not readable by Wharf's wasm-tools; make the component (wasm-tools component new) and print its WIT`,
      );
    }
    this.outputText(this.library(() => this.engine.componentWit(bytes), witReport));
  }

  /** get_binary_wasm: a file or stdin, as a binary or as WAT turned into one. */
  inputWasm(input: string | undefined): { bytes: Uint8Array; binary: boolean } {
    let bytes: Uint8Array;
    let name = '<stdin>';
    if (input !== undefined && input !== '-') {
      name = input;
      try {
        bytes = this.fs.readFile(input);
      } catch (e) {
        if (e instanceof FsError) fail(`failed to read from \`${input}\``, ioCause(e));
        throw e;
      }
    } else {
      bytes = readAll(this.spec.stdin);
    }
    if (isBinary(bytes)) return { bytes, binary: true };
    return { bytes: this.watToBinary(textOf(bytes, name), name), binary: false };
  }

  watToBinary(text: string, file: string): Uint8Array {
    try {
      return this.engine.parse(text);
    } catch (e) {
      if (e instanceof LibraryError) fail(watError(e.message, file) ?? e.message);
      throw e;
    }
  }

  /** A library call whose error string becomes main.rs's report (by default an anyhow chain's Debug). */
  library<T>(call: () => T, report: (text: string) => Report = fromDebugChain): T {
    try {
      return call();
    } catch (e) {
      if (e instanceof LibraryError) throw new Failure(report(e.message));
      throw e;
    }
  }

  outputWasm(bytes: Uint8Array, wat: boolean): void {
    if (wat) return this.outputText(this.library(() => this.engine.print(bytes)));
    this.write(bytes);
  }

  outputText(text: string): void {
    this.write(encoder.encode(text));
  }

  write(data: Uint8Array): void {
    const output = this.options.get('output')?.[0];
    if (output === undefined) return writeAll(this.spec.stdout, data);
    try {
      this.fs.writeFile(output, data);
    } catch (e) {
      if (e instanceof FsError) fail(`failed to write \`${output}\``, ioCause(e));
      throw e;
    }
  }
}

function writeAll(sink: Sink, data: Uint8Array): void {
  if (data.byteLength > 0) sink(data);
}

/** wit-parser's lexer and parser errors (a file parsed alone can also fail to resolve its dependencies). */
const SYNTAX = /^(?:expected |unexpected |invalid |unterminated |unknown character|found )/;

/** `component new`: jco words the encoder's failure as "failed to encode a component from module\n$CHAIN". */
function newReport(text: string): Report {
  const m = /^failed to encode a component from module\n\$?([\s\S]*)$/.exec(text);
  if (m) {
    const inner = fromDebugChain(m[1]!);
    return { message: 'failed to encode a component from module', causes: [inner.message, ...inner.causes] };
  }
  const decode = /^Failed to decode Wasm\n([\s\S]*)$/.exec(text);
  return fromDebugChain(decode ? decode[1]! : text);
}

/** `component wit`: jco prefixes "Failed to decode wit component"; main.rs prints decode's own error. */
function witReport(text: string): Report {
  const m = /^Failed to decode wit component\n([\s\S]*)$/.exec(text);
  return fromDebugChain(m ? m[1]! : text);
}

function witSources(path: string): never {
  return fail(
    `${path}: printing WIT sources is not available in Wharf's wasm-tools (jco's build of the library reads components only); check WIT with \`wasm-tools component embed --dummy ${path}\``,
  );
}

/** Whether a core module carries a `component-type*` custom section. */
function hasComponentType(module: Uint8Array): boolean {
  let at = 8;
  const leb = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = module[at++] ?? 0;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0 || at >= module.byteLength) return v;
    }
  };
  while (at < module.byteLength) {
    const id = module[at++];
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const len = leb();
      const name = new TextDecoder().decode(module.subarray(at, at + len));
      if (name.startsWith('component-type')) return true;
    }
    at = end;
  }
  return false;
}
