// The playground's controller: owns the workspace (projects) and the session (build/run), and
// the actions the toolbar, menus and shortcuts call. Components read state here and call methods.

import { zipSync } from 'fflate';
import { isWharfError } from '../../core/errors.ts';
import { EDITOR_FILE_MODE, fileBytes, isContextFile, type ProjectFile } from '../../core/project.ts';
import { readShareFragment, shareUrl, type SharedProject } from '../../core/share/index.ts';
import { elementSnippet, iframeSnippet } from '../../core/embed/index.ts';
import type { IdbStore } from '../../store/index.ts';
import type { ImageView } from '../lib/inspect-image.ts';
import type { Engine } from '../engine/index.ts';
import { listExamples, loadExampleFiles, type ExampleInfo } from '../lib/examples.ts';
import { displayRef, formatBytes, imageFileName } from '../lib/format.ts';
import { classifyImport, type PickedFile } from '../lib/import-files.ts';
import { unixZipAttributes } from '../lib/zip-modes.ts';
import { TabChannel } from '../lib/tab-channel.ts';
import type { NewProjectInit } from '../lib/new-project.ts';
import type { RegistryLogins } from '../lib/registry-logins.ts';
import { Registry } from './registry.svelte.ts';
import { Session } from './session.svelte.ts';
import type { Preview } from './preview.svelte.ts';
import { Workspace } from './workspace.svelte.ts';

export const SEED_EXAMPLE = 'hello-world';

export interface ShareState {
  url?: string;
  tooLarge?: string;
  copied: boolean;
  /** The two ways to put the project on another page, once asked for (each, or why it cannot be). */
  embed?: { iframe: EmbedSnippet; element: EmbedSnippet };
}

export type EmbedSnippet = { html: string } | { error: string };

export class App {
  readonly workspace: Workspace;
  readonly session: Session;
  readonly registry: Registry;
  readonly store: IdbStore;
  readonly #engine: Engine;
  #examples = $state.raw<ExampleInfo[]>([]);
  #share = $state.raw<ShareState | undefined>(undefined);
  #ready = $state(false);
  #persistAsked = false;

