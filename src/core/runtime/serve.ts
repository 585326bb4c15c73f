// The body of every runner worker (the page's Web Worker, the CLI's worker_thread): one run
// request in, output and the exit (or a setup error) out as protocol replies. A worker is this
// call plus how it posts messages, where it keeps transpiled components and, in Node, how it
// writes to its own stdout and stderr.
import { WharfError, serializeError } from '../errors.ts';
import { ByteRing, ringStdin } from './byte-ring.ts';
import { runComponent, type ComponentLoader } from './component/index.ts';
import { requestNet } from './net/index.ts';
import { PROTOCOL_VERSION, type RunRequest, type WorkerReply } from './protocol.ts';
import { runWasi, type RunResult } from './run.ts';
import { bytesStdin, type Sink } from './stdio.ts';

export interface RunnerPort {
  /** Sends a reply; `transfer` lists buffers the receiver may take over. */
  post(reply: WorkerReply, transfer?: ArrayBuffer[]): void;
  /** Where `directOutput` requests write: the worker's own fd 1 or 2 (absent: replies). */
  direct?: (fd: 1 | 2) => Sink;
  /** Turns component requests into runnable components (kept for the worker's next runs). */
  components?: ComponentLoader;
}

/** Serves one request; settles when its exit (or error) reply is posted. */
export async function serveRun(req: RunRequest, port: RunnerPort): Promise<void> {
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
    const options = {
      args: req.args,
      env: req.env,
      cwd: req.cwd,
      root: req.root,
      mounts: req.mounts,
      stdin: req.stdinRing ? ringStdin(req.stdinRing) : bytesStdin(req.stdinBytes),
      stdout: sink(1),
      stderr: sink(2),
      tty: req.tty,
    };
    let r: RunResult;
    if (req.component) {
      if (!port.components) throw new WharfError('INTERNAL', 'this runner has no component loader');
      const progress = (message: string): void =>
        port.post({ v: PROTOCOL_VERSION, type: 'progress', id: req.id, message });
      const what = req.args[0] ?? 'component';
      const component = await port.components.load(req.component, what, progress, req.componentDigest);
      // The program starts now: a client's time limit counts from here, not from the transpile.
      progress('');
      r = runComponent({ ...options, component });
    } else {
      r = runWasi({ ...options, module: req.module!, net: requestNet(req.net) });
    }
    reply = { v: PROTOCOL_VERSION, type: 'exit', id: req.id, code: r.code, reason: r.reason, changes: r.changes };
  } catch (err) {
    reply = { v: PROTOCOL_VERSION, type: 'error', id: req.id, error: serializeError(err) };
  }
  port.post(reply);
}
