// The builder: Dockerfile + context files -> an OCI image committed to a Store, as
// `docker buildx build --platform wasi/wasm` makes it. Stages build lazily (only what the target
// needs), every step reports progress, unchanged steps are served from the build cache, and the
// image is committed in one atomic store write at the end, so a failed build leaves nothing.

import {
  diagnosticsError,
  expandInstruction,
  expandWord,
  parseDockerfile,
  type Instruction,
  type ParseResult,
  type RunInstruction,
  type Stage,
} from '../dockerfile/index.ts';
import { WharfError, isWharfError, located } from '../errors.ts';
import {
  buildConfig,
  readTar,
  canonicalJson,
  createImage,
  imageBlobs,
  layerFromTar,
  layerTar,
  normalizeRef,
  sha256,
  sha256Sync,
  writeTar,
  type Digest,
  containerImage,
  type ContainerImage,
  type Layer,
  type WasmPlatform,
} from '../oci/index.ts';
import type { ProjectFile } from '../project.ts';
import { contextFiles, fileBytes } from '../project.ts';
import type { Store } from '../store.ts';
import { findRef, imageRecord, loadImage } from '../store-image.ts';
import { BuildArgs, platformArgs } from './args.ts';
import { contextTree, type BuildContext } from './build-context.ts';
import { copyStep, type CopyStepEnv } from './copy-step.ts';
import { ImageState } from './image-state.ts';
import { LayerMemo, entriesKey } from './layer-memo.ts';
import type { BuildEvent } from './progress.ts';
import { Reporter } from './reporter.ts';
import {
  applyLayerOnto,
  changesLayer,
  dirNode,
  freezeVolume,
  imageRootfs,
  openVolume,
  volumeChanges,
  walkTree,
  type DirNode,
} from '../rootfs/index.ts';
import type { TarEntry } from '../oci/types.ts';
import { stageLookup, type StageState } from './stage-state.ts';
import { applyMetadata } from './steps.ts';
import { executeRun, prepareRun, type ProgramRunner, type RunStepEnv } from './run-step.ts';
import type { VertexLog, VertexResult } from './reporter.ts';

export interface BuildOptions {
  files: readonly ProjectFile[];
  /** Path of the Dockerfile among `files`. */
  dockerfile?: string;
  /** Context paths the host could not read, with why: only a COPY that needs one fails. */
  unreadable?: ReadonlyMap<string, string>;
  /** Image reference to tag ("hello" -> docker.io/library/hello:latest). */
  tag?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  platform?: WasmPlatform;
  /** SOURCE_DATE_EPOCH: image and layer timestamps, seconds. Default 0. */
  sourceDateEpoch?: number;
  store: Store;
  onEvent?: (e: BuildEvent) => void;
  /** For ADD <url>; absent: ADD of URLs fails with a clear error. */
  fetch?: (
    url: string,
  ) => Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** Layers built earlier in this session (shared across builds for an instant rebuild). */
  memo?: LayerMemo;
  /** Images that FROM and COPY --from names resolve to before the store (the built-in toolchains). */
  baseImages?: BaseImages;
  /** Runs RUN steps' programs (the runtime's process model); absent: RUN fails with a clear error. */
  run?: ProgramRunner;
  /** RUN --mount=type=cache contents by id, kept across builds (default: this module's own). */
  cacheMounts?: Map<string, DirNode>;
  /** Clock for the store record; core takes no clock of its own. */
  now?: () => number;
  /**
   * For a FROM or COPY --from image the store lacks: puts it in the store (a registry pull) and
   * returns the ref it is stored under, or undefined when the name is not one it can pull.
   */
  pull?: (ref: string, signal?: AbortSignal) => Promise<string | undefined>;
  signal?: AbortSignal;
}

/** A host's built-in images (core/images' BuiltinImages): looked up before the store. */
export interface BaseImages {
  resolve(
    name: string,
    onProgress?: (p: { label: string; loaded: number; total: number }) => void,
  ): Promise<{ image: ContainerImage; ref: string; note?: string } | undefined>;
}

export interface BuildResult {
  image: ContainerImage;
  /** The normalized ref committed ("docker.io/library/hello:latest"), or the manifest digest. */
  ref: string;
  steps: number;
  cached: number;
  warnings: string[];
  /** False for an unchanged rebuild: the ref already named this image and nothing was written. */
  committed: boolean;
}

