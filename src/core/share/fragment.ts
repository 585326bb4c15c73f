// Where a share link lives in a URL: the fragment `#p=<link>`, which browsers never send to a
// server, so a shared project stays between the people who pass the link around.

import { decodeShare, encodeShare, type SharedProject } from './codec.ts';

const KEY = 'p=';

export function shareFragment(project: SharedProject): string {
  return `#${KEY}${encodeShare(project)}`;
}

/** `base` with its fragment replaced by the project's. */
export function shareUrl(base: string, project: SharedProject): string {
  const hash = base.indexOf('#');
  return (hash < 0 ? base : base.slice(0, hash)) + shareFragment(project);
}

/** The project in a location hash ("#p=..."), undefined when the hash holds none; throws SHARE_LINK when it is damaged. */
export function readShareFragment(hash: string): SharedProject | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(KEY)) return undefined;
  return decodeShare(h.slice(KEY.length));
}
