// Starts one of the CLI's worker_threads from its module URL. Under tsx or Vitest the entry is
// a .ts file: tsx's loader is registered inside the new thread before the entry is imported.
import { Worker } from 'node:worker_threads';

export function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { execArgv: [] });
}
