// The one mode preview1 cannot carry: a linked program is executable. lld's Wasm writer creates
// its output with FileOutputBuffer::F_executable, mode 0777 & ~umask (0755 under the umask 022
// containers run with), whatever it links (`-r` included) and whatever mode the file had, as
// native linkers do; the objects and archives other tools write get 0666 & ~umask (0644).
// path_open has no mode argument, so every file a program creates is 0644 here, and the process
// model, which knows which program it ran, gives a link's output the linker's mode once the
// link has succeeded. A file's content is no guide: wasm objects (`clang -c`) start with the
// same \0asm magic as modules.
// https://github.com/llvm/llvm-project/blob/main/lld/wasm/Writer.cpp (Writer::openFile)
// https://github.com/llvm/llvm-project/blob/main/lld/tools/lld/lld.cpp (the flavor from argv[0])
import type { Volume } from '../rootfs/index.ts';
import { resolve } from './paths.ts';
import { normalizeAbsolute } from './preopens.ts';
import { UMASK } from './process.ts';

/** The mode a native linker creates its output with. */
export const LINKED_MODE = 0o777 & ~UMASK;

/**
 * The path a wasm-ld call writes its module to: the last `-o PATH` or `-oPATH`, the only
 * spellings lld's Wasm driver accepts. Undefined when argv does not call lld as wasm-ld, or
 * names no output file (lld then fails), or the output is stdout (`-`).
 */
export function wasmLdOutput(argv: readonly string[]): string | undefined {
  const base0 = basename(argv[0] ?? '');
  // The WASI SDK's tools are one multicall module: `llvm wasm-ld ...` is wasm-ld too.
  const at = base0 === 'llvm' ? 2 : 1;
  const name = base0 === 'llvm' ? (argv[1] ?? '') : base0;
  let args = argv.slice(at);
  if (args[0] === '-flavor') {
    if (!['wasm', 'ld-wasm'].includes(args[1] ?? '')) return undefined;
    args = args.slice(2);
  } else if (!isWasmProgname(name)) {
    return undefined;
  }
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o') out = args[++i];
    else if (a.startsWith('-o') && a.length > 2) out = a.slice(2);
  }
  return out === '-' ? undefined : out;
}

/**
 * lld's own reading of its name (parseProgname): the first of its dash-separated parts that
 * names a flavor picks it, so `wasm-ld` and `wasm32-wasi-wasm-ld` link Wasm, `ld.lld` ELF.
 */
function isWasmProgname(name: string): boolean {
  const stem = name.replace(/\.exe$/i, '');
  if (stem === 'ld') return false;
  for (const part of stem.toLowerCase().split('-')) {
    if (part === 'wasm') return true;
    if (['ld', 'ld.lld', 'gnu', 'link', 'ld64', 'ld64.lld', 'darwin'].includes(part)) return false;
  }
  return false;
}

/** After a wasm-ld run that succeeded (`argv`, standing in `cwd`): its output gets LINKED_MODE. */
export function markLinkOutput(volume: Volume, argv: readonly string[], cwd: string): void {
  const out = wasmLdOutput(argv);
  if (out === undefined || out === '') return;
  const path = normalizeAbsolute(out.startsWith('/') ? out : `${cwd}/${out}`).slice(1);
  if (path === '') return;
  const r = resolve(volume.root, path, true, volume.root);
  if (typeof r === 'number' || r.node?.kind !== 'file') return;
  r.node.mode = LINKED_MODE;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
