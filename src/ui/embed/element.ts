// `<wharf-embed>`, served as /embed.js: one small script, no framework, for other people's pages.
// It reads the project from its `<script type="text/plain" data-path="…">` children, a `src`
// URL or a `fragment`, shows the code as plain text, and puts the frame (/embed, sandboxed) in
// its place when the reader gets there (`load=`). It speaks the postMessage API to the frame:
// the frame's events come out as `wharf:<type>` DOM events on the element, and run(), stop(),
// setTheme() and getFiles() go in. It never moves the focus or the page's scroll.
import { EMBED_OPTION_NAMES, readImage } from '../../core/embed/options.ts';
import {
  EMBED_PROTOCOL,
  isFrameMessage,
  isWelcome,
  type EmbedFile,
  type FrameMessage,
} from '../../core/embed/protocol.ts';
import { EMBED_ALLOW, EMBED_SANDBOX } from '../../core/embed/frame.ts';
import { scriptFileText } from '../../core/embed/script-text.ts';

/** Where this script came from: the site the frames load from. */
const SCRIPT_BASE = (document.currentScript as HTMLScriptElement | null)?.src;

const STYLE = `
:host { display: block; position: relative; color-scheme: light dark; }
:host([theme="light"]) { color-scheme: light; }
:host([theme="dark"]) { color-scheme: dark; }
:host(:not([height="auto"])) { height: 420px; }
.static, iframe { box-sizing: border-box; width: 100%; border-radius: 6px; }
.static { display: flex; flex-direction: column; height: 100%; border: 1px solid light-dark(#e2e5ea, #272c35);
  background: light-dark(#fff, #15181e); color: light-dark(#1b2129, #e5e8ee); overflow: hidden; }
.bar { display: flex; align-items: center; gap: 8px; min-height: 36px; padding: 0 6px 0 12px;
  border-bottom: 1px solid light-dark(#e2e5ea, #272c35); background: light-dark(#f8f9fb, #1a1e25);
  font: 12px ui-monospace, Menlo, Consolas, monospace; }
.bar span { flex: 1; }
button { font: 12px system-ui, sans-serif; border: 1px solid #15803d; background: #15803d; color: #fff;
  border-radius: 6px; padding: 3px 10px; cursor: pointer; }
pre { flex: 1; margin: 0; padding: 8px 12px 8px 16px; overflow: auto; font: 13px/19px ui-monospace, Menlo, Consolas, monospace; }
:host([height="auto"]) pre { max-height: 472px; }
iframe { display: block; border: 0; height: 100%; }
iframe.loading { position: absolute; inset: 0; visibility: hidden; }
`;

export class WharfEmbed extends HTMLElement {
  static observedAttributes = ['theme'];
  #root = this.attachShadow({ mode: 'open' });
  #frame: HTMLIFrameElement | undefined;
  #port: MessagePort | undefined;
  /** The files written inline: text, as the children hold them. */
  #files: { path: string; data: string; mode?: number }[] | undefined;
  #archive: Promise<Uint8Array> | undefined;
  #requests = new Map<number, (files: FrameMessage & { type: 'files' }) => void>();
  #nextId = 1;
  #started = false;
  #runOnConnect = false;

