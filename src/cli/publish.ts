// Docker's `-p [IP:][HOSTPORT:]CONTAINERPORT[/tcp]`: which container port a run publishes on
// which host address. Whatever serves the container's ports (a module's own sockets, an HTTP
// component's server) takes the mapping from here.
import { WharfError } from '../core/errors.ts';
import { parseIp } from '../core/runtime/index.ts';

/** One `-p [IP:][HOSTPORT:]CONTAINERPORT[/tcp]`. */
export interface Publish {
  /** Where on the host: an IP, or undefined for every interface. */
  hostIp?: string;
  /** 0: a port the host picks. */
  hostPort: number;
  containerPort: number;
  /** As written, for messages. */
  spec: string;
}

/** Parses one `-p` value; IPv6 IPs in brackets; HOSTPORT empty or 0 picks one. */
export function parsePublish(spec: string): Publish {
  const bad = (why: string): WharfError =>
    new WharfError('USAGE', `-p "${spec}": ${why} (expected [IP:][HOSTPORT:]CONTAINERPORT)`);
  let rest = spec;
  const proto = /\/(\w+)$/.exec(rest);
  if (proto) {
    if (proto[1] === 'udp' || proto[1] === 'sctp') throw bad(`${proto[1]} is not supported, only tcp`);
    if (proto[1] !== 'tcp') throw bad(`unknown protocol "${proto[1]}"`);
    rest = rest.slice(0, proto.index);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1]!;
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift()!;
  if (parts.length > 2 || (v6 && parts.length !== 2)) throw bad('too many colons');
  if (hostIp !== undefined && !parseIp(hostIp)) throw bad(`"${hostIp}" is not an IP address`);
  const port = (text: string, what: string, zero: boolean): number => {
    if (zero && text === '') return 0;
    if (!/^\d+$/.test(text) || Number(text) > 65535 || (!zero && Number(text) === 0))
      throw bad(`bad ${what} "${text}"`);
    return Number(text);
  };
  const containerPort = port(parts.at(-1)!, 'container port', false);
  const hostPort = parts.length === 2 ? port(parts[0]!, 'host port', true) : 0;
  return { ...(hostIp !== undefined ? { hostIp } : {}), hostPort, containerPort, spec };
}
