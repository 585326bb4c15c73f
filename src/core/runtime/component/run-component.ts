// One run of a WASI 0.2 command component, synchronously, as runwasi's wasmtime shim runs one:
// argv, env, stdio and the rootfs at "/" as for a module; `exit(ok)` 0, `exit(err)` 1, and an
// error or trap 137 with a one-line reason on stderr (runwasi's executor exits 137 for any
// error from the run).
import { WASIProcExit } from '@bjorn3/browser_wasi_shim';
import { WharfError } from '../../errors.ts';
import { openVolume, volumeChanges, Volume } from '../../rootfs/index.ts';
import { defaultHostEnv } from '../host-context.ts';
import { EXIT_TRAP, reasonLine, type RunResult, type WasiRunOptions } from '../run.ts';
import { bytesStdin } from '../stdio.ts';
import type { ReadyComponent } from './loader.ts';
import { componentTrapReason } from './trap.ts';
import { createWasiHost } from './wasi-host.ts';
import { WasiResultError } from './wasi-io.ts';
import { componentWorld } from './world.ts';

export interface ComponentRunOptions extends Omit<WasiRunOptions, 'module' | 'instantiate'> {
  component: ReadyComponent;
}

export function runComponent(o: ComponentRunOptions): RunResult {
  const what = o.args[0] ?? 'component';
  const world = componentWorld(o.component.exports, what);
  if (world.kind === 'http') {
    throw new WharfError(
      'WASM_UNSUPPORTED',
      `${what}: exports ${world.handler}: a wasi:http server, which is served (wharf run serves it), not run as a command`,
    );
  }
  const env = { ...defaultHostEnv(), ...o.hostEnv };
  const volume = o.root === null || o.root instanceof Volume ? o.root : openVolume(o.root, env.clocks.realtime);
  const host = createWasiHost({
    ...env,
    args: o.args,
    env: o.env,
    volume,
    cwd: o.cwd,
    stdin: o.stdin ?? bytesStdin(),
    stdout: o.stdout,
    stderr: o.stderr,
    tty: o.tty ?? false,
    batchMs: o.batchMs ?? 0,
  });
  const missing = o.component.imports.filter((name) => !(name in host.imports));
  if (missing.length > 0) {
    throw new WharfError('WASM_UNSUPPORTED', `${what}: imports ${missing.join(', ')}, which Wharf does not provide`);
  }
  const tree = o.root instanceof Volume ? null : o.root;
  const ended = (r: RunResult): RunResult =>
    o.mounts && volume && tree ? { ...r, changes: o.mounts.map((m) => volumeChanges(volume, tree, m)) } : r;
  const abnormal = (reason: string): RunResult => {
    host.flush();
    o.stderr(reasonLine(reason));
    return ended({ code: EXIT_TRAP, reason });
  };
  let run: () => void;
  try {
    const instance = o.component.instantiate(host.imports);
    const exported = instance[world.run] as { run?: () => void } | undefined;
    if (typeof exported?.run !== 'function') throw new Error(`${world.run} has no run function`);
    run = exported.run;
  } catch (e) {
    if (e instanceof WASIProcExit) {
      host.flush();
      return ended({ code: e.code });
    }
    const reason = componentTrapReason(e);
    if (reason) return abnormal(reason);
    throw new WharfError('WASM_INVALID', `${what}: cannot instantiate: ${message(e)}`, { cause: e });
  }
  try {
    run();
    host.flush();
    return ended({ code: 0 });
  } catch (e) {
    if (e instanceof WASIProcExit) {
      host.flush();
      return ended({ code: e.code });
    }
    const reason = componentTrapReason(e);
    if (reason) return abnormal(reason);
    // `run` returned err: the glue throws its error with the (empty) payload.
    if (e instanceof Error && !(e instanceof WasiResultError) && Object.hasOwn(e, 'payload')) {
      return abnormal(`${world.run}: run returned an error`);
    }
    // What else escapes a run is runwasi's "any other error": 137 with its reason.
    return abnormal(`component failed: ${message(e)}`);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
