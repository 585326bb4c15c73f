// The WASI 0.2 imports a component gets, by interface name without version (the transpiled glue
// asks for `wasi:cli/environment`, whatever 0.2.x the component was built against): one host per
// instance, over the run's volume, stdio and environment. A `wasi:http` host adds its interfaces
// beside these (the same streams, pollables and clocks).
import type { Volume } from '../../rootfs/index.ts';
import type { HostEnv } from '../host-context.ts';
import { OutputBuffer, type Sink, type StdinSource } from '../stdio.ts';
import { cliImports, clockImports, randomImports } from './wasi-cli.ts';
import { filesystemImports } from './wasi-filesystem.ts';
import { ioImports, type Blocking } from './wasi-io.ts';
import { socketImports } from './wasi-sockets.ts';

/** Interface name -> the functions and resource classes the glue takes from it. */
export type ComponentImports = Record<string, Record<string, unknown>>;

export interface WasiHostOptions extends HostEnv {
  /** argv, argv[0] included (none for an HTTP handler). */
  args: string[];
  /** KEY=VALUE strings: the complete environment. */
  env: string[];
  /** Preopened as "/"; null: no preopen. */
  volume: Volume | null;
  /** Reported as wasi:cli/environment's initial-cwd when other than "/". */
  cwd?: string;
  stdin: StdinSource;
  stdout: Sink;
  stderr: Sink;
  tty?: boolean;
  /** See OutputBuffer: collect output for this many ms before handing it on (default 0). */
  batchMs?: number;
}

export interface WasiHost {
  imports: ComponentImports;
  /** The blocking primitives the streams use (for hosts that add interfaces). */
  blocking: Blocking;
  flush(): void;
}

export function createWasiHost(o: WasiHostOptions): WasiHost {
  const stdout = new OutputBuffer(o.stdout, o.batchMs ?? 0);
  const stderr = new OutputBuffer(o.stderr, o.batchMs ?? 0);
  const flush = (): void => {
    stdout.flush();
    stderr.flush();
  };
  const blocking: Blocking = { monotonic: () => o.clocks.monotonic(), sleep: (ms) => o.sleep(ms), flush };
  const cli = { args: o.args, env: o.env, cwd: o.cwd, stdin: o.stdin, stdout, stderr, tty: o.tty ?? false };
  return {
    imports: {
      ...ioImports(blocking),
      ...cliImports(cli, blocking),
      ...clockImports(o, blocking),
      ...randomImports(o),
      ...filesystemImports(o.volume, blocking, () => o.clocks.realtime()),
      ...socketImports(),
    },
    blocking,
    flush,
  };
}