  connectedCallback(): void {
    if (this.#started) return;
    this.#started = true;
    // Children are parsed after the element opens: wait for them when the page is still loading.
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => this.#start(), { once: true });
    else this.#start();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'theme' && value) this.#send({ v: EMBED_PROTOCOL, type: 'set-theme', theme: value as 'light' });
  }

  /** Builds (unless `image=`) and runs the project; loads the frame first if it is not there yet. */
  run(): void {
    if (this.#port) this.#send({ v: EMBED_PROTOCOL, type: 'run' });
    else if (this.#frame) this.#runOnConnect = true;
    else this.#load(true);
  }
  stop(): void {
    this.#send({ v: EMBED_PROTOCOL, type: 'stop' });
  }
  setTheme(theme: 'light' | 'dark' | 'auto'): void {
    this.setAttribute('theme', theme);
  }
  /** The project's files as the reader left them (edits included). */
  getFiles(): Promise<{ files: unknown[]; dockerfile: string }> {
    return new Promise((resolve, reject) => {
      if (!this.#port) return reject(new Error('wharf-embed: the frame is not loaded yet'));
      const id = this.#nextId++;
      this.#requests.set(id, (m) => resolve({ files: m.files, dockerfile: m.dockerfile }));
      this.#send({ v: EMBED_PROTOCOL, type: 'get-files', id });
    });
  }

  #send(message: object): void {
    this.#port?.postMessage(message);
  }

  #start(): void {
    const src = this.getAttribute('src');
    let fragment = this.getAttribute('fragment');
    if (src) {
      const url = new URL(src, document.baseURI);
      if (url.hash.startsWith('#p=')) fragment = url.hash.slice(3);
      else
        this.#archive = fetch(url).then(async (r) => {
          if (!r.ok) throw new Error(`${url.href}: HTTP ${r.status}`);
          return new Uint8Array(await r.arrayBuffer());
        });
    }
    if (!fragment && !src) {
      this.#files = [...this.querySelectorAll('script[type="text/plain"][data-path]')].map((s) => {
        const mode = s.getAttribute('data-mode');
        return {
          path: s.getAttribute('data-path')!,
          data: scriptFileText(s.textContent ?? ''),
          ...(mode ? { mode: parseInt(mode, 8) } : {}),
        };
      });
    }
    this.#fragment = fragment;
    this.#showStatic();
    const load = this.getAttribute('load') ?? 'lazy';
    if (load === 'eager') this.#load(false);
    else if (load === 'lazy') {
      const seen = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          seen.disconnect();
          this.#load(false);
        },
        { rootMargin: '200px' },
      );
      seen.observe(this);
    }
  }

  #fragment: string | null = null;

  /** The code as plain text, with a Run button, until the frame is ready. */
  #showStatic(): void {
    const style = document.createElement('style');
    style.textContent = STYLE;
    const box = document.createElement('div');
    box.className = 'static';
    const bar = document.createElement('div');
    bar.className = 'bar';
    const name = document.createElement('span');
    const run = document.createElement('button');
    run.textContent = '▶ Run';
    run.setAttribute('aria-label', 'Run');
    run.onclick = () => this.run();
    const pre = document.createElement('pre');
    const shown = this.#shownFile();
    name.textContent = shown?.path ?? this.getAttribute('name') ?? '';
    pre.textContent = shown ? shown.data : this.getAttribute('view') === 'output' ? '' : 'Loading…';
    bar.append(name, run);
    box.append(bar, pre);
    this.#root.replaceChildren(style, box);
  }

  /** The file the frame will show first: `file=`, else the first visible one that is not the Dockerfile. */
  #shownFile(): { path: string; data: string } | undefined {
    if (!this.#files || this.getAttribute('view') === 'output') return undefined;
    const hidden = (this.getAttribute('hidden') ?? '').split(',');
    const dockerfile = this.getAttribute('dockerfile') ?? 'Dockerfile';
    const visible = this.#files.filter((f) => !hidden.includes(f.path));
    const want = this.getAttribute('file');
    return visible.find((f) => f.path === want) ?? visible.find((f) => f.path !== dockerfile) ?? visible[0];
  }

  /** The frame's address: the options from the attributes, the project in the fragment if there is one. */
  #frameUrl(runNow: boolean): URL {
    const base = this.getAttribute('site') ?? (SCRIPT_BASE ? new URL('./', SCRIPT_BASE).href : document.baseURI);
    const url = new URL('embed', base);
    for (const name of EMBED_OPTION_NAMES) {
      let value = this.getAttribute(name);
      if (value === null) continue;
      // A relative tarball URL names a file of this page's site, not of Wharf's.
      if (name === 'image') {
        const image = readImage(value, document.baseURI);
        if (typeof image !== 'string' && image.kind === 'url') value = image.url;
      }
      url.searchParams.set(name, value);
    }
    // The element decided when to load: the frame starts at once.
    url.searchParams.set('load', 'eager');
    if (runNow) url.searchParams.set('run', 'auto');
    if (this.#fragment) url.hash = `p=${this.#fragment}`;
    return url;
  }

  #load(runNow: boolean): void {
    if (this.#frame) return;
    const url = this.#frameUrl(runNow);
    const frame = document.createElement('iframe');
    frame.className = 'loading';
    frame.title = `Wharf: ${this.getAttribute('name') ?? this.#shownFile()?.path ?? 'embedded project'}`;
    frame.setAttribute('sandbox', EMBED_SANDBOX);
    frame.setAttribute('allow', EMBED_ALLOW);
    // Measured from the plain text shown: no jump when the frame takes its place.
    const box = this.#root.querySelector('.static') as HTMLElement | null;
    if (box && this.getAttribute('height') === 'auto') frame.style.height = `${box.offsetHeight}px`;
    frame.onload = () => frame.contentWindow?.postMessage({ type: 'wharf:hello', v: EMBED_PROTOCOL }, url.origin);
    const onWelcome = (e: MessageEvent): void => {
      if (e.source !== frame.contentWindow || e.origin !== url.origin || !isWelcome(e.data) || !e.ports[0]) return;
      window.removeEventListener('message', onWelcome);
      this.#connect(e.ports[0]);
    };
    window.addEventListener('message', onWelcome);
    frame.src = url.href;
    this.#frame = frame;
    this.#root.append(frame);
  }

  #connect(port: MessagePort): void {
    this.#port = port;
    port.onmessage = (e) => {
      if (isFrameMessage(e.data)) this.#onFrame(e.data);
    };
    if (this.#files) {
      this.#send({
        v: EMBED_PROTOCOL,
        type: 'init',
        files: this.#files,
        ...(this.hasAttribute('dockerfile') ? { dockerfile: this.getAttribute('dockerfile') } : {}),
        ...(this.hasAttribute('name') ? { name: this.getAttribute('name') } : {}),
      });
    } else {
      this.#archive?.then(
        (archive) =>
          this.#send({ v: EMBED_PROTOCOL, type: 'init', archive, name: this.getAttribute('name') ?? undefined }),
        (e: unknown) => this.#emit({ v: EMBED_PROTOCOL, type: 'error', message: `src: ${(e as Error).message}` }),
      );
    }
    if (this.#runOnConnect) this.#send({ v: EMBED_PROTOCOL, type: 'run' });
  }

  #onFrame(m: FrameMessage): void {
    const frame = this.#frame!;
    // The frame takes the plain text's place once it shows the project.
    if (m.type === 'status' && m.state !== 'waiting' && frame.classList.contains('loading')) {
      frame.classList.remove('loading');
      this.#root.querySelector('.static')?.remove();
    } else if (m.type === 'resize' && this.getAttribute('height') === 'auto' && m.height > 0) {
      frame.style.height = `${m.height}px`;
    } else if (m.type === 'files') {
      this.#requests.get(m.id)?.(m);
      this.#requests.delete(m.id);
    }
    this.#emit(m);
  }

  #emit(m: FrameMessage): void {
    this.dispatchEvent(new CustomEvent(`wharf:${m.type}`, { detail: m }));
  }
}

if (!customElements.get('wharf-embed')) customElements.define('wharf-embed', WharfEmbed);
