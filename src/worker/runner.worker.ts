// The runner Worker: core's runner around this worker's postMessage, with components kept in
// memory for the worker's next runs and in Cache Storage for later workers and visits. One run
// at a time, or a wasi:http server's requests one at a time; the client terminates the worker
// to stop a run or a handler.
import { ComponentLoader, PROTOCOL_VERSION, runnerMessages, type WorkerReply } from '../core/runtime/index.ts';
import { cacheStorageComponents } from './component-cache.ts';

// Typed against Window (no WebWorker lib here): the options form is common to both.
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => self.postMessage(m, { transfer });
const components = new ComponentLoader({ cache: cacheStorageComponents });

const onMessage = runnerMessages({ post, components });

self.onmessage = (e: MessageEvent<unknown>) => void onMessage(e.data);

post({ v: PROTOCOL_VERSION, type: 'ready' });
