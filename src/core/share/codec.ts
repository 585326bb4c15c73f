// Share link formats 1 and 2: `N.` + base64url( u32 body length | u32 crc32 of the deflated bytes |
// deflate-raw(body) ), where
// body = u32 JSON length | JSON (name, Dockerfile path, tag, build args, run options, files)
// | the bytes of binary files in file order. The CRC covers the compressed bytes, not the body:
// inflate ignores the padding bits after its last block, so only that catches every altered character.
// Format 1 lists files as [path, text | byte length]; they had no modes and open with assumedMode.
// Format 2 (written now) lists entries as ["f", path, text | byte length, mode], ["d", path,
// mode] and ["l", path, symlink target].

import { deflateSync, inflateSync } from 'fflate';
import { WharfError } from '../errors.ts';
import {
  assumedMode,
  checkProject,
  PROJECT_VERSION,
  type Project,
  type ProjectFile,
  type RunOptions,
} from '../project.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { crc32 } from './crc32.ts';

export const SHARE_VERSION = 2;

/**
 * Longest link `encodeShare` makes, in characters of the payload. Firefox refuses URLs longer
 * than 1 MiB (1,048,576 characters, its network.standard-url.max-length) and Chromium those
 * past 2 MB: 1,000,000 leaves the page address 48 kB in every browser Wharf is tested in.
 */
export const MAX_LINK_LENGTH = 1_000_000;

/** Largest project a link may claim to hold once inflated (a guard against inflation bombs). */
const MAX_BODY_BYTES = 64 << 20;

/** What a link carries: a project minus its local identity (id, timestamps). */
export type SharedProject = Pick<Project, 'name' | 'dockerfile' | 'files' | 'run' | 'tag' | 'buildArgs'>;

/** Format 1: a file is [path, text] or, for a binary, [path, byte length] with its bytes after the JSON. */
type WireFileV1 = [string, string] | [string, number];

/** Format 2: a file (text, or byte length with its bytes after the JSON), a directory, a symlink. */
type WireEntryV2 = ['f', string, string | number, number] | ['d', string, number] | ['l', string, string];

interface Wire<F> {
  n: string;
  d: string;
  t: string;
  b: Record<string, string>;
  r: RunOptions;
  f: F[];
}

export function encodeShare(project: SharedProject): string {
  const binaries: Uint8Array[] = [];
  const files = project.files.map((f): WireEntryV2 => {
    if (f.kind === 'dir') return ['d', f.path, f.mode];
    if (f.kind === 'symlink') return ['l', f.path, f.target];
    if (typeof f.data === 'string') return ['f', f.path, f.data, f.mode];
    binaries.push(f.data);
    return ['f', f.path, f.data.byteLength, f.mode];
  });
  const wire: Wire<WireEntryV2> = {
    n: project.name,
    d: project.dockerfile,
    t: project.tag,
    b: project.buildArgs,
    r: project.run,
    f: files,
  };
  const json = new TextEncoder().encode(JSON.stringify(wire));
  const body = new Uint8Array(4 + json.length + binaries.reduce((s, b) => s + b.byteLength, 0));
  const view = new DataView(body.buffer);
  view.setUint32(0, json.length);
  body.set(json, 4);
  let at = 4 + json.length;
  for (const b of binaries) {
    body.set(b, at);
    at += b.byteLength;
  }
  const packed = deflateSync(body, { level: 9 });
  const payload = new Uint8Array(8 + packed.length);
  const head = new DataView(payload.buffer);
  head.setUint32(0, body.length);
  head.setUint32(4, crc32(packed));
  payload.set(packed, 8);
  const link = `${SHARE_VERSION}.${encodeBase64url(payload)}`;
  if (link.length > MAX_LINK_LENGTH) {
    throw new WharfError(
      'SHARE_LINK',
      `project "${project.name}" is too large to share as a link: ${formatSize(link.length)} of link, ` +
        `the limit is ${formatSize(MAX_LINK_LENGTH)}; download the project instead`,
    );
  }
  return link;
}

