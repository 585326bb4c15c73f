// clang's driver under WASI. The driver cannot spawn its jobs (cc1, wasm-ld), so Wharf asks it
// for them (`clang -### ARGS` prints each job as a line of quoted words on stderr) and runs each
// as a process of its own over the same volume, as YoWASP's runClang and driverdriver.py do.
// clang's own diagnostics reach the user unchanged; the temporaries the jobs leave in /tmp are
// deleted, so they never reach a layer.
// https://clang.llvm.org/docs/DriverInternals.html
import { concatBytes } from '../bytes.ts';
import type { Volume, VolumeDir } from '../rootfs/index.ts';
import { resolve } from './paths.ts';
import { UMASK, type ProcessSpec } from './process.ts';
import type { Sink } from './stdio.ts';

/** What `clang -###` printed: the jobs in order, and any other lines (driver diagnostics). */
export interface ClangJobs {
  /** Each job's words: [executable, ...arguments]; "" as executable means clang itself. */
  jobs: string[][];
  /** Lines that are neither the version header nor jobs: warnings and errors, as printed. */
  messages: string[];
}

const HEADER = [
  'Target:',
  'Thread model:',
  'InstalledDir:',
  'Build config:',
  'Configuration file:',
  'System configuration file directory:',
  'User configuration file directory:',
  'Selected multilib:',
  'Candidate multilib:',
];

/**
 * Parses what `clang -###` printed. Undefined when it is not that (no `clang version` line
 * first), so the caller can run the program as it was asked to.
 */
export function parseClangJobs(output: string): ClangJobs | undefined {
  const lines = output.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const first = lines.findIndex((l) => /(^|\s)clang version /.test(l));
  if (first < 0) return undefined;
  const jobs: string[][] = [];
  const messages = lines.slice(0, first);
  for (const line of lines.slice(first + 1)) {
    if (line.startsWith(' "')) jobs.push(splitJobLine(line));
    else if (line === ' (in-process)' || HEADER.some((h) => line.startsWith(h))) continue;
    else messages.push(line);
  }
  return { jobs, messages };
}

/** The words of one job line: ` "a" "b c" "d\"e"`, as clang's Command::Print quotes them. */
export function splitJobLine(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/ (?:"((?:[^"\\]|\\.)*)"|([^ "]+))/g)) {
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  }
  return words;
}

/**
 * Whether argv calls clang's driver (clang, clang++, clang-22, wasm32-wasi-clang, or the
 * multicall as `llvm clang`) for work that needs jobs: not a `-cc1`/`-cc1as` job itself, not a
 * `-###` query. Returns the index of the first driver argument, or -1.
 */
export function clangDriverArgs(argv: readonly string[]): number {
  const base0 = basename(argv[0] ?? '');
  const at = base0 === 'llvm' ? 2 : 1;
  const tool = base0 === 'llvm' ? (argv[1] ?? '') : base0;
  if (!/^(?:.+-)?clang(?:\+\+)?(?:-\d+(?:\.\d+)*)?$/.test(tool)) return -1;
  const first = argv[at];
  if (first !== undefined && first.startsWith('-cc1')) return -1;
  if (argv.includes('-###')) return -1;
  return at;
}

/** Flags after which clang needs no job outside its own process: it compiles, or only answers. */
const IN_PROCESS = new Set([
  '-c',
  '-S',
  '-E',
  '-fsyntax-only',
  '-M',
  '-MM',
  '--version',
  '-dumpversion',
  '-dumpmachine',
]);
const IN_PROCESS_PREFIX = ['-print-', '--print-', '--help', '-help'];

/** True when clang's driver can do all of this in its own process (no linker to spawn). */
export function runsInProcess(args: readonly string[]): boolean {
  return args.some((a) => IN_PROCESS.has(a) || IN_PROCESS_PREFIX.some((p) => a.startsWith(p)));
}

export interface DriverHost {
  readonly volume: Volume;
  /** Runs argv as the same program (the clang module) with this spec's env, cwd and streams. */
  runSelf(argv: string[], stdout: Sink, stderr: Sink): Promise<number>;
  /** Runs a job found by its own argv[0]. */
  spawn(spec: ProcessSpec): Promise<number>;
}

