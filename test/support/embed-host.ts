// Pages of other sites that embed Wharf, for the embed tests and the bench: served from loopback
// origins other than Wharf's (`localhost:B` for the host, `localhost:C` for a third party, where
// Wharf is `127.0.0.1:A`). A host page sets a cookie and localStorage of its own, holds a secret
// in its DOM, records every event the embed sends in `window.events`, and frames a third
// origin's page that tries to talk to the embed and to the host (`window.attack()` there). The
// host serves the demo image tarball with CORS, as a docs site's static host would.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { EMBED_ALLOW, EMBED_SANDBOX, escapeScriptText } from '../../src/core/embed/index.ts';
import { encodeShare, type SharedProject } from '../../src/core/share/index.ts';

const root = join(import.meta.dirname, '../..');
const TARBALL = readFileSync(join(root, 'public/demo/upper.tar'));
const EXAMPLE = join(root, 'public/examples/stdin-filter');

/** The project the host pages embed: the stdin filter's sources (run from its prebuilt image). */
export const EMBEDDED: SharedProject = {
  name: 'upper',
  dockerfile: 'Dockerfile',
  tag: 'upper:latest',
  buildArgs: {},
  run: { args: [], env: [], stdin: '' },
  files: ['Dockerfile', 'upper.c'].map((path) => ({
    path,
    data: readFileSync(join(EXAMPLE, path), 'utf8'),
    mode: 0o644,
  })),
};

/** The same project as a .zip of its build context, for `<wharf-embed src=…>`. */
const PROJECT_ZIP = zipSync(
  Object.fromEntries(EMBEDDED.files.map((f) => [`upper/${f.path}`, strToU8((f as { data: string }).data)])),
);

/** What the embedded program is given on stdin: enough lines that the output outgrows the frame's first height. */
export const STDIN = Array.from({ length: 12 }, (_, i) => `line ${i + 1} of the embed`).join('\n') + '\n';

export type HostKind =
  /** `<wharf-embed>` from embed.js, on a page with no headers. */
  | 'element'
  /** `<wharf-embed>` on a cross-origin isolated page (COOP + COEP); the element's frame has allow= */
  | 'isolated-element'
  /** A raw `<iframe>` of /embed with the documented sandbox and allow, the handshake written by hand. */
  | 'sandboxed-frame';

export interface EmbedHost {
  /**
   * The host page embedding the Wharf at `wharf` (its base URL, ending in `/`). `keyboard`: no
   * stdin= (the program reads the keyboard where the frame is isolated).
   */
  page(kind: HostKind, wharf: string, o?: { keyboard?: boolean }): string;
  /** A page of the host's whose body is `html` (a snippet pasted into a page), with `window.events` of its elements. */
  custom(html: string): string;
  /** The origin of the third party's page framed in every host page. */
  readonly thirdOrigin: string;
  close(): Promise<void>;
}

const HOST_SCRIPT = `
window.events = [];
window.hostMarker = 'still the host page';
localStorage.setItem('host-secret', 'localStorage of the host');
document.getElementById('keeper').focus();
`;

function hostPage(kind: HostKind, wharf: string, self: string, third: string, keyboard: boolean): string {
  const image = `${self}upper.tar`;
  const common = `<!doctype html><html><head><meta charset="utf-8"><title>A docs page</title></head><body>
<input id="keeper" aria-label="Search the docs">
<p id="secret">the host's secret text</p>
<iframe id="third" src="${third}/third" style="width: 100px; height: 40px"></iframe>
<script>${HOST_SCRIPT}</script>
`;
  if (kind === 'sandboxed-frame') {
    const stdin = keyboard ? '' : `&stdin=${encodeURIComponent(STDIN)}`;
    const src = `${wharf}embed?height=auto&load=eager&image=${encodeURIComponent(image)}${stdin}#p=${encodeShare(EMBEDDED)}`;
    return `${common}<iframe id="embed" src="${src}" sandbox="${EMBED_SANDBOX}" allow="${EMBED_ALLOW}" title="Wharf: upper" style="width: 100%; border: 0" height="200"></iframe>
<script>
const frame = document.getElementById('embed');
const origin = new URL(frame.src).origin;
addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== origin || e.data?.type !== 'wharf:welcome') return;
  window.port = e.ports[0];
  port.onmessage = (m) => {
    events.push(m.data);
    if (m.data.type === 'resize') frame.style.height = m.data.height + 'px';
  };
});
frame.addEventListener('load', () => frame.contentWindow.postMessage({ type: 'wharf:hello', v: 1 }, origin));
</script></body></html>`;
  }
  const children = EMBEDDED.files
    .map(
      (f) =>
        `<script type="text/plain" data-path="${f.path}">\n${escapeScriptText((f as { data: string }).data)}</script>`,
    )
    .join('\n');
  return `${common}<script src="${wharf}embed.js"></script>
<wharf-embed id="embed" name="upper" load="eager" height="auto" image="upper.tar"${keyboard ? '' : ` stdin="${STDIN.replace(/\n/g, '&#10;')}"`}>
${children}
</wharf-embed>
<script>
for (const type of ['ready', 'status', 'stdout', 'stderr', 'exit', 'resize', 'error'])
  document.getElementById('embed').addEventListener('wharf:' + type, (e) => events.push(e.detail));
</script></body></html>`;
}

