// The network of a run that has none: binding works (a program may set up before it serves),
// listening, connecting and resolving names fail with the errno a real host gives, and say why
// once on stderr. A page without shared memory (no socket bridge, so no Preview of a module's
// port) uses it; builds' RUN steps and runs without a network always.
import { E } from '../defs.ts';
import { formatAddr, type SockAddr } from './address.ts';
import { EAI } from './abi.ts';
import type { NetFailure, NetListener, SocketNet } from './net.ts';

export interface OfflineReasons {
  /** Why a listening socket cannot accept connections here. */
  listen: string;
  /** Why no connection can be made from here (answered as an unreachable network). */
  connect: string;
  /** Why names cannot be resolved here. */
  resolve: string;
}

/** The wording for a browser page: no outgoing TCP is possible there at all. */
export const PAGE_OFFLINE: OfflineReasons = {
  listen:
    'without shared memory (a page that is not cross-origin isolated) a module cannot serve here; serve it from the command line: wharf run -p PORT:PORT',
  connect: 'a browser page cannot open outgoing TCP connections',
  resolve: 'a browser page cannot resolve host names',
};

/** The wording for a run given no network (a build's RUN step, a run in a test). */
export const NO_NETWORK: OfflineReasons = {
  listen: 'this run has no network',
  connect: 'this run has no network',
  resolve: 'this run has no network',
};

export function offlineNet(reasons: OfflineReasons, sleep: (ms: number) => void): SocketNet {
  return {
    bind(addr: SockAddr): NetListener {
      return {
        local: () => addr,
        listen: (): NetFailure => ({
          errno: E.NOTSUP,
          reason: `sock_listen on ${formatAddr(addr)}: ${reasons.listen}`,
        }),
        accept: () => null,
        pending: () => 0,
        close: () => undefined,
      };
    },
    connect: (addr) => ({ errno: E.NETUNREACH, reason: `sock_connect to ${formatAddr(addr)}: ${reasons.connect}` }),
    resolve: (node) => ({ errno: EAI.FAIL, reason: `sock_getaddrinfo for "${node}": ${reasons.resolve}` }),
    changes: () => 0,
    // Nothing ever changes here: a wait is only the time it is given.
    wait(_seen, ms) {
      for (let left = ms; left > 0; left -= 60_000) sleep(Math.min(left, 60_000));
    },
  };
}
