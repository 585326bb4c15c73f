// wasi:cli (environment, exit, stdin/stdout/stderr, terminal-*), wasi:clocks and wasi:random
// for the component host: argv, env and stdio as the preview1 host gives them.
// https://github.com/WebAssembly/wasi-cli/tree/v0.2.0/wit
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import type { HostEnv } from '../host-context.ts';
import type { OutputBuffer, StdinSource } from '../stdio.ts';
import { InputStream, OutputStream, timerPollable, type Blocking, type ByteSink, type ByteSource } from './wasi-io.ts';

export interface CliOptions {
  args: string[];
  env: string[];
  /** What wasi:cli/environment's initial-cwd reports; none for "/". */
  cwd?: string;
  stdin: StdinSource;
  stdout: OutputBuffer;
  stderr: OutputBuffer;
  tty: boolean;
}

/** stdin as a byte source: reads block on the source (the ring's Atomics.wait). */
export function stdinSource(stdin: StdinSource): ByteSource {
  return {
    tryRead(max) {
      const n = stdin.available();
      if (n < 0) return null;
      return n === 0 ? new Uint8Array(0) : stdin.read(Math.min(max, n)).slice();
    },
    read(max) {
      const out = stdin.read(max);
      return out.byteLength === 0 ? null : out.slice();
    },
    readiness: {
      ready: () => stdin.available() !== 0,
      wait: (ms) => stdin.wait(ms),
    },
  };
}

export function outputSink(out: OutputBuffer): ByteSink {
  return { write: (bytes) => out.write(bytes), flush: () => out.flush() };
}

class TerminalInput {}
class TerminalOutput {}

/** wasi:cli/exit's `exit`: unwinds the guest as preview1's proc_exit does. */
function exit(status: { tag: 'ok' | 'err' }): never {
  throw new WASIProcExit(status.tag === 'ok' ? 0 : 1);
}

/** The unstable `exit-with-code` (wasi:cli 0.2.x, feature cli-exit-with-code): the code as given. */
function exitWithCode(code: number): never {
  throw new WASIProcExit(code);
}

export function cliImports(o: CliOptions, blocking: Blocking): Record<string, Record<string, unknown>> {
  const pairs = o.env.map((kv): [string, string] => {
    const i = kv.indexOf('=');
    return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
  });
  const stdin = stdinSource(o.stdin);
  const stdout = outputSink(o.stdout);
  const stderr = outputSink(o.stderr);
  const terminal =
    <T>(make: () => T) =>
    (): T | undefined =>
      o.tty ? make() : undefined;
  return {
    'wasi:cli/environment': {
      getEnvironment: () => pairs,
      getArguments: () => o.args,
      initialCwd: () => (o.cwd && o.cwd !== '/' ? o.cwd : undefined),
    },
    'wasi:cli/exit': { exit, exitWithCode },
    // A fresh stream object per call: each is a handle the guest owns and may drop.
    'wasi:cli/stdin': { getStdin: () => new InputStream(stdin, blocking) },
    'wasi:cli/stdout': { getStdout: () => new OutputStream(stdout, blocking) },
    'wasi:cli/stderr': { getStderr: () => new OutputStream(stderr, blocking) },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: terminal(() => new TerminalInput()) },
    'wasi:cli/terminal-stdout': { getTerminalStdout: terminal(() => new TerminalOutput()) },
    'wasi:cli/terminal-stderr': { getTerminalStderr: terminal(() => new TerminalOutput()) },
  };
}

export function clockImports(env: HostEnv, blocking: Blocking): Record<string, Record<string, unknown>> {
  const datetime = (ns: bigint) => ({ seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) });
  return {
    'wasi:clocks/monotonic-clock': {
      now: () => env.clocks.monotonic(),
      resolution: () => 1000n,
      subscribeInstant: (when: bigint) => timerPollable(when, blocking),
      subscribeDuration: (ns: bigint) => timerPollable(env.clocks.monotonic() + ns, blocking),
    },
    'wasi:clocks/wall-clock': {
      now: () => datetime(env.clocks.realtime()),
      resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
    },
  };
}

export function randomImports(env: HostEnv): Record<string, Record<string, unknown>> {
  const bytes = (len: bigint): Uint8Array => {
    const out = new Uint8Array(Number(len));
    env.random(out);
    return out;
  };
  const u64 = (): bigint => new DataView(bytes(8n).buffer).getBigUint64(0, true);
  return {
    'wasi:random/random': { getRandomBytes: bytes, getRandomU64: u64 },
    'wasi:random/insecure': { getInsecureRandomBytes: bytes, getInsecureRandomU64: u64 },
    'wasi:random/insecure-seed': { insecureSeed: (): [bigint, bigint] => [u64(), u64()] },
  };
}
