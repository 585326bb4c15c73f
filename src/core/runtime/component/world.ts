// Which world a component is, by its exports, as runwasi's wasmtime shim tells them apart: an
// export named `wasi:http/incoming-handler@…` makes a server, `wasi:cli/run@…` a command, the
// first such export deciding. https://github.com/containerd/runwasi (containerd-shim-wasmtime,
// instance.rs, ComponentTarget)
import { WharfError } from '../../errors.ts';
import { componentInterfaces, wasmKind } from '../../oci/index.ts';

export type ComponentWorld =
  /** `run` is the export's full name (`wasi:cli/run@0.2.3`). */
  { kind: 'command'; run: string } | { kind: 'http'; handler: string };

const HTTP = 'wasi:http/incoming-handler';
const RUN = 'wasi:cli/run';

export function componentWorld(exports: readonly string[], what: string): ComponentWorld {
  for (const name of exports) {
    if (name.startsWith(HTTP)) return { kind: 'http', handler: name };
    if (name.startsWith(RUN)) return { kind: 'command', run: name };
  }
  const named = exports.filter((n) => n.includes(':') || !exports.some((m) => m.includes(':')));
  throw new WharfError(
    'WASM_UNSUPPORTED',
    `${what}: a component that exports ${named.length > 0 ? named.join(', ') : 'nothing'}: ` +
      `Wharf runs components that export ${RUN} (commands) or ${HTTP} (servers)`,
  );
}

/** Whether `bytes` is a component whose world is a wasi:http server (runwasi serves it, not runs it). */
export function servesHttp(bytes: Uint8Array, what: string): boolean {
  if (wasmKind(bytes) !== 'component') return false;
  try {
    return componentWorld(componentInterfaces(bytes, what).exports, what).kind === 'http';
  } catch {
    return false; // running it says what is wrong with it
  }
}
