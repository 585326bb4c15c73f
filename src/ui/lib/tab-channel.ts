// News between the playground's tabs (and windows) of one browser profile, over a
// BroadcastChannel: a project saved or deleted, the images changed. The store stays the truth;
// a message only says where to look again, so a lost one costs a refresh, never data.
// https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts

export const TAB_PROTOCOL = 1;

export type TabNews =
  | { type: 'project-saved'; id: string; rev: number }
  | { type: 'project-deleted'; id: string }
  | { type: 'images-changed' };

type Wire = TabNews & { v: typeof TAB_PROTOCOL };

/** The guard every message passes: another release's tab may speak another version. */
export function readTabNews(data: unknown): TabNews | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.v !== TAB_PROTOCOL) return undefined;
  switch (m.type) {
    case 'project-saved':
      return typeof m.id === 'string' && typeof m.rev === 'number' && Number.isInteger(m.rev) && m.rev > 0
        ? { type: m.type, id: m.id, rev: m.rev }
        : undefined;
    case 'project-deleted':
      return typeof m.id === 'string' ? { type: m.type, id: m.id } : undefined;
    case 'images-changed':
      return { type: m.type };
    default:
      return undefined;
  }
}

/** What the workspace and session need of the channel (tests give them a pair of fakes). */
export interface TabLink {
  tell(news: TabNews): void;
  listen(fn: (news: TabNews) => void): () => void;
}

/** The channel itself; without BroadcastChannel (old browsers) a tab hears nothing, as if alone. */
export class TabChannel implements TabLink {
  readonly #channel: BroadcastChannel | undefined;

  constructor(name = 'wharf') {
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
  }

  tell(news: TabNews): void {
    const wire: Wire = { v: TAB_PROTOCOL, ...news };
    this.#channel?.postMessage(wire);
  }

  listen(fn: (news: TabNews) => void): () => void {
    const channel = this.#channel;
    if (!channel) return () => {};
    const onMessage = (e: MessageEvent): void => {
      const news = readTabNews(e.data);
      if (news) fn(news);
    };
    channel.addEventListener('message', onMessage);
    return () => channel.removeEventListener('message', onMessage);
  }

  close(): void {
    this.#channel?.close();
  }
}
