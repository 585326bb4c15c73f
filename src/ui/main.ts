// Boot: start the site's service worker, open the IndexedDB store, make the engine, the Preview
// and the app controller, mount the shell.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { App as AppController } from './state/app.svelte.ts';
import { SiteUpdate } from './state/site-update.svelte.ts';
import { createEngine } from './engine/index.ts';
import { RegistryLogins } from './lib/registry-logins.ts';
import { openIdbStore } from '../store/index.ts';
import { previewWorker, startServiceWorker } from '../worker/service-worker-client.ts';
import { PreviewHost } from '../worker/preview-host.ts';
import { Preview } from './state/preview.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

let app: AppController | undefined;
const update = new SiteUpdate();
// First, so that on a host without isolation headers the one reload comes as early as it can.
// Not on the dev server: it sends the headers itself, and serves sources a precache would keep
// stale.
const serviceWorker = import.meta.env.PROD
  ? startServiceWorker({
      base: document.baseURI,
      beforeReload: async () => app?.workspace.flush(),
      onUpdate: () => update.offer(() => serviceWorker!.acceptUpdate()),
    })
  : undefined;

const store = await openIdbStore();
const logins = new RegistryLogins(sessionStorage, localStorage);
// The Preview's session answers the service worker from the start: a tab opened on one of its
// URLs before this page served anything gets a page saying so.
const preview = new Preview(
  new PreviewHost({
    base: document.baseURI,
    messages: 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
  }),
  () => previewWorker(document.baseURI),
);
app = new AppController(store, createEngine(store, logins), logins, preview);
mount(App, { target, props: { app, update } });
app.start(window.location, window.history).catch((e: unknown) => {
  app?.session.say('error', `Wharf could not start: ${e instanceof Error ? e.message : String(e)}`);
});
