// The body of every runner worker (the page's Web Worker, the CLI's worker_thread): one run
// request in, output and the exit (or a setup error) out as protocol replies. A worker is this
// call plus how it posts messages and, in Node, how it writes to its own stdout and stderr.
import { serializeError } from '../errors.ts';
import { ByteRing, ringStdin } from './byte-ring.ts';
import { PROTOCOL_VERSION, type RunRequest, type WorkerReply } from './protocol.ts';
import { runWasi } from './run.ts';
import { bytesStdin, type Sink } from './stdio.ts';

export interface RunnerPort {
  /** Sends a reply; `transfer` lists buffers the receiver may take over. */
  post(reply: WorkerReply, transfer?: ArrayBuffer[]): void;
  /** Where `directOutput` requests write: the worker's own fd 1 or 2 (absent: replies). */
  direct?: (fd: 1 | 2) => Sink;
}

export function serveRun(req: RunRequest, port: RunnerPort): void {
  const sink = (fd: 1 | 2): Sink => {
    const sab = fd === 1 ? req.stdoutRing : req.stderrRing;
    if (sab) {
      const ring = new ByteRing(sab);
      return (chunk) => ring.write(chunk);
    }
    if (req.directOutput && port.direct) return port.direct(fd);
    return (chunk) =>
      port.post({ v: PROTOCOL_VERSION, type: 'output', id: req.id, fd, chunk }, [chunk.buffer as ArrayBuffer]);
  };
  let reply: WorkerReply;
  try {
    const r = runWasi({
      module: req.module,
      args: req.args,
      env: req.env,
      cwd: req.cwd,
      root: req.root,
      mounts: req.mounts,
      stdin: req.stdinRing ? ringStdin(req.stdinRing) : bytesStdin(req.stdinBytes),
      stdout: sink(1),
      stderr: sink(2),
      tty: req.tty,
    });
    reply = { v: PROTOCOL_VERSION, type: 'exit', id: req.id, code: r.code, reason: r.reason, changes: r.changes };
  } catch (err) {
    reply = { v: PROTOCOL_VERSION, type: 'error', id: req.id, error: serializeError(err) };
  }
  port.post(reply);
}