  /** `preview`: the Preview pane for runs that serve HTTP. */
  constructor(store: IdbStore, engine: Engine, logins: RegistryLogins, preview?: Preview) {
    this.#engine = engine;
    this.store = store;
    const tabs = new TabChannel();
    // Images deleted or pruned (here or in another tab) may free the space a refused save needs.
    this.session = new Session(engine, store, tabs, () => this.workspace.retrySave(), preview);
    this.workspace = new Workspace(store, {
      tabs,
      exclusive: <T>(name: string, fn: () => Promise<T>): Promise<T> =>
        navigator.locks ? (navigator.locks.request(name, fn) as Promise<T>) : fn(),
      say: (kind, text) => this.session.say(kind, text),
      full: (text) => void this.session.reportStoreFull(text),
      onSaved: () => void this.#persist(),
      memory: localStorage,
    });
    this.registry = new Registry(engine, this.session, logins);
    // Hidden (another tab, a closing window): what waits for the autosave pause is saved now.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.workspace.flush().catch(() => {});
    });
    // Only this tab holds a choice not made yet or an edit the store refused: leaving loses it.
    window.addEventListener('beforeunload', (e) => {
      if (this.workspace.atRisk) e.preventDefault();
    });
  }

  /**
   * Once the user has work saved, ask the browser to keep the site's data when space runs low
   * (it may grant it silently, ask, or refuse; Wharf works the same either way).
   */
  async #persist(): Promise<void> {
    if (this.#persistAsked) return;
    this.#persistAsked = true;
    const storage = navigator.storage;
    if (!storage?.persist || (await storage.persisted())) return;
    await storage.persist().catch(() => false);
  }

  get ready(): boolean {
    return this.#ready;
  }
  get examples(): ExampleInfo[] {
    return this.#examples;
  }
  get share(): ShareState | undefined {
    return this.#share;
  }
  closeShare(): void {
    this.#share = undefined;
  }

  /**
   * First paint: saved projects (or the seed), a shared project from the URL, the examples
   * index. The project load is queued before anything the user can do, so an import or a
   * project switch made while the page starts runs after it and is what stays on screen.
   */
  async start(location: Location, history: History): Promise<void> {
    const shared = this.#readSharedLink(location, history);
    const examples = listExamples().catch(() => [] as ExampleInfo[]);
    // A link opens as a new local project: the sender's edits never overwrite the receiver's.
    const loaded = this.workspace.load(async () => this.#seed(await examples), shared);
    this.#examples = await examples;
    await loaded;
    if (shared) this.session.say('info', `Opened shared project "${shared.name}". Press Run to build and run it.`);
    this.#ready = true;
    await this.session.refreshImages();
  }

  #readSharedLink(location: Location, history: History): SharedProject | undefined {
    try {
      const shared = readShareFragment(location.hash);
      if (shared) history.replaceState(null, '', location.pathname + location.search);
      return shared;
    } catch (e) {
      this.session.say('error', `${e instanceof Error ? e.message : String(e)}. Your saved projects are untouched.`);
      history.replaceState(null, '', location.pathname + location.search);
      return undefined;
    }
  }

  async #seed(examples: ExampleInfo[]): Promise<NewProjectInit> {
    const ex = examples.find((e) => e.id === SEED_EXAMPLE) ?? (await listExamples()).find((e) => e.id === SEED_EXAMPLE);
    if (!ex) throw new Error('the seed example is missing from examples/index.json');
    return this.#exampleInit(ex, await loadExampleFiles(ex));
  }

  #exampleInit(ex: ExampleInfo, files: NewProjectInit['files']): NewProjectInit {
    return { name: ex.id, files, dockerfile: ex.dockerfile, tag: ex.tag, run: ex.run };
  }

  async openExample(ex: ExampleInfo): Promise<void> {
    const files = await loadExampleFiles(ex);
    await this.workspace.create(this.#exampleInit(ex, files), ex.open);
  }

  async newProject(): Promise<void> {
    await this.workspace.create(
      {
        name: 'untitled',
        files: [
          {
            path: 'Dockerfile',
            data: '# Add a .wasm module (Import, or drop it on the file list), then:\nFROM scratch\nCOPY app.wasm /app.wasm\nENTRYPOINT ["/app.wasm"]\n',
            mode: EDITOR_FILE_MODE,
          },
        ],
      },
      'Dockerfile',
    );
  }

  async build(): Promise<void> {
    const p = this.workspace.project;
    if (!p) return;
    await this.session.build(p, this.workspace.revision);
  }

  async run(ref?: string): Promise<void> {
    const p = this.workspace.project;
    if (!p) return;
    await this.session.run(p, this.workspace.revision, ref);
  }

  stop(): void {
    this.session.stop();
  }

  async shareProject(): Promise<void> {
    const p = this.workspace.project;
    if (!p) return;
    // The link holds the project as shown: a store that refuses the save does not stop it.
    await this.workspace.flush().catch(() => {});
    const base = location.href;
    try {
      const url = shareUrl(base, p);
      let copied = false;
      try {
        await navigator.clipboard.writeText(url);
        copied = true;
      } catch {
        // Clipboard refused (permissions, insecure context): the field still holds the link.
      }
      this.#share = { url, copied };
    } catch (e) {
      if (isWharfError(e, 'SHARE_LINK')) this.#share = { tooLarge: e.message, copied: false };
      else throw e;
    }
  }

  /** The Share panel's Embed: an <iframe> snippet and a <wharf-embed> snippet of the project as shown. */
  showEmbed(): void {
    const p = this.workspace.project;
    const share = this.#share;
    if (!p || !share) return;
    // The site's root, where /embed and /embed.js are, whatever page this is.
    const base = new URL('./', document.baseURI).href;
    const snippet = (make: () => string): EmbedSnippet => {
      try {
        return { html: make() };
      } catch (e) {
        if (isWharfError(e, 'SHARE_LINK')) return { error: e.message };
        throw e;
      }
    };
    this.#share = {
      ...share,
      embed: { iframe: snippet(() => iframeSnippet(base, p)), element: snippet(() => elementSnippet(base, p)) },
    };
  }

  /** The project as a .zip of its build context (when a link would be too large). */
  downloadProject(): void {
    const p = this.workspace.project;
    if (!p) return;
    const zip = zipSync(Object.fromEntries(p.files.map(zipEntry)));
    saveAs(
      new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      `${p.name.replace(/[^\w.-]+/g, '_')}.zip`,
    );
  }

  async downloadImage(ref?: string): Promise<void> {
    const p = this.workspace.project;
    if (!p) return;
    let target = ref;
    if (!target) {
      target =
        this.session.builtRef(p, this.workspace.revision) ?? (await this.session.build(p, this.workspace.revision));
      if (!target) return;
    }
    const name = imageFileName(displayRef(target));
    try {
      this.session.say('info', `Exporting ${displayRef(target)}…`);
      const blob = await this.#engine.exportImage(target, (done, total) => {
        if (total > 0)
          this.session.say(
            'info',
            `Exporting ${displayRef(target)}: compressing layers ${Math.floor((100 * done) / total)}%`,
          );
      });
      saveAs(blob, name);
      this.session.say(
        'info',
        `Saved ${name} (${formatBytes(blob.size)}): an OCI image layout that docker load, skopeo and containerd read.`,
      );
    } catch (e) {
      this.session.say('error', `Download image: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The inspector's view of a stored image; compressing its layers for the export's manifest shows progress. */
  async inspectImage(ref: string): Promise<ImageView | undefined> {
    try {
      const view = await this.#engine.inspect(ref, (done, total) => {
        if (total > 0)
          this.session.say(
            'info',
            `Inspecting ${displayRef(ref)}: compressing layers ${Math.floor((100 * done) / total)}%`,
          );
      });
      this.session.say('info', `Inspected ${displayRef(ref)}`);
      return view;
    } catch (e) {
      this.session.say('error', `Inspect: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  async importFiles(picked: PickedFile[]): Promise<void> {
    if (picked.length === 0) return;
    try {
      const what = await classifyImport(picked, this.#engine);
      if (what.kind === 'image') {
        const refs = await this.#engine.importImage(what.bytes, what.name);
        await this.session.imagesChanged();
        this.session.say('info', `Imported ${refs.map(displayRef).join(', ')}.`);
        if (refs[0]) await this.run(refs[0]);
      } else if (what.kind === 'context') {
        const p = await this.workspace.create({ name: what.name, files: what.files });
        this.session.say('info', `Imported ${what.files.length} files as project "${p.name}".`);
        void this.#persist();
      } else {
        this.workspace.addFiles(what.files);
      }
    } catch (e) {
      const message = `Import: ${e instanceof Error ? e.message : String(e)}`;
      if (isWharfError(e, 'STORE_QUOTA')) await this.session.reportStoreFull(message);
      else this.session.say('error', message);
    }
  }
}

/** A project entry as a zip entry with its Unix type and mode, so an import of the zip gets them back. */
function zipEntry(f: ProjectFile): [string, [Uint8Array, ReturnType<typeof unixZipAttributes>]] {
  if (isContextFile(f)) return [f.path, [fileBytes(f), unixZipAttributes('file', f.mode)]];
  if (f.kind === 'dir') return [`${f.path}/`, [new Uint8Array(0), unixZipAttributes('dir', f.mode)]];
  return [f.path, [new TextEncoder().encode(f.target), unixZipAttributes('symlink', 0o777)]];
}

function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