/** Runs `spec` (a clang driver call; `at` from clangDriverArgs) through `-###` and its jobs. */
export async function driveClang(spec: ProcessSpec, at: number, host: DriverHost): Promise<number> {
  if (wantsWasip2(spec.argv, at)) {
    spec.stderr(new TextEncoder().encode(WASIP2_HINT));
    return 1;
  }
  if (runsInProcess(spec.argv.slice(at))) {
    const seen = watchHints(spec.stderr);
    return seen.ended(await host.runSelf(spec.argv, spec.stdout, seen.sink));
  }
  const tmp = tempDir(host.volume, spec.env);
  const before = new Set(tmp ? tmp.dir.entries.keys() : []);
  const chunks: Uint8Array[] = [];
  const capture: Sink = (c) => chunks.push(c);
  const code = await host.runSelf([...spec.argv.slice(0, at), '-###', ...spec.argv.slice(at)], capture, capture);
  const output = new TextDecoder().decode(concatBytes(chunks));
  const parsed = parseClangJobs(output);
  // Not clang after all, or a query with nothing to run (`clang -v`): run it as asked.
  if (code === 0 && (!parsed || parsed.jobs.length === 0)) {
    return host.runSelf(spec.argv, spec.stdout, spec.stderr);
  }
  const encoder = new TextEncoder();
  if (code !== 0 || !parsed) {
    const text = parsed ? parsed.messages.map((l) => l + '\n').join('') : output;
    if (text) spec.stderr(encoder.encode(text));
    return code;
  }
  // `-v` shows the version header and the jobs, as clang itself prints them.
  const shown = spec.argv.includes('-v') ? output : parsed.messages.map((l) => l + '\n').join('');
  if (shown) spec.stderr(encoder.encode(shown));
  const placeholder = outputPlaceholder(host.volume, spec.argv.slice(at));
  let ok = false;
  try {
    for (const job of parsed.jobs) {
      const seen = watchHints(spec.stderr);
      const jobCode = seen.ended(
        job[0] === ''
          ? await host.runSelf(job.slice(1), spec.stdout, seen.sink)
          : await host.spawn({ ...spec, argv: job, stdin: undefined, stderr: seen.sink }),
      );
      if (jobCode !== 0) return jobCode;
    }
    ok = true;
    return 0;
  } finally {
    if (tmp) removeTemporaries(tmp, before, parsed.jobs);
    if (placeholder && !ok) placeholder.remove();
  }
}

/**
 * `-o /name`, a new file directly under the root: made empty before the jobs run. A program
 * standing in another directory cannot name a new top-level file (preopens.ts), but it can
 * write over one that exists, so the output lands where the user asked.
 */
function outputPlaceholder(volume: Volume, args: readonly string[]): { remove(): void } | undefined {
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o') out = args[i + 1];
    else if (args[i]!.startsWith('-o') && args[i]!.length > 2 && !args[i]!.startsWith('-o=')) out = args[i]!.slice(2);
  }
  const name = out && /^\/[^/]+$/.test(out) ? out.slice(1) : undefined;
  if (!name || name === '.' || name === '..' || volume.root.entries.has(name)) return undefined;
  const file = volume.newFile(0o666 & ~UMASK);
  volume.root.entries.set(name, file);
  return {
    remove() {
      if (volume.root.entries.get(name) === file && file.content.size === 0) {
        volume.root.entries.delete(name);
        file.nlink = 0;
      }
    },
  };
}

/** Said after a link that failed for want of C++ exception support, where the user reads the errors. */
export const EXCEPTIONS_HINT =
  'wharf: C++ exceptions are not available in this WASI toolchain (its libc++abi is built without them): ' +
  'compile with -fno-exceptions and handle errors without throw\n';

/**
 * Said after a compile that hit wasi-libc's `#error` in setjmp.h (no Wasm exception handling), or
 * a link that missed libsetjmp's `__wasm_setjmp` and kin (compiled for it, linked without it).
 */
export const SETJMP_HINT =
  'wharf: setjmp/longjmp need -mllvm -wasm-enable-sjlj -lsetjmp (Wasm exception handling): ' +
  'pass -mllvm -wasm-enable-sjlj to every compile and -lsetjmp to the link\n';

/** Said after a link that missed sigsetjmp or siglongjmp: setjmp.h declares them, libsetjmp has neither. */
export const SIGSETJMP_HINT =
  'wharf: sigsetjmp/siglongjmp are not in WASI (no signal masks): use setjmp/longjmp, ' +
  'with -mllvm -wasm-enable-sjlj -lsetjmp\n';

/**
 * Said, alone, for a compile for wasm32-wasip2: this sysroot has wasip1's libc only and there is
 * no wasm-component-ld, so the route to a component is preview1 plus the adapter.
 */
