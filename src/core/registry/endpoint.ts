// Where a reference's registry answers: Docker Hub's API host for "docker.io", plain HTTP for
// loopback registries as Docker allows them (and for others only when asked: --insecure),
// HTTPS everywhere else.
import type { ImageRef } from '../oci/ref.ts';

export interface Endpoint {
  /** The registry as references name it: "localhost:5000", "docker.io". */
  host: string;
  /** "https://registry-1.docker.io", "http://127.0.0.1:5000". */
  base: string;
}

/** True for localhost, 127.0.0.0/8 and [::1], with or without a port. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export function endpointOf(host: string, insecure = false): Endpoint {
  const api = host === 'docker.io' ? 'registry-1.docker.io' : host;
  const scheme = insecure || isLoopback(host) ? 'http' : 'https';
  return { host, base: `${scheme}://${api}` };
}

/** "localhost:5000/hello:v1", "localhost:5000/hello@sha256:…": how messages name a reference. */
export function refText(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}${ref.digest ? `@${ref.digest}` : `:${ref.tag ?? 'latest'}`}`;
}
