// The network a preview1 run gets from its request: the bridge to the thread that owns its
// connections, or, with no bridge (a page without shared memory), a network where nothing can
// listen or connect and the reason is said on stderr.
import { defaultHostEnv } from '../host-context.ts';
import { BridgeNet, type NetPort } from './bridge-guest.ts';
import type { SocketNet } from './net.ts';
import { PAGE_OFFLINE, offlineNet } from './offline.ts';

export function requestNet(port: NetPort | undefined): SocketNet {
  return port ? new BridgeNet(port) : offlineNet(PAGE_OFFLINE, defaultHostEnv().sleep);
}
