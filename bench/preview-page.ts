// One request through the page's Preview, for the http-server and sockets benches: a script for
// the bench page (the dev server's) that starts a server, registers the Preview's service worker
// as the dev server does, frames the preview URL, and times GETs from the frame (the browser ->
// the service worker -> this page's PreviewHost -> the server -> back), beside the same request
// sent to the server straight from the page (no service worker).

export const PREVIEW_WARM = 50;
export const PREVIEW_RUNS = 200;

/** Script text for the bench page defining `times(once)`: the median ms of `runs` awaited calls
 *  of `once`, after `warm` unmeasured ones. */
export function pageTimes(warm: number, runs: number): string {
  return `const times = async (once) => {
      const out = [];
      for (let i = 0; i < ${warm} + ${runs}; i++) {
        const t = performance.now();
        await once();
        if (i >= ${warm}) out.push(performance.now() - t);
      }
      return out.sort((a, b) => a - b)[Math.floor(out.length / 2)];
    };`;
}

/**
 * `start`: script text that evaluates to a promise of `{ server, stop }` (a PreviewServer and how
 * to end it). Resolves in the page to `{ framed, direct }`: medians in ms.
 */
export function previewTiming(start: string, path: string): string {
  return `(async () => {
    const { previewWorker } = await import('/src/worker/service-worker-client.ts');
    const { PreviewHost } = await import('/src/worker/preview-host.ts');
    const { server, stop } = await (${start});
    await previewWorker(document.baseURI);
    const host = new PreviewHost({ base: document.baseURI, messages: navigator.serviceWorker });
    host.serve(server);
    const frame = document.createElement('iframe');
    const loaded = new Promise((r) => (frame.onload = r));
    frame.src = host.url(${JSON.stringify(path)});
    document.body.append(frame);
    await loaded;
    ${pageTimes(PREVIEW_WARM, PREVIEW_RUNS)}
    const w = frame.contentWindow;
    const url = host.url(${JSON.stringify(path)});
    const framed = await times(async () => {
      const r = await w.fetch(url);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error('GET ${path} through the Preview: ' + r.status);
    });
    const direct = await times(async () => {
      const r = await server.request({ method: 'GET', path: ${JSON.stringify(path)} });
      if (r.status !== 200) throw new Error('GET ${path}: ' + r.status);
    });
    frame.remove();
    await stop();
    return { framed, direct };
  })()`;
}
