// Pull and push from the Images panel: the reference being typed, the push form that is open,
// and the transfer under way with a row per blob, shown where the user started it. A registry
// that refuses the page (no CORS headers) gets its own message with the configuration it needs.

import { isWharfError } from '../../core/errors.ts';
import { normalizeRef, parseRef, type Digest } from '../../core/oci/index.ts';
import { corsConfig, type TransferEvent } from '../../core/registry/index.ts';
import type { Engine } from '../engine/index.ts';
import { displayRef } from '../lib/format.ts';
import type { RegistryLogins } from '../lib/registry-logins.ts';
import type { Session } from './session.svelte.ts';

export interface Transfer {
  verb: 'Pull' | 'Push';
  /** The image pulled, or the destination of a push. */
  ref: string;
  blobs: TransferEvent[];
  state: 'running' | 'done' | 'failed';
  /** What is under way ("Compressing layers 40%") or how it ended. */
  message: string;
  /** Set when the registry refused the page: its host and the configuration it needs. */
  cors?: { host: string; config: string };
}

export interface PushLogin {
  username: string;
  password: string;
  remember: boolean;
}

export interface PushChoice {
  /** The image's entrypoint module alone, as an OCI Wasm artifact. */
  asArtifact?: boolean;
}

export class Registry {
  readonly #engine: Engine;
  readonly #session: Session;
  readonly #logins: RegistryLogins;
  #reference = $state('');
  #pushFor = $state<string | undefined>(undefined);
  #transfer = $state.raw<Transfer | undefined>(undefined);

  constructor(engine: Engine, session: Session, logins: RegistryLogins) {
    this.#engine = engine;
    this.#session = session;
    this.#logins = logins;
  }

  /** The text of the `Image reference` field. */
  get reference(): string {
    return this.#reference;
  }
  set reference(v: string) {
    this.#reference = v;
  }
  get transfer(): Transfer | undefined {
    return this.#transfer;
  }
  get busy(): boolean {
    return this.#transfer?.state === 'running';
  }
  /** The stored ref whose push form is open. */
  get pushFor(): string | undefined {
    return this.#pushFor;
  }

  openPush(ref: string): void {
    this.#pushFor = ref;
  }
  closePush(): void {
    this.#pushFor = undefined;
  }
  dismiss(): void {
    if (!this.busy) this.#transfer = undefined;
  }

  /** The login kept for the registry `ref` names, to fill the push form. */
  loginFor(ref: string): { username: string; remembered: boolean } | undefined {
    const host = hostOf(ref);
    const login = host === undefined ? undefined : this.#logins.get(host);
    return login && host ? { username: login.username, remembered: this.#logins.isRemembered(host) } : undefined;
  }

  async pull(): Promise<void> {
    const input = this.#reference.trim();
    if (input === '' || this.busy) return;
    const track = this.#track('Pull', input);
    try {
      const ref = await this.#engine.pullImage(normalizeRef(input), track.event);
      await this.#session.imagesChanged();
      track.end('done', `Pulled ${displayRef(ref)}.`);
      this.#reference = '';
    } catch (e) {
      track.fail(e, hostOf(input));
    }
  }

  async push(ref: string, dest: string, login?: PushLogin, choice: PushChoice = {}): Promise<void> {
    if (this.busy) return;
    const host = hostOf(dest);
    if (login && host && login.username !== '') {
      this.#logins.set(host, { username: login.username, password: login.password }, login.remember);
    }
    const track = this.#track('Push', dest);
    try {
      const r = await this.#engine.pushImage(ref, dest, track.event, (text) => track.stage(text), choice.asArtifact);
      const moved = [
        r.uploaded ? `${r.uploaded} uploaded` : '',
        r.existing ? `${r.existing} already there` : '',
        r.mounted ? `${r.mounted} mounted` : '',
      ].filter(Boolean);
      track.end(
        'done',
        `Pushed ${displayRef(r.ref)} (${r.digest}): ${moved.join(', ') || 'no blobs'}.${r.note ? ` ${r.note}` : ''}`,
      );
      this.#pushFor = undefined;
    } catch (e) {
      track.fail(e, host);
    }
  }

  /** A transfer's view, updated at most once per frame as blob events arrive. */
  #track(verb: Transfer['verb'], ref: string) {
    const blobs = new Map<Digest, TransferEvent>();
    let message = verb === 'Pull' ? `Pulling ${ref}…` : `Pushing to ${ref}…`;
    let queued = false;
    const show = (state: Transfer['state'], extra: Partial<Transfer> = {}): void => {
      this.#transfer = { verb, ref, blobs: [...blobs.values()], state, message, ...extra };
    };
    show('running');
    return {
      event: (e: TransferEvent): void => {
        blobs.set(e.digest, e);
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => {
          queued = false;
          if (this.#transfer?.state === 'running') show('running');
        });
      },
      stage: (text: string): void => {
        message = text;
        show('running');
      },
      end: (state: Transfer['state'], text: string): void => {
        message = text;
        show(state);
      },
      fail: (e: unknown, host: string | undefined): void => {
        message = `${verb} failed: ${e instanceof Error ? e.message : String(e)}`;
        const cors =
          isWharfError(e, 'REGISTRY_CORS') && host !== undefined
            ? { host, config: corsConfig(location.origin) }
            : undefined;
        show('failed', cors ? { cors } : {});
      },
    };
  }
}

function hostOf(ref: string): string | undefined {
  try {
    return parseRef(ref).domain;
  } catch {
    return undefined;
  }
}