const DEFAULT_MEMO = new LayerMemo();
const DEFAULT_CACHE_MOUNTS = new Map<string, DirNode>();

export async function build(opts: BuildOptions): Promise<BuildResult> {
  return new Builder(opts).run();
}

interface StageResult {
  state: StageState;
}

class Builder {
  readonly #o: BuildOptions;
  readonly #file: string;
  readonly #platform: WasmPlatform;
  readonly #epoch: number;
  readonly #created: string;
  readonly #memo: LayerMemo;
  readonly #buildArgs: BuildArgs;
  readonly #stages = new Map<number, Promise<StageResult>>();
  /** Layers this build's RUN steps made (or took from the cache): committed with the image. */
  readonly #runLayers = new Map<Digest, boolean>();
  /** Layer bytes this build has in memory (built, memoized or from a base image), by digest. */
  readonly #blobs = new Map<Digest, Uint8Array>();
  #parsed!: ParseResult;
  #context!: BuildContext;
  #globals = new Map<string, string | undefined>();
  readonly #report: Reporter;
  #steps = 0;

  constructor(o: BuildOptions) {
    this.#o = o;
    this.#file = o.dockerfile ?? 'Dockerfile';
    this.#platform = o.platform ?? 'wasi/wasm';
    this.#epoch = o.sourceDateEpoch ?? Number(o.buildArgs?.SOURCE_DATE_EPOCH ?? 0);
    this.#created = new Date(this.#epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.#memo = o.memo ?? DEFAULT_MEMO;
    this.#buildArgs = new BuildArgs(o.buildArgs ?? {});
    this.#report = new Reporter(this.#file, o.onEvent);
  }

