// The runner Worker: receives a compiled module and a rootfs, runs it with the runtime core,
// and streams output back (through shared rings when the page is cross-origin isolated, as
// messages otherwise). One run at a time; the client terminates the worker to stop a run.
import { serializeError } from '../core/errors.ts';
import {
  ByteRing,
  PROTOCOL_VERSION,
  bytesStdin,
  isRunRequest,
  ringStdin,
  runWasi,
  type RunRequest,
  type Sink,
  type WorkerReply,
} from '../core/runtime/index.ts';

// Typed against Window (no WebWorker lib here): the options form is common to both.
const post = (m: WorkerReply, transfer: Transferable[] = []): void => self.postMessage(m, { transfer });

function sink(req: RunRequest, fd: 1 | 2): Sink {
  const sab = fd === 1 ? req.stdoutRing : req.stderrRing;
  if (sab) {
    const ring = new ByteRing(sab);
    return (chunk) => ring.write(chunk);
  }
  return (chunk) => post({ v: PROTOCOL_VERSION, type: 'output', id: req.id, fd, chunk }, [chunk.buffer as ArrayBuffer]);
}

self.onmessage = (e: MessageEvent<unknown>) => {
  const req = e.data;
  if (!isRunRequest(req)) return;
  let reply: WorkerReply;
  try {
    const r = runWasi({
      module: req.module,
      args: req.args,
      env: req.env,
      root: req.root,
      ...(req.mounts ? { mounts: req.mounts } : {}),
      stdin: req.stdinRing ? ringStdin(req.stdinRing) : bytesStdin(req.stdinBytes),
      stdout: sink(req, 1),
      stderr: sink(req, 2),
      tty: req.tty,
    });
    reply = {
      v: PROTOCOL_VERSION,
      type: 'exit',
      id: req.id,
      code: r.code,
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.changes ? { changes: r.changes } : {}),
    };
  } catch (err) {
    reply = { v: PROTOCOL_VERSION, type: 'error', id: req.id, error: serializeError(err) };
  }
  post(reply);
};

post({ v: PROTOCOL_VERSION, type: 'ready' });
