// The runner Worker: core's serveRun around this worker's postMessage. One run at a time; the
// client terminates the worker to stop a run.
import { PROTOCOL_VERSION, isRunRequest, serveRun, type WorkerReply } from '../core/runtime/index.ts';

// Typed against Window (no WebWorker lib here): the options form is common to both.
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => self.postMessage(m, { transfer });

self.onmessage = (e: MessageEvent<unknown>) => {
  if (isRunRequest(e.data)) serveRun(e.data, { post });
};

post({ v: PROTOCOL_VERSION, type: 'ready' });
