// The embed's postMessage API, version 1. The host posts `wharf:hello` to the frame's window; the
// frame answers its parent, and only its parent, with `wharf:welcome` and a MessagePort, over
// which everything else travels. Every message carries the protocol version `v`; what the frame
// receives passes `readHostMessage`, which says what is wrong with a bad one.

import { WharfError } from '../errors.ts';
import { assumedMode, isSafeRelativePath, type ProjectFile } from '../project.ts';

export const EMBED_PROTOCOL = 1;

/** Host -> frame, on the frame's window: asks for the port. */
export interface Hello {
  type: 'wharf:hello';
  /** The newest protocol version the host speaks. */
  v: number;
}

/** Frame -> host, on the host's window, with the port in `ports[0]`. */
export interface Welcome {
  type: 'wharf:welcome';
  /** The protocol version the frame speaks on the port. */
  v: typeof EMBED_PROTOCOL;
}

export type EmbedTheme = 'light' | 'dark' | 'auto';

/**
 * A file the host gives: a regular file (text or bytes; its mode defaults as a picked file's
 * does), a directory, or a symlink.
 */
export type EmbedFile =
  | { kind?: 'file'; path: string; data: string | Uint8Array; mode?: number }
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'symlink'; path: string; target: string };

/** What the host says over the port. */
export type HostMessage = { v: typeof EMBED_PROTOCOL } & (
  | {
      type: 'init';
      /** The project's files (or `archive`: a .zip, .tar or .tar.gz of them). */
      files?: EmbedFile[];
      archive?: Uint8Array;
      /** Path of the Dockerfile among the files (default `Dockerfile`). */
      dockerfile?: string;
      name?: string;
    }
  | { type: 'run' }
  | { type: 'stop' }
  | { type: 'set-theme'; theme: EmbedTheme }
  | { type: 'get-files'; id: number }
);

/** Where the embed is: waiting for a project, building, running, or done. */
export type EmbedState = 'waiting' | 'idle' | 'loading' | 'building' | 'running' | 'exited' | 'failed';

/** `full`: keyboard input reaches programs; `degraded`: stdin only as given up front. */
export type EmbedMode = 'full' | 'degraded';

/** What the frame says over the port. */
export type FrameMessage = { v: typeof EMBED_PROTOCOL } & (
  | { type: 'ready'; isolated: boolean; mode: EmbedMode }
  | { type: 'status'; state: EmbedState; text: string }
  | { type: 'stdout'; data: string }
  | { type: 'stderr'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'resize'; height: number }
  | { type: 'error'; message: string; id?: number }
  | { type: 'files'; id: number; files: ProjectFile[]; dockerfile: string }
);

function record(data: unknown): Record<string, unknown> | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

export function isHello(data: unknown): data is Hello {
  const d = record(data);
  return d?.type === 'wharf:hello' && typeof d.v === 'number';
}

export function isWelcome(data: unknown): data is Welcome {
  const d = record(data);
  return d?.type === 'wharf:welcome' && d.v === EMBED_PROTOCOL;
}

/** A message of this version from the frame, by its shape (the port only carries the frame's own). */
export function isFrameMessage(data: unknown): data is FrameMessage {
  const d = record(data);
  return d?.v === EMBED_PROTOCOL && typeof d.type === 'string';
}

const THEMES: readonly string[] = ['light', 'dark', 'auto'];

/** The host's message checked field by field; throws USAGE naming what is wrong. */
export function readHostMessage(data: unknown): HostMessage {
  const bad = (why: string): never => {
    throw new WharfError('USAGE', `embed message${typeLabel(data)}: ${why}`);
  };
  const d = record(data) ?? bad('not an object');
  if (d.v !== EMBED_PROTOCOL)
    bad(`protocol version ${JSON.stringify(d.v)}; this frame speaks version ${EMBED_PROTOCOL}`);
  switch (d.type) {
    case 'run':
    case 'stop':
      return { v: EMBED_PROTOCOL, type: d.type };
    case 'set-theme':
      if (typeof d.theme !== 'string' || !THEMES.includes(d.theme)) bad('theme must be light, dark or auto');
      return { v: EMBED_PROTOCOL, type: 'set-theme', theme: d.theme as EmbedTheme };
    case 'get-files':
      if (!Number.isSafeInteger(d.id)) bad('id must be an integer');
      return { v: EMBED_PROTOCOL, type: 'get-files', id: d.id as number };
    case 'init':
      return readInit(d, bad);
    default:
      return bad('unknown type (expected init, run, stop, set-theme or get-files)');
  }
}

function typeLabel(data: unknown): string {
  const t = record(data)?.type;
  return typeof t === 'string' ? ` "${t.slice(0, 40)}"` : '';
}

function readInit(d: Record<string, unknown>, bad: (why: string) => never): HostMessage {
  const hasFiles = d.files !== undefined;
  const hasArchive = d.archive !== undefined;
  if (hasFiles === hasArchive) bad('give either files or archive');
  if (hasArchive && !(d.archive instanceof Uint8Array)) bad('archive must be a Uint8Array');
  for (const k of ['dockerfile', 'name'] as const)
    if (d[k] !== undefined && typeof d[k] !== 'string') bad(`${k} must be a string`);
  if (typeof d.dockerfile === 'string' && !isSafeRelativePath(d.dockerfile))
    bad(`dockerfile "${d.dockerfile}" is not a relative path`);
  const msg: HostMessage = { v: EMBED_PROTOCOL, type: 'init' };
  if (hasFiles) {
    if (!Array.isArray(d.files)) bad('files must be an array');
    const problems = (d.files as unknown[]).flatMap((f, i) => {
      const p = embedFileProblem(f);
      return p ? [`files[${i}]: ${p}`] : [];
    });
    if (problems.length > 0) bad(problems.join('; '));
    msg.files = d.files as EmbedFile[];
  } else {
    msg.archive = d.archive as Uint8Array;
  }
  if (typeof d.dockerfile === 'string') msg.dockerfile = d.dockerfile;
  if (typeof d.name === 'string') msg.name = d.name;
  return msg;
}

function embedFileProblem(value: unknown): string | undefined {
  const f = record(value);
  if (!f) return 'not an object';
  if (typeof f.path !== 'string' || !isSafeRelativePath(f.path))
    return `path ${JSON.stringify(f.path)} is not a relative path inside the project`;
  const modeOk =
    f.mode === undefined || (Number.isInteger(f.mode) && (f.mode as number) >= 0 && (f.mode as number) <= 0o7777);
  if (!modeOk) return `${f.path}: mode must be an integer from 0 to 0o7777`;
  switch (f.kind) {
    case undefined:
    case 'file':
      return typeof f.data === 'string' || f.data instanceof Uint8Array
        ? undefined
        : `${f.path}: data must be a string or a Uint8Array`;
    case 'dir':
      return undefined;
    case 'symlink':
      return typeof f.target === 'string' && f.target !== '' ? undefined : `${f.path}: a symlink needs a target`;
    default:
      return `${f.path}: kind must be file, dir or symlink`;
  }
}

/** The host's files as project entries: modes filled in as an import fills them. */
export function projectFiles(files: readonly EmbedFile[]): ProjectFile[] {
  return files.map((f): ProjectFile => {
    if (f.kind === 'dir') return { kind: 'dir', path: f.path, mode: f.mode ?? 0o755 };
    if (f.kind === 'symlink') return { kind: 'symlink', path: f.path, target: f.target };
    return { path: f.path, data: f.data, mode: f.mode ?? assumedMode(f.path) };
  });
}