export function decodeShare(link: string): SharedProject {
  const dot = link.indexOf('.');
  const version = dot > 0 ? link.slice(0, dot) : '';
  if (!/^[1-9][0-9]{0,5}$/.test(version)) {
    throw new WharfError('SHARE_LINK', 'share link is not a Wharf project link (no format version)');
  }
  if (Number(version) > SHARE_VERSION) {
    throw new WharfError(
      'SHARE_LINK',
      `share link was made by a newer version of Wharf (format ${version}; this version reads up to ${SHARE_VERSION}); reload the page to update`,
    );
  }
  return decodeBody(link.slice(dot + 1), Number(version));
}

function damaged(why: string, cause?: unknown): WharfError {
  return new WharfError('SHARE_LINK', `share link is damaged or truncated (${why}); ask for the link again`, { cause });
}

function decodeBody(text: string, version: number): SharedProject {
  const payload = decodeBase64url(text);
  if (!payload) throw damaged('not base64url');
  if (payload.length < 9) throw damaged('too short');
  const head = new DataView(payload.buffer, payload.byteOffset, 8);
  const length = head.getUint32(0);
  const sum = head.getUint32(4);
  if (length > MAX_BODY_BYTES || length < 4) throw damaged(`impossible length ${length}`);
  if (crc32(payload.subarray(8)) !== sum) throw damaged('checksum mismatch');
  let body: Uint8Array;
  try {
    // One spare byte: a stream that inflates past the declared length is then caught below.
    body = inflateSync(payload.subarray(8), { out: new Uint8Array(length + 1) });
  } catch (e) {
    throw damaged('compressed data does not inflate', e);
  }
  if (body.length !== length) throw damaged(`holds ${body.length} bytes, expected ${length}`);
  return parseBody(body, version);
}

function parseBody(body: Uint8Array, version: number): SharedProject {
  const jsonLength = new DataView(body.buffer, body.byteOffset, 4).getUint32(0);
  if (4 + jsonLength > body.length) throw damaged('header overruns the data');
  let wire: Wire<unknown>;
  try {
    wire = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, 4 + jsonLength)),
    ) as Wire<unknown>;
  } catch (e) {
    throw damaged('header is not JSON', e);
  }
  if (!Array.isArray(wire?.f)) throw damaged('no file list');
  let at = 4 + jsonLength;
  /** A file's data: its text, or its bytes taken from after the JSON. */
  const data = (path: unknown, d: unknown): string | Uint8Array => {
    if (typeof d !== 'number') return d as string;
    if (!Number.isSafeInteger(d) || d < 0 || at + d > body.length)
      throw damaged(`file ${String(path)} overruns the data`);
    const bytes = body.slice(at, at + d);
    at += d;
    return bytes;
  };
  const files = wire.f.map((entry): ProjectFile => {
    const e = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (version === 1) {
      const [path, d] = e;
      return { path: path as string, data: data(path, d), mode: assumedMode(String(path)) };
    }
    const [tag, path] = e as [unknown, string];
    if (tag === 'd') return { kind: 'dir', path, mode: e[2] as number };
    if (tag === 'l') return { kind: 'symlink', path, target: e[2] as string };
    if (tag === 'f') return { path, data: data(path, e[2]), mode: e[3] as number };
    throw damaged(`entry ${JSON.stringify(path)} is of unknown kind ${JSON.stringify(tag)}`);
  });
  if (at !== body.length) throw damaged(`${body.length - at} bytes left over`);
  const now = 0;
  let project: Project;
  try {
    project = checkProject(
      {
        version: PROJECT_VERSION,
        id: 'shared',
        name: wire.n,
        dockerfile: wire.d,
        tag: wire.t,
        buildArgs: wire.b,
        run: wire.r,
        files,
        createdAt: now,
        updatedAt: now,
      },
      'share link',
    );
  } catch (e) {
    throw new WharfError('SHARE_LINK', e instanceof Error ? e.message : String(e), { cause: e });
  }
  const { name, dockerfile, tag, buildArgs, run } = project;
  return { name, dockerfile, tag, buildArgs, run: { ...run }, files: project.files };
}

function formatSize(chars: number): string {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(2)} MB` : `${Math.ceil(chars / 1e3)} KB`;
}
