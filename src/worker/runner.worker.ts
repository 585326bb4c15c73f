// The runner Worker: core's serveRun around this worker's postMessage, with components kept in
// memory for the worker's next runs and in Cache Storage for later workers and visits. One run
// at a time; the client terminates the worker to stop a run.
import { ComponentLoader, PROTOCOL_VERSION, isRunRequest, serveRun, type WorkerReply } from '../core/runtime/index.ts';
import { cacheStorageComponents } from './component-cache.ts';

// Typed against Window (no WebWorker lib here): the options form is common to both.
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => self.postMessage(m, { transfer });
const components = new ComponentLoader({ cache: cacheStorageComponents });

self.onmessage = (e: MessageEvent<unknown>) => {
  if (isRunRequest(e.data)) void serveRun(e.data, { post, components });
};

post({ v: PROTOCOL_VERSION, type: 'ready' });
