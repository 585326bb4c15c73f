// The frame's side of the handshake: a `wharf:hello` from the parent window, and only from it, is
// answered with a MessagePort posted to the parent's origin; everything else travels over that
// port. Messages from any other window (a third origin's frame, a popup) are ignored, and so is
// anything on the window that is not a hello. Listening starts before anything else loads, so a
// host that says hello at the frame's `load` event is heard.
import {
  EMBED_PROTOCOL,
  isHello,
  readHostMessage,
  type FrameMessage,
  type HostMessage,
  type Welcome,
} from '../../core/embed/index.ts';

export class HostLink {
  #port: MessagePort | undefined;
  #onMessage: ((m: HostMessage) => void) | undefined;
  /** Hellos heard before the embed was ready to greet: answered once it is. */
  #pending: MessageEvent[] = [];
  #greeting: (() => FrameMessage[]) | undefined;

  constructor(win: Window = window) {
    win.addEventListener('message', (e) => {
      if (win.parent === win || e.source !== win.parent || !isHello(e.data)) return;
      if (this.#greeting) this.#answer(e);
      else this.#pending.push(e);
    });
  }

  /** Whether a host holds a port: it hears what `tell` says. */
  get connected(): boolean {
    return this.#port !== undefined;
  }

  /**
   * From now on hellos are answered: `greeting()` is what a new host hears first (ready, the
   * status), `onMessage` gets the host's messages, checked.
   */
  serve(greeting: () => FrameMessage[], onMessage: (m: HostMessage) => void): void {
    this.#greeting = greeting;
    this.#onMessage = onMessage;
    for (const e of this.#pending.splice(0)) this.#answer(e);
  }

  tell(message: FrameMessage): void {
    this.#port?.postMessage(message);
  }

  #answer(e: MessageEvent): void {
    const channel = new MessageChannel();
    // A host that says hello again (its script ran twice, it reloaded its part) gets a new port.
    this.#port?.close();
    const port = channel.port1;
    this.#port = port;
    port.onmessage = (m: MessageEvent) => {
      let message: HostMessage;
      try {
        message = readHostMessage(m.data);
      } catch (err) {
        const id = typeof (m.data as { id?: unknown })?.id === 'number' ? (m.data as { id: number }).id : undefined;
        port.postMessage({
          v: EMBED_PROTOCOL,
          type: 'error',
          message: err instanceof Error ? err.message : String(err),
          ...(id !== undefined ? { id } : {}),
        } satisfies FrameMessage);
        return;
      }
      this.#onMessage?.(message);
    };
    const welcome: Welcome = { type: 'wharf:welcome', v: EMBED_PROTOCOL };
    // A host of an opaque origin (itself sandboxed) has no origin to name; the port still goes
    // to the one window that said hello.
    (e.source as Window).postMessage(welcome, {
      targetOrigin: e.origin === 'null' ? '*' : e.origin,
      transfer: [channel.port2],
    });
    for (const m of this.#greeting?.() ?? []) port.postMessage(m);
  }
}
