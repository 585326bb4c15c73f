// Two wrappers an embed puts around the playground's Engine, so the Session drives it unchanged:
// one makes the Engine (and its Workers) only when first asked, which is how `load=` defers the
// runtime; the other copies each run's output and exit code to a listener (the host's port).
import type { Engine, RunIO } from '../engine/index.ts';

/** An Engine made by `make` on its first use, or when `start()` says so. */
export function deferredEngine(make: () => Engine): { engine: Engine; start(): void; readonly started: boolean } {
  let engine: Engine | undefined;
  const get = (): Engine => (engine ??= make());
  return {
    engine: new Proxy({} as Engine, {
      get(_, name) {
        const real = get();
        const value = real[name as keyof Engine];
        return typeof value === 'function' ? value.bind(real) : value;
      },
    }),
    start: () => void get(),
    get started() {
      return engine !== undefined;
    },
  };
}

export interface RunTap {
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
  exit(code: number): void;
}

/** `engine` whose runs also report their output and exit code to `tap`. */
export function tappedEngine(engine: Engine, tap: RunTap): Engine {
  return new Proxy(engine, {
    get(target, name) {
      if (name !== 'run') {
        const value = target[name as keyof Engine];
        return typeof value === 'function' ? value.bind(target) : value;
      }
      const run: Engine['run'] = async (ref, options, io, interactive, mounts) => {
        const both: RunIO = {
          ...io,
          onStdout: (b) => {
            io.onStdout(b);
            tap.stdout(b);
          },
          onStderr: (b) => {
            io.onStderr(b);
            tap.stderr(b);
          },
        };
        const handle = await target.run(ref, options, both, interactive, mounts);
        void handle.exited.then((code) => tap.exit(code)).catch(() => {});
        return handle;
      };
      return run;
    },
  });
}
