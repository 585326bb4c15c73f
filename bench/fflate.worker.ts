// For the oci bench: plain fflate in a Worker, no pool and no protocol, so the bench can tell
// how well this machine's browser runs one compressor per core at all.
import { gzipSync } from 'fflate';

self.onmessage = (e: MessageEvent<{ data: Uint8Array; chunk: number }>) => {
  const { data, chunk } = e.data;
  const t0 = performance.now();
  for (let s = 0; s < data.length; s += chunk) gzipSync(data.subarray(s, s + chunk), { level: 6, mtime: 0 });
  self.postMessage(performance.now() - t0);
};
