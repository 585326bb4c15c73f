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
  type Stage,
} from '../dockerfile/index.ts';
import { WharfError, isWharfError, located } from '../errors.ts';
import {
  buildConfig,
  canonicalJson,
  createImage,
  imageBlobs,
  imageRecord,
  layerFromTar,
  layerTar,
  normalizeRef,
  readTar,
  sha256,
  sha256Sync,
  writeTar,
  type Digest,
  type Image,
  type Layer,
  type WasmPlatform,
} from '../oci/index.ts';
import type { ProjectFile } from '../project.ts';
import { fileBytes } from '../project.ts';
import type { Store } from '../store.ts';
import { findRef, loadImage } from '../store-image.ts';
import { BuildArgs, platformArgs } from './args.ts';
import { contextSnapshot } from './context.ts';
import { copyStep, type CopyStepEnv } from './copy-step.ts';
import { ImageState } from './image-state.ts';
import { LayerMemo, entriesKey } from './layer-memo.ts';
import type { BuildEvent } from './progress.ts';
import { Reporter } from './reporter.ts';
import { Snapshot, layerEntries } from './snapshot.ts';
import { stageLookup, type StageState } from './stage-state.ts';
import { applyMetadata, type StepEnv } from './steps.ts';

export interface BuildOptions {
  files: readonly ProjectFile[];
  /** Path of the Dockerfile among `files`. */
  dockerfile?: string;
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
  /** Clock for the store record; core takes no clock of its own. */
  now?: () => number;
  /**
   * For a FROM or COPY --from image the store lacks: puts it in the store (a registry pull) and
   * returns the ref it is stored under, or undefined when the name is not one it can pull.
   */
  pull?: (ref: string, signal?: AbortSignal) => Promise<string | undefined>;
  signal?: AbortSignal;
}

export interface BuildResult {
  image: Image;
  /** The normalized ref committed ("docker.io/library/hello:latest"), or the manifest digest. */
  ref: string;
  steps: number;
  cached: number;
  warnings: string[];
}

