// COPY and ADD as build steps: resolve where sources come from (the context, an earlier stage,
// an image in the store, heredocs, ADD's URLs and local archives), then apply Docker's COPY
// rules onto the step's volume, whose changes become the layer.

import type { AddInstruction, CopyInstruction } from '../dockerfile/types.ts';
import { WharfError, located } from '../errors.ts';
import { readTar } from '../oci/tar-reader.ts';
import { sha256 } from '../oci/digest.ts';
import { detectArchive, tarBytes } from './archive-detect.ts';
import { resolveChown } from './chown.ts';
import { parseChmod } from './chmod.ts';
import { applyCopy, planCopy, type CopyOptions } from './copy.ts';
import type { BuildContext } from './build-context.ts';
import { basename, join } from '../path.ts';
import { applyLayers, dirNode, fileNode, lookup, type DirNode, type Volume } from '../rootfs/index.ts';
import type { StageState } from './stage-state.ts';
import type { StepEnv } from './steps.ts';

export interface CopyStepEnv extends StepEnv {
  context: BuildContext;
  /** The filesystem of a stage (by name or index) or image named in --from (as written). */
  source(from: string, line: number): Promise<{ fs: DirNode; name: string }>;
  fetch: ((url: string) => Promise<Response>) | undefined;
}

/** The slice of the fetch Response the builder uses (core has no DOM types). */
interface Response {
  ok: boolean;
  status: number;
  statusText: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const URL_RE = /^https?:\/\//i;
const GIT_RE = /^(git@|git:\/\/)|\.git(#.*)?$/i;

/** COPY/ADD, already expanded (expandInstruction), onto `vol`, opened over the stage's tree. */
export async function copyStep(
  ins: CopyInstruction | AddInstruction,
  s: StageState,
  vol: Volume,
  env: CopyStepEnv,
): Promise<void> {
  const where = { file: env.file, line: ins.line };
  try {
    const dest = ins.dest;
    const opts: CopyOptions = {
      dest,
      workdir: s.image.config.WorkingDir || '/',
      exclude: ins.exclude,
      parents: ins.parents,
      sourceName: 'build context',
      instruction: ins.kind,
    };
    if (ins.chmod !== undefined) opts.chmod = parseChmod(ins.chmod);
    if (ins.chown !== undefined) opts.chown = resolveChown(ins.chown, s.fs);

    let src = env.context.root;
    if (ins.kind === 'COPY' && ins.from !== undefined) {
      const from = await env.source(ins.from, ins.line);
      src = from.fs;
      opts.sourceName = from.name;
    } else {
      opts.unreadable = env.context.unreadable;
      opts.used = env.context.used;
    }
    const sources = ins.sources;

    // Heredoc sources become files named after their delimiter.
    if (ins.contents.length > 0) {
      const tmp = dirNode(
        {},
        ins.contents.map((c) => [basename('/' + c.path), fileNode(c.data)]),
      );
      const items = planCopy(
        tmp,
        vol,
        ins.contents.map((c) => ({ path: c.path })),
        { ...opts, sourceName: 'heredoc' },
      );
      applyCopy(tmp, vol, items, opts);
    }

    if (ins.kind === 'ADD') {
      const local: string[] = [];
      for (const source of sources) {
        if (GIT_RE.test(source)) {
          throw new WharfError('BUILD_UNSUPPORTED', `ADD of a git repository (${source}) is not supported here`);
        }
        if (URL_RE.test(source)) await addUrl(source, ins, vol, env, opts);
        else local.push(source);
      }
      addLocal(local, src, vol, opts);
      return;
    }
    if (sources.length > 0) {
      const items = planCopy(
        src,
        vol,
        sources.map((path) => ({ path })),
        opts,
      );
      applyCopy(src, vol, items, opts);
    }
  } catch (e) {
    if (e instanceof WharfError && e.line === undefined) throw located(e.code, where, e.message, e);
    throw e;
  }
}

/** ADD of local files: tar archives (plain or gzip) are unpacked into the destination. */
function addLocal(sources: string[], src: DirNode, vol: Volume, opts: CopyOptions): void {
  const plain: string[] = [];
  for (const source of sources) {
    const node = lookup(src, source);
    const kind = node?.kind === 'file' ? detectArchive(node.data) : 'none';
    if (node?.kind !== 'file' || kind === 'none') {
      plain.push(source);
      continue;
    }
    const extracted = applyLayers([[...readTar(tarBytes(node.data, kind, source))]]);
    // An archive always unpacks into a directory, whatever the destination's trailing slash.
    const dirOpts: CopyOptions = { ...opts, dest: opts.dest.endsWith('/') ? opts.dest : opts.dest + '/' };
    const items = planCopy(extracted, vol, [{ path: '.' }], dirOpts);
    applyCopy(extracted, vol, items, dirOpts);
  }
  if (plain.length > 0) {
    const items = planCopy(
      src,
      vol,
      plain.map((path) => ({ path })),
      opts,
    );
    applyCopy(src, vol, items, opts);
  }
}

async function addUrl(
  url: string,
  ins: AddInstruction,
  vol: Volume,
  env: CopyStepEnv,
  opts: CopyOptions,
): Promise<void> {
  if (!env.fetch) throw new WharfError('BUILD_FETCH', `ADD ${url}: fetching URLs is not available here`);
  let bytes: Uint8Array;
  try {
    const res = await env.fetch(url);
    if (!res.ok)
      throw new WharfError('BUILD_FETCH', `ADD ${url}: the server answered ${res.status} ${res.statusText}`.trim());
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof WharfError) throw e;
    throw new WharfError(
      'BUILD_FETCH',
      `ADD ${url}: the download failed (${(e as Error).message}); in a browser the server must allow cross-origin requests (CORS)`,
      { cause: e },
    );
  }
  if (ins.checksum !== undefined) {
    const want = ins.checksum;
    const got = await sha256(bytes);
    if (got !== want)
      throw new WharfError('DIGEST_MISMATCH', `ADD ${url}: checksum ${got} does not match --checksum=${want}`);
  }
  const name = basename(new URL(url).pathname) || 'index.html';
  const tmp = dirNode({}, [[name, fileNode(bytes, { mode: 0o600 })]]);
  // A URL's file lands at dest, or inside dest when dest ends with "/".
  const target = opts.dest.endsWith('/') ? join(opts.dest, name) : opts.dest;
  const items = planCopy(tmp, vol, [{ path: name }], { ...opts, dest: target });
  applyCopy(tmp, vol, items, opts);
}
