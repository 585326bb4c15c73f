// A server's own settings, as runwasi's proxy takes them out of the guest's env before anything
// else: WASMTIME_HTTP_PROXY_SOCKET_ADDR (where to listen, default 0.0.0.0:8080) and
// WASMTIME_HTTP_BACKLOG (the listen backlog, default 100). The CLI listens there; the page has
// no socket but keeps both out of the handlers' env all the same.
import { WharfError } from '../../errors.ts';

export const ADDR_VAR = 'WASMTIME_HTTP_PROXY_SOCKET_ADDR';
export const BACKLOG_VAR = 'WASMTIME_HTTP_BACKLOG';

export interface ServerEnv {
  addr: { host: string; port: number };
  backlog: number;
  /** The env the handlers get: the run's, less the two settings. */
  env: string[];
}

/** Reads (and removes) the settings; a value runwasi could not parse is a USAGE error here. */
export function serverEnv(env: readonly string[]): ServerEnv {
  let addr = { host: '0.0.0.0', port: 8080 };
  let backlog = 100;
  const rest: string[] = [];
  for (const kv of env) {
    const eq = kv.indexOf('=');
    const [k, v] = eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    if (k === ADDR_VAR) addr = socketAddr(v);
    else if (k === BACKLOG_VAR) {
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff)
        throw new WharfError('USAGE', `${BACKLOG_VAR}=${v}: expected a number`);
      backlog = Number(v);
    } else rest.push(kv);
  }
  return { addr, backlog, env: rest };
}

/** `IP:PORT` or `[IPv6]:PORT`, as Rust's SocketAddr parses them. */
function socketAddr(v: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/.exec(v);
  if (!m || Number(m[3]) > 65535) {
    throw new WharfError('USAGE', `${ADDR_VAR}=${v}: expected IP:PORT (0.0.0.0:8080, [::1]:8080)`);
  }
  return { host: m[1] ?? m[2]!, port: Number(m[3]) };
}