/** The third party: it says hello to every frame of its parent, sends a run there, and forges a welcome to the host. */
const THIRD_PAGE = `<!doctype html><html><body><script>
window.got = [];
addEventListener('message', (e) => got.push(e.data && e.data.type));
window.attack = () => {
  for (let i = 0; i < parent.frames.length; i++) {
    const w = parent.frames[i];
    if (w === window) continue;
    w.postMessage({ type: 'wharf:hello', v: 1 }, '*');
    w.postMessage({ v: 1, type: 'run' }, '*');
  }
  const forged = new MessageChannel();
  parent.postMessage({ type: 'wharf:welcome', v: 1 }, '*', [forged.port2]);
  forged.port1.postMessage({ v: 1, type: 'stdout', data: 'FORGED by a third origin' });
  forged.port1.postMessage({ v: 1, type: 'exit', code: 99 });
};
attack();
</script></body></html>`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export async function startEmbedHost(): Promise<EmbedHost> {
  let self = '';
  let third = '';
  const customs: string[] = [];
  const host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', self);
    if (url.pathname === '/upper-project.zip') {
      res.writeHead(200, { 'Content-Type': 'application/zip' });
      res.end(PROJECT_ZIP);
      return;
    }
    if (url.pathname === '/upper.tar') {
      res.writeHead(200, {
        'Content-Type': 'application/x-tar',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
      res.end(TARBALL);
      return;
    }
    if (url.pathname.startsWith('/custom/')) {
      const body = customs[Number(url.pathname.slice('/custom/'.length))];
      if (body === undefined) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>A pasted snippet</title></head><body>
${body}
<script>
window.events = [];
for (const el of document.querySelectorAll('wharf-embed'))
  for (const type of ['ready', 'status', 'stdout', 'stderr', 'exit', 'resize', 'error']) el.addEventListener('wharf:' + type, (e) => events.push(e.detail));
</script></body></html>`);
      return;
    }
    const kind = url.searchParams.get('kind') as HostKind | null;
    const wharf = url.searchParams.get('wharf');
    if (url.pathname !== '/page' || !kind || !wharf) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'Set-Cookie': 'host_secret=cookie-of-the-host; Path=/; SameSite=Lax',
      ...(kind === 'isolated-element'
        ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
        : {}),
    });
    res.end(hostPage(kind, wharf, self, third, url.searchParams.has('keyboard')));
  });
  const thirdServer = createServer((req, res) => {
    // The host may be isolated: its frames must say they may be embedded.
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    res.end(THIRD_PAGE);
  });
  // `localhost`, not `127.0.0.1`: another site than Wharf's, whose cookies and storage are its own.
  self = `http://localhost:${await listen(host)}/`;
  third = `http://localhost:${await listen(thirdServer)}`;
  const close = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    page: (kind, wharf, o = {}) =>
      `${self}page?kind=${kind}&wharf=${encodeURIComponent(wharf)}${o.keyboard ? '&keyboard' : ''}`,
    custom: (html) => `${self}custom/${customs.push(html) - 1}`,
    thirdOrigin: third,
    close: async () => void (await Promise.all([close(host), close(thirdServer)])),
  };
}
