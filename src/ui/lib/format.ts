// Human formats for sizes, durations, times, digests and refs, as `docker images` shows them.

import { familiarRef } from '../../core/oci/index.ts';

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  return `${(n / 1e9).toFixed(1)} GB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export function formatAgo(time: string | number, now = Date.now()): string {
  const t = typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(t)) return 'unknown';
  // Reproducible builds date images at SOURCE_DATE_EPOCH (0 by default): show the date itself.
  if (now - t > 2 * 365 * 86400_000) return new Date(t).toISOString().slice(0, 10);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return s < 5 ? 'just now' : `${s} seconds ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  if (d < 365 * 2) return `${d} days ago`;
  return `${Math.round(d / 365)} years ago`;
}

/** A file name for a downloaded image: "hello-world:latest" -> "hello-world_latest.tar". */
export function imageFileName(ref: string): string {
  return `${ref.replace(/^.*\//, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.tar`;
}

/** "docker.io/library/hello:latest" -> "hello:latest", as the docker CLI shows names. */
export function displayRef(ref: string): string {
  try {
    return familiarRef(ref);
  } catch {
    return ref;
  }
}
