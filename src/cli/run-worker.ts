// The Node runner's thread: runs one module with the runtime core, writing stdout/stderr
// straight to fds 1 and 2 (or posting them back), reading stdin from the shared ring.
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../core/errors.ts';
import { bytesStdin, ringStdin, runWasi, type Sink } from '../core/runtime/index.ts';
import type { NodeWorkerReply, NodeWorkerRequest } from './run-node.ts';

const port = parentPort!;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `chunk` to `fd`, waiting out EAGAIN when the fd is non-blocking (a pipe Node set up). */
function writeAll(fd: number, chunk: Uint8Array): void {
  let off = 0;
  while (off < chunk.byteLength) {
    try {
      off += writeSync(fd, chunk, off, chunk.byteLength - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function sink(target: 'fd' | 'post', fd: 1 | 2): Sink {
  if (target === 'fd') return (chunk) => writeAll(fd, chunk);
  return (chunk) =>
    port.postMessage({ type: 'output', fd, chunk } satisfies NodeWorkerReply, [chunk.buffer as ArrayBuffer]);
}

port.once('message', (req: NodeWorkerRequest) => {
  let reply: NodeWorkerReply;
  try {
    const result = runWasi({
      module: req.module,
      args: req.args,
      env: req.env,
      root: req.root,
      ...(req.mounts ? { mounts: req.mounts } : {}),
      stdin: req.stdinRing ? ringStdin(req.stdinRing) : bytesStdin(req.stdinBytes),
      stdout: sink(req.output, 1),
      stderr: sink(req.output, 2),
      tty: req.tty,
    });
    reply = {
      type: 'exit',
      code: result.code,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.changes ? { changes: result.changes } : {}),
    };
  } catch (e) {
    reply = { type: 'error', error: serializeError(e) };
  }
  port.postMessage(reply);
});