export const WASIP2_HINT =
  'wharf: --target=wasm32-wasip2 is not available in this WASI SDK (its sysroot is wasip1 only, and it has no wasm-component-ld): ' +
  'build for wasip1 and adapt it: $CC app.c -o app.p1.wasm && wasm-tools component new app.p1.wasm --adapt $WASI_PREVIEW1_COMMAND_ADAPTER -o app.wasm\n';

/** Whether a driver command line targets wasm32-wasip2 (`--target=`, `-target`, or the tool's name). */
export function wantsWasip2(argv: readonly string[], at: number): boolean {
  const p2 = (t: string | undefined): boolean => t !== undefined && /^wasm32-(?:unknown-)?wasip2$/.test(t);
  const tool = basename(argv[at - 1] ?? '');
  if (/^wasm32-(?:unknown-)?wasip2-clang/.test(tool)) return true;
  let target: string | undefined;
  for (let i = at; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--target=')) target = a.slice('--target='.length);
    else if ((a === '-target' || a === '--target') && i + 1 < argv.length) target = argv[++i];
  }
  return p2(target);
}

const HINTS: readonly { pattern: RegExp; hint: string }[] = [
  {
    pattern: /undefined symbol: __cxa_(?:allocate_exception|throw|begin_catch|rethrow|end_catch)\b/,
    hint: EXCEPTIONS_HINT,
  },
  {
    pattern:
      /Setjmp\/longjmp support requires Exception handling|undefined symbol: (?:__wasm_setjmp|__wasm_setjmp_test|__wasm_longjmp|__c_longjmp)\b/,
    hint: SETJMP_HINT,
  },
  { pattern: /undefined symbol: sig(?:set|long)jmp\b/, hint: SIGSETJMP_HINT },
];

/** The lines Wharf adds after a failed job whose stderr shows a toolchain limit: what to change. */
export function toolchainHints(stderr: string): string[] {
  return HINTS.filter((h) => h.pattern.test(stderr)).map((h) => h.hint);
}

/** Passes a job's stderr on, and after a failure adds the hints for the errors it saw. */
function watchHints(stderr: Sink): { sink: Sink; ended(code: number): number } {
  const decoder = new TextDecoder();
  const seen = new Set<string>();
  let tail = '';
  return {
    sink: (c: Uint8Array): void => {
      stderr(c);
      tail = (tail + decoder.decode(c, { stream: true })).slice(-4096);
      for (const hint of toolchainHints(tail)) seen.add(hint);
    },
    ended(code: number): number {
      if (code !== 0) for (const h of HINTS) if (seen.has(h.hint)) stderr(new TextEncoder().encode(h.hint));
      return code;
    },
  };
}

interface TempDir {
  path: string;
  dir: VolumeDir;
}

/** The directory clang puts temporaries in: $TMPDIR, $TMP, $TEMP, $TEMPDIR, else /tmp (LLVM's order). */
function tempDir(volume: Volume, env: readonly string[]): TempDir | undefined {
  const get = (k: string): string | undefined => {
    let v: string | undefined;
    for (const kv of env) if (kv.startsWith(k + '=')) v = kv.slice(k.length + 1);
    return v || undefined;
  };
  const path = (get('TMPDIR') ?? get('TMP') ?? get('TEMP') ?? get('TEMPDIR') ?? '/tmp').replace(/\/+$/, '') || '/';
  if (!path.startsWith('/')) return undefined;
  const r = resolve(volume.root, path.slice(1) || '.', true, volume.root);
  if (typeof r === 'number' || r.node?.kind !== 'dir') return undefined;
  return { path, dir: r.node };
}

/** Deletes files the jobs named in the temp directory that were not there before the driver ran. */
function removeTemporaries(tmp: TempDir, before: ReadonlySet<string>, jobs: readonly string[][]): void {
  const prefix = tmp.path === '/' ? '/' : tmp.path + '/';
  for (const job of jobs) {
    for (const word of job) {
      // A path word, or an option with the path after "=" (-fprofile-instr-use=/tmp/x).
      const at = word.startsWith(prefix) ? 0 : word.indexOf('=' + prefix) + 1;
      if (at < 0 || (at === 0 && !word.startsWith(prefix))) continue;
      const name = word.slice(at + prefix.length);
      if (name === '' || name.includes('/') || before.has(name)) continue;
      const node = tmp.dir.entries.get(name);
      if (node && node.kind !== 'dir') {
        tmp.dir.entries.delete(name);
        node.nlink = Math.max(0, node.nlink - 1);
      }
    }
  }
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