  async run(): Promise<BuildResult> {
    const ref = this.#o.tag === undefined ? undefined : normalizeRef(this.#o.tag);
    await this.#report.vertex('[internal] load build definition from ' + this.#file, async () => this.#load());
    await this.#report.vertex('[internal] load build context', async () => {
      this.#context = contextTree(this.#o.files, {
        dockerfile: this.#file,
        ...(this.#o.unreadable ? { unreadable: this.#o.unreadable } : {}),
      });
      return { bytes: contextFiles(this.#o.files).reduce((n, f) => n + fileBytes(f).byteLength, 0) };
    });
    const target = this.#targetStage();
    const { state } = await this.#stage(target.index);
    for (const name of this.#buildArgs.unused()) {
      this.#report.warn(`build-arg "${name}" was not consumed by any ARG`);
    }
    for (const path of unusedSources(this.#context)) {
      this.#report.warn(
        `${path} is in the build context but no COPY, ADD or RUN --mount of this build uses it: editing it does not change the image`,
      );
    }
    let image!: ContainerImage;
    let committed = false;
    const finalRef = await this.#report.vertex('exporting to image', async () => {
      const config = buildConfig({
        diff_ids: state.layers.map((l) => l.digest),
        platform: this.#platform,
        created: this.#epoch,
        config: state.image.config,
        history: state.image.history,
        author: state.image.author,
      });
      const layers: Layer[] = [];
      for (const l of state.layers) {
        const blob = this.#blobs.get(l.digest) ?? (await this.#o.store.get(l.digest));
        if (!blob) throw new WharfError('NOT_FOUND', `layer ${l.digest} is missing from the store`);
        layers.push(await layerFromTar(blob, l.digest));
      }
      image = await createImage(config, layers);
      const r = ref ?? image.manifestDigest;
      this.#o.signal?.throwIfAborted();
      // RUN layers go in with the image, so the build cache can serve them after a reload;
      // those of other stages are reached by no ref: a Prune drops them with the cache they serve.
      const blobs = imageBlobs(image);
      let missing = false;
      for (const [d, built] of this.#runLayers) {
        if (blobs.has(d)) continue;
        // A layer a step made now goes in (writes are idempotent); one the cache served is
        // there already unless a Prune took it, which a session's own commit rules out.
        if (!built && (this.#memo.stored(this.#o.store, d) || (await this.#o.store.has(d)))) continue;
        blobs.set(d, this.#blobs.get(d)!);
        missing = true;
      }
      // An unchanged rebuild of a tagged image has nothing to write.
      if (missing || (await this.#o.store.getRef(r))?.manifest !== image.manifestDigest) {
        await this.#o.store.commit(imageRecord(image, r, this.#o.now?.() ?? 0), blobs);
        committed = true;
      }
      for (const d of this.#runLayers.keys()) this.#memo.noteStored(this.#o.store, d);
      return { detail: `naming to ${r} done`, result: r };
    });
    return {
      image,
      ref: finalRef,
      steps: this.#steps,
      cached: this.#report.cached,
      warnings: this.#report.warnings,
      committed,
    };
  }

  #load(): void {
    const df = contextFiles(this.#o.files).find((f) => f.path === this.#file);
    if (!df)
      throw new WharfError('NOT_FOUND', `${this.#file}: no such file in the build context`, { file: this.#file });
    const text = typeof df.data === 'string' ? df.data : new TextDecoder().decode(df.data);
    this.#parsed = parseDockerfile(text, { file: this.#file });
    const error = diagnosticsError(this.#parsed.diagnostics);
    if (error) throw error;
    for (const d of this.#parsed.diagnostics) this.#report.warn(`${d.message}${d.rule ? ` (${d.rule})` : ''}`, d.line);
    if (this.#parsed.stages.length === 0) {
      throw new WharfError('DOCKERFILE_SYNTAX', `${this.#file}: the file has no FROM instruction`, {
        file: this.#file,
      });
    }
    // Global ARGs: --build-arg, else the default expanded with the globals before it.
    const auto = platformArgs(this.#platform);
    for (const [k, v] of auto) this.#globals.set(k, v);
    for (const ins of this.#parsed.globalArgs) {
      for (const a of ins.args) {
        const def = a.value;
        const value =
          this.#buildArgs.take(a.key) ?? (def === undefined ? undefined : this.#expandGlobal(def, ins.line));
        this.#globals.set(a.key, value);
      }
    }
  }

  #expandGlobal(word: string, line: number): string {
    return expandWord(word, (n) => this.#globals.get(n), {
      escape: this.#parsed.directives.escape,
      file: this.#file,
      line,
    });
  }

  #targetStage(): Stage {
    const stages = this.#parsed.stages;
    if (this.#o.target === undefined) return stages[stages.length - 1]!;
    const t = this.#o.target.toLowerCase();
    const found = stages.find((s) => s.name === t);
    if (!found) {
      const names = stages.flatMap((s) => (s.name ? [s.name] : []));
      throw new WharfError(
        'BUILD_STAGE',
        `target stage "${this.#o.target}" could not be found${names.length ? ` (stages: ${names.join(', ')})` : ''}`,
      );
    }
    return found;
  }

  #stage(index: number): Promise<StageResult> {
    let p = this.#stages.get(index);
    if (!p) {
      p = this.#buildStage(this.#parsed.stages[index]!);
      this.#stages.set(index, p);
    }
    return p;
  }

  /** A stage's filesystem for COPY --from: an earlier stage by name or index, or a stored image. */
  async #source(from: string, current: Stage, line: number): Promise<{ fs: DirNode; name: string }> {
    const stages = this.#parsed.stages;
    const byName = stages.findIndex((s) => s.name === from.toLowerCase());
    const byIndex = /^\d+$/.test(from) ? Number(from) : -1;
    const index = byName >= 0 ? byName : byIndex;
    if (index >= 0) {
      if (index >= current.index) {
        throw located(
          'BUILD_STAGE',
          { file: this.#file, line },
          `COPY --from=${from}: a stage can only copy from an earlier stage`,
        );
      }
      const { state } = await this.#stage(index);
      return { fs: state.fs, name: `stage "${from}"` };
    }
    const image = await this.#storedImage(from, line, 'COPY --from');
    return { fs: await this.#unpacked(image, from, line), name: `image "${from}"` };
  }

  /** The tree of a stored or pulled image; a layer that is not what its diff_id says fails the line naming it. */
  async #unpacked(image: ContainerImage, name: string, line: number): Promise<DirNode> {
    try {
      return await this.#memo.tree(image, imageRootfs);
    } catch (e) {
      if (!isWharfError(e)) throw e;
      throw located(e.code, { file: this.#file, line }, `image "${name}": ${e.message}`, e);
    }
  }

  /** A base image: a built-in one (made, then kept in the store), else one the store has, else pulled. */
  async #storedImage(name: string, line: number, what: string, log?: VertexLog): Promise<ContainerImage> {
    const builtin = await this.#o.baseImages?.resolve(name, throttled(log));
    if (builtin) {
      if (builtin.note) log?.note(builtin.note);
      const ref = normalizeRef(builtin.ref);
      // Checked once a session: a rebuild does not ask the store again.
      const kept = this.#memo.reached(this.#o.store, `builtin ${ref} ${builtin.image.manifestDigest}`);
      if (!kept && (await this.#o.store.getRef(ref))?.manifest !== builtin.image.manifestDigest) {
        await this.#o.store.commit(imageRecord(builtin.image, ref, this.#o.now?.() ?? 0), imageBlobs(builtin.image));
      }
      return builtin.image;
    }
    const missing = `${what}: "${name}" is neither a build stage nor an image in the local store`;
    let ref = await findRef(this.#o.store, name);
    if (ref === undefined && this.#o.pull) {
      try {
        ref = await this.#o.pull(name, this.#o.signal);
      } catch (e) {
        if (!isWharfError(e)) throw e;
        throw located(e.code, { file: this.#file, line }, `${missing}, and pulling it failed: ${e.message}`, e);
      }
    }
    if (ref === undefined) {
      throw located(
        'BUILD_STAGE',
        { file: this.#file, line },
        `${missing}${this.#o.pull ? ' or a registry' : ' (Wharf cannot pull from registries: build or import the image first)'}`,
      );
    }
    const image = await loadImage(this.#o.store, ref);
    try {
      return containerImage(image, `image "${name}"`);
    } catch (e) {
      // BuildKit has no filesystem to start from either; the artifact's .wasm is for running.
      throw located(
        'BUILD_STAGE',
        { file: this.#file, line },
        `${what}: ${(e as Error).message}, nothing to build on`,
        e,
      );
    }
  }

  async #buildStage(stage: Stage): Promise<StageResult> {
    const from = stage.from;
    const image = this.#expandGlobal(from.image, from.line);
    const total = stage.instructions.length + 1;
    // BuildKit's vertex names: "[2/3] ...", or "[build 2/3] ..." / "[stage-1 2/3] ..." with stages.
    const prefix = stage.name ?? (this.#parsed.stages.length > 1 ? `stage-${stage.index}` : '');
    const label = (n: number): string => `[${prefix ? prefix + ' ' : ''}${n}/${total}]`;
    const state: StageState = {
      index: stage.index,
      name: stage.name,
      fs: dirNode(),
      image: new ImageState(),
      layers: [],
      args: new Map(),
      key: '',
      get workdir() {
        return this.image.config.WorkingDir || '/';
      },
    };
    const fromName = `${label(1)} FROM ${image}${stage.name ? ` AS ${stage.name}` : ''}`;
    this.#steps++;
    let onbuild: string[] = [];
    await this.#report.vertex(fromName, async (log) => {
      const lower = image.toLowerCase();
      const earlier = this.#parsed.stages.findIndex((s) => s.name === lower && s.index < stage.index);
      if (lower === 'scratch') {
        state.key = key(['scratch', this.#platform]);
      } else if (earlier >= 0) {
        const base = (await this.#stage(earlier)).state;
        state.fs = base.fs;
        state.image = base.image.clone();
        state.layers = [...base.layers];
        state.key = base.key;
      } else {
        const base = await this.#storedImage(image, from.line, 'FROM', log);
        state.fs = await this.#unpacked(base, image, from.line);
        state.image = new ImageState(base.config);
        state.layers = base.layers.map((l) => ({ digest: l.diffId, size: l.blob.byteLength }));
        // Stored images keep layers uncompressed (compression happens at export).
        for (const l of base.layers) this.#blobs.set(l.diffId, layerTar(l));
        state.key = key(['image', base.manifestDigest]);
      }
      onbuild = state.image.config.OnBuild ?? [];
      // Triggers run once, in the child; the child image does not inherit them.
      if (state.image.config.OnBuild) state.image.config.OnBuild = null;
      return { cached: true };
    });
    for (const trigger of onbuild) {
      const parsed = parseDockerfile(`FROM scratch\n${trigger}\n`, { file: `${this.#file} (ONBUILD of ${image})` });
      const ins = parsed.stages[0]?.instructions[0];
      if (!ins)
        throw located(
          'DOCKERFILE_SYNTAX',
          { file: this.#file, line: from.line },
          `bad ONBUILD trigger "${trigger}" in ${image}`,
        );
      await this.#step(stage, state, { ...ins, line: from.line }, `${label(1)} ONBUILD ${trigger}`);
    }
    for (const [i, ins] of stage.instructions.entries()) {
      this.#o.signal?.throwIfAborted();
      await this.#step(stage, state, ins, `${label(i + 2)} ${ins.original}`);
    }
    return { state };
  }

  async #step(stage: Stage, s: StageState, ins: Instruction, name: string): Promise<void> {
    this.#steps++;
    const env: CopyStepEnv & RunStepEnv = {
      file: this.#file,
      escape: this.#parsed.directives.escape,
      argValue: (n, def) =>
        this.#buildArgs.take(n) ?? platformArgs(this.#platform).get(n) ?? def ?? this.#globals.get(n),
      context: this.#context,
      // BuildKit expands COPY --from with the global ARGs only.
      source: (from, line) => this.#source(this.#expandGlobal(from, line), stage, line),
      fetch: this.#o.fetch,
      run: this.#o.run,
      cacheMounts: this.#o.cacheMounts ?? DEFAULT_CACHE_MOUNTS,
      epoch: this.#epoch,
    };
    await this.#report.vertex(
      name,
      async (log) => {
        const x = expandInstruction(ins, stageLookup(s), { escape: env.escape, file: this.#file });
        if (x.kind === 'RUN') return this.#run(x, s, env, log);
        const before = s.fs;
        const epoch = BigInt(this.#epoch) * 1_000_000_000n;
        const vol = openVolume(before, () => epoch);
        if (x.kind === 'COPY' || x.kind === 'ADD') await copyStep(x, s, vol, env);
        else if (x.kind === 'FROM') throw new WharfError('INTERNAL', 'FROM inside a stage');
        else applyMetadata(x, s, vol, env);
        const changes = volumeChanges(vol, before, '/');
        if (changes.length > 0) s.fs = freezeVolume(vol);
        const createdBy =
          ins.kind === 'COPY' || ins.kind === 'ADD' || ins.kind === 'WORKDIR'
            ? `${ins.original} # buildkit`
            : ins.original;
        if (changes.length === 0 && ins.kind !== 'COPY' && ins.kind !== 'ADD') {
          // BuildKit records no history for ONBUILD: it only adds a trigger to the config.
          if (ins.kind !== 'ONBUILD') s.image.record(createdBy, this.#created, true);
          s.key = key([s.key, ins.kind, canonicalJson(s.image.config), ins.original]);
          return { cached: this.#memo.reached(this.#o.store, s.key) };
        }
        const layer = await this.#layer(changesLayer(s.fs, changes, this.#epoch));
        s.layers.push({ digest: layer.digest, size: layer.tar.byteLength });
        s.image.record(createdBy, this.#created, false);
        this.#blobs.set(layer.digest, layer.tar);
        // The layer's digest is the content: the key of everything after this step.
        s.key = key([s.key, ins.kind, ins.original, layer.digest]);
        // Served from this session's memo: neither tarred nor hashed again.
        return { cached: layer.memo, bytes: layer.tar.byteLength };
      },
      ins.line,
    );
  }

  /**
   * A RUN step: served from the build cache when the same command already ran on the same
   * stage (its layer is applied instead), else run, its changes made a layer and remembered.
   */
  async #run(ins: RunInstruction, s: StageState, env: RunStepEnv, log: VertexLog): Promise<VertexResult<void>> {
    const p = await prepareRun(ins, s, env);
    const k = key([s.key, 'RUN', p.key]);
    const createdBy = `RUN ${p.display} # buildkit`;
    const hit = await this.#cachedRun(k);
    if (hit) {
      s.fs = hit.layer ? applyLayerOnto(s.fs, [...readTar(hit.layer.tar)]) : s.fs;
      if (hit.layer) {
        s.layers.push({ digest: hit.layer.digest, size: hit.layer.tar.byteLength });
        this.#blobs.set(hit.layer.digest, hit.layer.tar);
        if (!this.#runLayers.has(hit.layer.digest)) this.#runLayers.set(hit.layer.digest, false);
      }
      s.image.record(createdBy, this.#created, !hit.layer);
      s.key = k;
      return { cached: true, bytes: hit.layer?.tar.byteLength };
    }
    const { tree, changes } = await executeRun(p, s, env, log, ins.line);
    this.#o.signal?.throwIfAborted();
    s.fs = tree;
    s.key = k;
    if (changes.length === 0) {
      s.image.record(createdBy, this.#created, true);
      this.#remember(k, null);
      this.#memo.rememberRun(this.#o.store, k, null);
      return {};
    }
    const layer = await this.#layer(changesLayer(tree, changes, this.#epoch));
    s.layers.push({ digest: layer.digest, size: layer.tar.byteLength });
    s.image.record(createdBy, this.#created, false);
    this.#blobs.set(layer.digest, layer.tar);
    this.#runLayers.set(layer.digest, true);
    this.#remember(k, layer.digest);
    this.#memo.rememberRun(this.#o.store, k, layer.digest);
    return { bytes: layer.tar.byteLength };
  }

  /**
   * Keeps a RUN's result in the build cache. Nothing later in the build waits for the store to
   * have it (the layer itself goes in with the image): a failed cache write costs only a rerun.
   */
  #remember(k: string, layer: Digest | null): void {
    void this.#o.store.putCache(k, { layer }).catch(() => undefined);
  }

  /** A RUN's remembered result, when its layer can still be read (memo, this build, the store). */
  async #cachedRun(k: string): Promise<{ layer: { tar: Uint8Array; digest: Digest } | null } | undefined> {
    let digest: unknown = this.#memo.runResult(this.#o.store, k);
    if (digest === undefined) {
      const value = await this.#o.store.getCache(k);
      if (typeof value !== 'object' || value === null || !('layer' in value)) return undefined;
      digest = (value as { layer: unknown }).layer;
    }
    if (digest === null) return { layer: null };
    if (typeof digest !== 'string' || !digest.startsWith('sha256:')) return undefined;
    const d = digest as Digest;
    const tar = this.#blobs.get(d) ?? this.#memo.blob(d) ?? (await this.#o.store.get(d));
    if (!tar) return undefined;
    this.#memo.rememberRun(this.#o.store, k, d);
    return { layer: { tar, digest: d } };
  }

  /** The layer tar for a step's entries: from the memo when its inputs are unchanged. */
  async #layer(entries: TarEntry[]): Promise<{ tar: Uint8Array; digest: Digest; memo: boolean }> {
    const memoKey = entriesKey(entries);
    const hit = this.#memo.get(memoKey);
    if (hit) return { ...hit, memo: true };
    const tar = writeTar(
      entries.map((e) => ({
        path: e.path,
        type: e.type === 'other' ? 'file' : e.type,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        linkname: e.linkname,
        data: e.data,
      })),
      { mtime: this.#epoch },
    );
    const built = { tar, digest: await sha256(tar) };
    this.#memo.set(memoKey, built);
    return { ...built, memo: false };
  }
}

function key(parts: unknown[]): string {
  return sha256Sync(new TextEncoder().encode(JSON.stringify(parts)));
}

/** Package loading progress as build log lines: one per file at every 10%, not one per chunk. */
function throttled(
  log: VertexLog | undefined,
): ((p: { label: string; loaded: number; total: number }) => void) | undefined {
  if (!log) return undefined;
  const shown = new Map<string, number>();
  return (p) => {
    const step = p.total > 0 ? Math.floor((10 * p.loaded) / p.total) : 10;
    if ((shown.get(p.label) ?? -1) >= step) return;
    shown.set(p.label, step);
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    log.note(`loading ${p.label}: ${mb(p.loaded)} MB of ${mb(p.total)} MB (${step * 10}%)`);
  };
}

/** Source code no step used (what a user edits and expects to run): a prebuilt module's project. */
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|py|rs|go|zig|wat)$/i;

function unusedSources(context: BuildContext): string[] {
  const out: string[] = [];
  for (const [path, node] of walkTree(context.root)) {
    if (node.kind === 'file' && SOURCE.test(path) && !context.used.has(node)) out.push(path);
  }
  return out.sort();
}