const DEFAULT_MEMO = new LayerMemo();

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
  /** Layer bytes this build has in memory (built, memoized or from a base image), by digest. */
  readonly #blobs = new Map<Digest, Uint8Array>();
  #parsed!: ParseResult;
  #context!: Snapshot;
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
      this.#context = contextSnapshot(this.#o.files, { dockerfile: this.#file });
      return { bytes: this.#o.files.reduce((n, f) => n + fileBytes(f).byteLength, 0) };
    });
    const target = this.#targetStage();
    const { state } = await this.#stage(target.index);
    for (const name of this.#buildArgs.unused()) {
      this.#report.warn(`build-arg "${name}" was not consumed by any ARG`);
    }
    let image!: Image;
    const finalRef = await this.#report.vertex('exporting to image', async () => {
      const config = buildConfig({
        diff_ids: state.layers.map((l) => l.digest),
        platform: this.#platform,
        created: this.#epoch,
        config: state.image.config,
        history: state.image.history,
        ...(state.image.author !== undefined ? { author: state.image.author } : {}),
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
      // An unchanged rebuild of a tagged image has nothing to write.
      if ((await this.#o.store.getRef(r))?.manifest !== image.manifestDigest) {
        await this.#o.store.commit(imageRecord(image, r, this.#o.now?.() ?? 0), imageBlobs(image));
      }
      return { detail: `naming to ${r} done`, result: r };
    });
    return { image, ref: finalRef, steps: this.#steps, cached: this.#report.cached, warnings: this.#report.warnings };
  }

  #load(): void {
    const df = this.#o.files.find((f) => f.path === this.#file);
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
  async #source(from: string, current: Stage, line: number): Promise<{ fs: Snapshot; name: string }> {
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
    return { fs: await imageSnapshot(image), name: `image "${from}"` };
  }

  async #storedImage(name: string, line: number, what: string): Promise<Image> {
    let ref = await findRef(this.#o.store, name);
    if (ref === undefined && this.#o.pull) {
      try {
        ref = await this.#o.pull(name, this.#o.signal);
      } catch (e) {
        if (!isWharfError(e)) throw e;
        throw located(e.code, { file: this.#file, line }, `${what} ${name}: ${e.message}`, e);
      }
    }
    if (ref === undefined) {
      throw located(
        'BUILD_STAGE',
        { file: this.#file, line },
        `${what}: "${name}" is neither a build stage nor an image in the local store${this.#o.pull ? ' or a registry' : ' (Wharf cannot pull from registries: build or import the image first)'}`,
      );
    }
    return loadImage(this.#o.store, ref);
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
      fs: new Snapshot(),
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
    await this.#report.vertex(fromName, async () => {
      const lower = image.toLowerCase();
      const earlier = this.#parsed.stages.findIndex((s) => s.name === lower && s.index < stage.index);
      if (lower === 'scratch') {
        state.key = key(['scratch', this.#platform]);
      } else if (earlier >= 0) {
        const base = (await this.#stage(earlier)).state;
        state.fs = base.fs.clone();
        state.image = base.image.clone();
        state.layers = [...base.layers];
        state.key = base.key;
      } else {
        const base = await this.#storedImage(image, from.line, 'FROM');
        state.fs = await imageSnapshot(base);
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
    const env: CopyStepEnv = {
      file: this.#file,
      escape: this.#parsed.directives.escape,
      argValue: (n, def) =>
        this.#buildArgs.take(n) ?? platformArgs(this.#platform).get(n) ?? def ?? this.#globals.get(n),
      context: this.#context,
      // BuildKit expands COPY --from with the global ARGs only.
      source: (from, line) => this.#source(this.#expandGlobal(from, line), stage, line),
      fetch: this.#o.fetch,
    };
    await this.#report.vertex(
      name,
      async () => {
        let changed: string[];
        const x = expandInstruction(ins, stageLookup(s), { escape: env.escape, file: this.#file });
        if (ins.kind === 'RUN') {
          throw located(
            'BUILD_UNSUPPORTED',
            { file: this.#file, line: ins.line },
            'RUN cannot execute here: a Wasm image has no shell and Wharf cannot run build toolchains yet. Build the module elsewhere and COPY the .wasm into the image',
          );
        }
        if (x.kind === 'COPY' || x.kind === 'ADD') changed = await copyStep(x, s, env);
        else if (x.kind === 'FROM') throw new WharfError('INTERNAL', 'FROM inside a stage');
        else changed = applyMetadata(x, s, env).changed;
        const createdBy =
          ins.kind === 'COPY' || ins.kind === 'ADD' || ins.kind === 'WORKDIR'
            ? `${ins.original} # buildkit`
            : ins.original;
        if (changed.length === 0 && ins.kind !== 'COPY' && ins.kind !== 'ADD') {
          s.image.record(createdBy, this.#created, true);
          const k = key([s.key, ins.kind, canonicalJson(s.image.config), ins.original]);
          const cached = await this.#cacheHas(k);
          if (!cached) await this.#cachePut(k, { kind: ins.kind });
          s.key = k;
          return { cached };
        }
        const layer = await this.#layer(s, changed);
        s.layers.push({ digest: layer.digest, size: layer.tar.byteLength });
        s.image.record(createdBy, this.#created, false);
        const k = key([s.key, ins.kind, ins.original, layer.digest]);
        this.#blobs.set(layer.digest, layer.tar);
        const cached = (await this.#cacheHas(k)) && (await this.#o.store.has(layer.digest));
        if (!cached) await this.#cachePut(k, { layer: layer.digest, size: layer.tar.byteLength });
        s.key = k;
        return { cached, bytes: layer.tar.byteLength };
      },
      ins.line,
    );
  }

  /** The layer tar for the changed keys: from the memo when its inputs are unchanged. */
  async #layer(s: StageState, changed: string[]): Promise<{ tar: Uint8Array; digest: Digest }> {
    const entries = layerEntries(s.fs, changed, this.#epoch);
    const memoKey = entriesKey(entries);
    const hit = this.#memo.get(memoKey);
    if (hit) return hit;
    const tar = writeTar(
      entries.map((e) => ({
        path: e.path,
        type: e.type === 'other' ? 'file' : e.type,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
        data: e.data,
      })),
      { mtime: this.#epoch },
    );
    const built = { tar, digest: await sha256(tar) };
    this.#memo.set(memoKey, built);
    return built;
  }

  /** Cache keys seen in this session are answered from memory: no store round trip per step. */
  async #cacheHas(k: string): Promise<boolean> {
    if (this.#memo.hasKey(this.#o.store, k)) return true;
    const found = (await this.#o.store.getCache(k)) !== undefined;
    if (found) this.#memo.addKey(this.#o.store, k);
    return found;
  }

  async #cachePut(k: string, value: unknown): Promise<void> {
    await this.#o.store.putCache(k, value);
    this.#memo.addKey(this.#o.store, k);
  }
}

function key(parts: unknown[]): string {
  return sha256Sync(new TextEncoder().encode(JSON.stringify(parts)));
}

/** A stored image's layers applied in order (whiteouts honoured). */
async function imageSnapshot(image: Image): Promise<Snapshot> {
  const fs = new Snapshot();
  for (const l of image.layers) fs.applyLayer(readTar(layerTar(l)));
  return fs;
}
