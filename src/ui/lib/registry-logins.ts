// Registry logins the user typed: kept for the tab's session (sessionStorage), or on this
// device (localStorage) when they ask to remember them. A versioned record, read through a
// guard, so a damaged or older entry is dropped rather than trusted.
import type { Credentials } from '../../core/registry/index.ts';

const KEY = 'wharf.registry-logins';
const VERSION = 1;

interface Saved {
  v: typeof VERSION;
  logins: Record<string, Credentials>;
}

/** The part of the Web Storage API used here (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function read(storage: KeyValueStorage | undefined): Record<string, Credentials> {
  try {
    const doc = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (doc?.v !== VERSION || typeof doc.logins !== 'object' || doc.logins === null) return {};
    const out: Record<string, Credentials> = {};
    for (const [host, c] of Object.entries(doc.logins)) {
      if (typeof c?.username === 'string' && typeof c.password === 'string')
        out[host] = { username: c.username, password: c.password };
    }
    return out;
  } catch {
    return {};
  }
}

function write(storage: KeyValueStorage | undefined, logins: Record<string, Credentials>): void {
  if (!storage) return;
  if (Object.keys(logins).length === 0) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify({ v: VERSION, logins } satisfies Saved));
}

export class RegistryLogins {
  readonly #tab: KeyValueStorage | undefined;
  readonly #device: KeyValueStorage | undefined;

  constructor(tab?: KeyValueStorage, device?: KeyValueStorage) {
    this.#tab = tab;
    this.#device = device;
  }

  /** The login for `host`: this tab's, else a remembered one. */
  get(host: string): Credentials | undefined {
    return read(this.#tab)[host] ?? read(this.#device)[host];
  }

  /** Every login by host (what a build may need for its FROM images). */
  all(): Record<string, Credentials> {
    return { ...read(this.#device), ...read(this.#tab) };
  }

  isRemembered(host: string): boolean {
    return read(this.#device)[host] !== undefined;
  }

  set(host: string, login: Credentials, remember: boolean): void {
    const tab = read(this.#tab);
    const device = read(this.#device);
    if (remember) {
      device[host] = login;
      delete tab[host];
    } else {
      tab[host] = login;
      delete device[host];
    }
    write(this.#tab, tab);
    write(this.#device, device);
  }

  forget(host: string): void {
    const tab = read(this.#tab);
    const device = read(this.#device);
    delete tab[host];
    delete device[host];
    write(this.#tab, tab);
    write(this.#device, device);
  }
}
