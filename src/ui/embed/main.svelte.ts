// Boot of `/embed` (embed.html): hear the host's hello before anything else, read the options
// from the query and the project from the fragment, and mount the embed on an Engine over a store
// in memory (nothing of it reaches the reader's playground, whose IndexedDB it never opens).
// No service worker: an embed on a host's page downloads what it runs, not the site's precache.
import { mount } from 'svelte';
import '../app.css';
import { EMBED_PROTOCOL, parseEmbedOptions, type FrameMessage, type HostMessage } from '../../core/embed/index.ts';
import { readShareFragment, type SharedProject } from '../../core/share/index.ts';
import { MemoryPageStore } from '../../store/index.ts';
import { createEngine } from '../engine/index.ts';
import { RegistryLogins } from '../lib/registry-logins.ts';
import EmbedApp from './EmbedApp.svelte';
import { Embed } from './embed.svelte.ts';
import { HostLink } from './host-link.ts';

const link = new HostLink();

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from embed.html');

const { options, problems } = parseEmbedOptions(location.search, location.href);
let shared: SharedProject | undefined;
try {
  shared = readShareFragment(location.hash);
} catch (e) {
  problems.push(e instanceof Error ? e.message : String(e));
}

const store = new MemoryPageStore();
const embed = new Embed({
  options,
  shared,
  isolated: globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function',
  store,
  // No registry logins: an embed never uses the reader's.
  makeEngine: () => createEngine(store, new RegistryLogins()),
  site: new URL('./', document.baseURI).href,
  fetch: (input, init) => fetch(input, init),
  tell: (m) => link.tell(m),
});

const scheme = window.matchMedia('(prefers-color-scheme: dark)');
embed.systemDark = scheme.matches;
scheme.addEventListener('change', () => (embed.systemDark = scheme.matches));

let height = 0;
mount(EmbedApp, {
  target,
  props: {
    embed,
    problems,
    onResize: (h: number) => {
      height = h;
      link.tell(size());
    },
    onVisible: () => {
      if (options.load === 'lazy') load();
    },
  },
});

let loaded = false;
let autoRan = false;
/** `run=auto`: once loaded and the project is here. */
function autoRun(): void {
  if (options.run !== 'auto' || !loaded || autoRan || embed.waiting) return;
  autoRan = true;
  void embed.run();
}
function load(): void {
  if (loaded) return;
  loaded = true;
  embed.load();
  autoRun();
}

function status(): FrameMessage {
  return { v: EMBED_PROTOCOL, type: 'status', state: embed.state, text: embed.statusText };
}
function size(): FrameMessage {
  return { v: EMBED_PROTOCOL, type: 'resize', height };
}

$effect.root(() => {
  $effect(() => {
    const theme = embed.theme;
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  });
  $effect(() => {
    document.title = embed.project ? `${embed.project.name} · Wharf` : 'Wharf';
  });
  // Said when it changes, not each time something it is made of is set again.
  let said = '';
  $effect(() => {
    const m = status() as FrameMessage & { type: 'status' };
    if (`${m.state} ${m.text}` === said) return;
    said = `${m.state} ${m.text}`;
    link.tell(m);
  });
});
if (options.load === 'eager') load();

function onHostMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      if (m.archive) {
        embed.initArchive(m.archive, m).then(autoRun, (e: unknown) =>
          link.tell({
            v: EMBED_PROTOCOL,
            type: 'error',
            message: `init: ${e instanceof Error ? e.message : String(e)}`,
          }),
        );
      } else {
        try {
          embed.init(m.files ?? [], m);
          autoRun();
        } catch (e) {
          link.tell({
            v: EMBED_PROTOCOL,
            type: 'error',
            message: `init: ${e instanceof Error ? e.message : String(e)}`,
          });
        }
      }
      return;
    case 'run':
      loaded = true;
      void embed.run();
      return;
    case 'stop':
      embed.stop();
      return;
    case 'set-theme':
      embed.theme = m.theme;
      return;
    case 'get-files':
      link.tell(embed.files(m.id));
      return;
  }
}

link.serve(
  () => [
    { v: EMBED_PROTOCOL, type: 'ready', isolated: embed.isolated, mode: embed.mode },
    status(),
    // Before its first layout the embed has no height to tell.
    ...(height > 0 ? [size()] : []),
  ],
  onHostMessage,
);
