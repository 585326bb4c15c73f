// Boot: open the IndexedDB store, make the engine and the app controller, mount the shell.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { App as AppController } from './state/app.svelte.ts';
import { createEngine } from './engine/index.ts';
import { RegistryLogins } from './lib/registry-logins.ts';
import { openIdbStore } from '../store/index.ts';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

const store = await openIdbStore();
const logins = new RegistryLogins(sessionStorage, localStorage);
const app = new AppController(store, createEngine(store, logins), logins);
mount(App, { target, props: { app } });
app.start(window.location, window.history).catch((e: unknown) => {
  app.session.say('error', `Wharf could not start: ${e instanceof Error ? e.message : String(e)}`);
});
