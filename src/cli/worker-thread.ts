// Starts one of the CLI's worker_threads from its module URL. A .ts entry (the CLI run from its
// sources) runs bundled into plain JavaScript (bundle.mjs), without a TypeScript loader.
import { Worker } from 'node:worker_threads';
import { bundled } from './bundle.mjs';

export async function startWorker(entry: URL): Promise<Worker> {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  // No execArgv: a parent started with `--import tsx` would register the loader in the thread.
  return new Worker(await bundled(entry), { execArgv: [] });
}
