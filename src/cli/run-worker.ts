// The Node runner's thread: core's runner around this thread's port, writing output straight
// to fds 1 and 2 when a run asks for it, and components transpiled once into a cache folder.
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { ComponentLoader, runnerMessages, type Sink } from '../core/runtime/index.ts';
import { folderComponents } from './component-cache.ts';

const port = parentPort!;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `chunk` to `fd`, waiting out EAGAIN when the fd is non-blocking (a pipe Node set up). */
function direct(fd: 1 | 2): Sink {
  return (chunk) => {
    let off = 0;
    while (off < chunk.byteLength) {
      try {
        off += writeSync(fd, chunk, off, chunk.byteLength - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(pause, 0, 0, 1);
      }
    }
  };
}

const components = new ComponentLoader({ cache: folderComponents() });
const onMessage = runnerMessages({
  post: (m, transfer) => port.postMessage(m, transfer ?? []),
  direct,
  components,
});
port.on('message', (m: unknown) => void onMessage(m));
