// A plain static file server, as most static hosts are: no COOP/COEP headers, and `.gz` files
// sent with `Content-Encoding: gzip`, as many hosts send them. The tests can change what it
// serves (a new deployment), refuse the toolchains, and stop it (no network for a later visit).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.gz': 'application/gzip',
};

export interface StaticServer {
  readonly url: string;
  /** The folder served; set it to serve another build (a new deployment at the same address). */
  root: string;
  /** What it does with toolchain requests: serve them, cut the connection, or refuse (403). */
  toolchains: 'serve' | 'cut' | 'forbid';
  /** The toolchain requests it cut or refused. */
  readonly refused: string[];
  /** Stops listening and drops open connections: from then on the site has no network. */
  close(): Promise<void>;
}

/** Serves `root` on `port` (a free one by default; a stopped server's, to start it again). */
export async function serveStatic(root: string, port = 0): Promise<StaticServer> {
  const refused: string[] = [];
  // Requests arrive only once `site` is made, after the server listens.
  let site: StaticServer;
  const server = createServer((req, res) => {
    const toolchain = (req.url ?? '').includes('/toolchains/');
    const mode = site.toolchains;
    if ((mode === 'cut' && toolchain) || (mode === 'forbid' && toolchain && !req.url?.endsWith('.json'))) {
      refused.push(req.url ?? '');
      if (mode === 'cut') req.socket.destroy();
      else res.writeHead(403, 'Forbidden').end('forbidden');
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(site.root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    // `/embed` is embed.html, as most static hosts (GitHub Pages, Netlify, nginx's try_files) serve it.
    else if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const gz = file.endsWith('.gz');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  site = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    root,
    toolchains: 'serve',
    refused,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return site;
}
