// Reads image tarballs: OCI image layouts (index -> manifest, nested indexes, the Wasm platform
// picked among several; an OCI Wasm artifact as oci-tar-builder `--as-artifact` writes one) and
// docker-archive tarballs (manifest.json, including the legacy `<id>/layer.tar` layout), as
// docker save, skopeo and buildx write them, gzip'd or not.
// Every digest is verified and every layer's paths checked; nothing is stored here: the caller
// commits `imageBlobs(image)` and the ref through the Store in one step.
import { WharfError } from '../errors.ts';
import {
  WASM_LAYER_MEDIA_TYPES,
  isArtifactManifest,
  isArtifactPlatform,
  parseWasmConfig,
  wasmLayerOf,
} from './artifact.ts';
import { isWasmPlatform } from './config.ts';
import { parseDigest, sha256, digestHex } from './digest.ts';
import { gunzip, isGzip } from './gzip.ts';
import { parseJsonBytes } from './json.ts';
import {
  LAYER_MEDIA_TYPES,
  assembleImage,
  layerCompression,
  type ContainerImage,
  type Image,
  type Layer,
} from './image.ts';
import { CONTAINERD_IMAGE_NAME, OCI_REF_NAME } from './manifest.ts';
import { resolveInside, parentDir } from './paths.ts';
import { normalizeRef } from './ref.ts';
import { readTar, listTar } from './tar-reader.ts';
import { gunzipNative } from './gunzip-native.ts';
import { unpackLayer, type AsyncInflate, type Inflate } from './unpack.ts';
import { isZstd } from './zstd.ts';
import {
  MediaType,
  type Descriptor,
  type Digest,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type WasmConfig,
} from './types.ts';

export interface ImportResult {
  image: Image;
  /** Full names found in the archive ("docker.io/library/hello:latest"), normalized. */
  refs: string[];
  format: 'oci' | 'docker';
}

export interface ImportOptions {
  /** Names the archive in errors (its file name); default "archive". */
  name?: string;
  /**
   * A native gunzip of the host's (Node's zlib); else core's for a gzip'd archive and the
   * platform's DecompressionStream for layers. Same bytes, checked the same.
   */
  inflate?: Inflate;
  /**
   * How much of each layer is checked here. 'full' (the default): its blob against its digest,
   * its tar against its diff_id and its paths. 'digest': the blob only; the contents are checked
   * where the layer is unpacked. 'sender': a layer blob named by its digest is taken as named,
   * for a caller that hashes every blob it sends (a push); one the archive does not name by
   * digest (a legacy docker save) is hashed here all the same. Manifests, indexes and configs
   * are always checked.
   */
  layerChecks?: 'full' | 'digest' | 'sender';
}

export type { AsyncInflate, Inflate } from './unpack.ts';

type Files = Map<string, Uint8Array>;

/** What an import checks of each layer (see ImportOptions.layerChecks). */
interface LayerChecks {
  /** False: a blob named by its digest is taken as named (the caller hashes it as it sends it). */
  hashNamed: boolean;
  from: (
    blob: Uint8Array,
    digest: Digest,
    diffId: Digest | undefined,
    what: string,
    mediaType?: string,
  ) => Promise<Layer>;
}

/** The archive's regular files by normalized path, symlinks followed (legacy docker save uses them). */
function archiveFiles(bytes: Uint8Array, name: string, inflate: Inflate): Files {
  const outer = isGzip(bytes) ? inflate(bytes, name) : bytes;
  const files: Files = new Map();
  const links = new Map<string, string>();
  for (const e of readTar(outer, { name })) {
    if (e.type === 'file') files.set(e.path, e.data);
    else if (e.type === 'symlink' || e.type === 'hardlink') {
      links.set(e.path, e.type === 'hardlink' ? e.linkname! : (resolveInside(parentDir(e.path), e.linkname!) ?? ''));
    }
  }
  for (const [path, target] of links) {
    let t = target;
    for (let hops = 0; hops < 16 && !files.has(t) && links.has(t); hops++) t = links.get(t)!;
    const data = files.get(t);
    if (data) files.set(path, data);
  }
  return files;
}

function need(files: Files, path: string, archive: string, what: string): Uint8Array {
  const data = files.get(path);
  if (!data) throw new WharfError('IMAGE_FORMAT', `${archive}: ${what} "${path}" is missing`);
  return data;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new WharfError('IMAGE_FORMAT', `${what}: not a JSON object`);
  return v as Record<string, unknown>;
}

async function verifiedBlob(files: Files, d: Descriptor, archive: string, what: string): Promise<Uint8Array> {
  const data = namedBlob(files, d, archive, what);
  const got = await sha256(data);
  if (got !== d.digest)
    throw new WharfError('DIGEST_MISMATCH', `${archive}: ${what} blobs/sha256/${digestHex(d.digest)} hashes to ${got}`);
  return data;
}

/** The blob a descriptor names, its size checked and its bytes not yet hashed. */
function namedBlob(files: Files, d: Descriptor, archive: string, what: string): Uint8Array {
  const digest = parseDigest(d.digest, `${archive}: ${what} digest`);
  const data = need(files, `blobs/sha256/${digestHex(digest)}`, archive, what);
  if (typeof d.size === 'number' && d.size !== data.length) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${archive}: ${what} ${digest} is ${data.length} bytes, its descriptor says ${d.size}`,
    );
  }
  return data;
}

/** A config blob parsed and its rootfs.diff_ids checked; `what` names it in errors. */
export function parseConfig(bytes: Uint8Array, what: string): ImageConfig {
  const c = asObject(parseJsonBytes(bytes, what), what) as unknown as ImageConfig;
  const ids = c.rootfs?.diff_ids;
  if (!Array.isArray(ids)) throw new WharfError('IMAGE_FORMAT', `${what}: rootfs.diff_ids is missing`);
  ids.forEach((d, i) => parseDigest(d, `${what}: rootfs.diff_ids[${i}]`));
  return c;
}

/**
 * A layer from a blob whose digest is verified already: its media type must agree with the
 * blob's magic bytes and the config must name a diff_id for it. Its contents (the uncompressed
 * tar against that diff_id) are checked where they are unpacked (`unpackLayer`), as containerd
 * checks them at unpack and not at fetch: a transfer (pull, push, pull to a tarball) never
 * needs to inflate a layer.
 */
export function layerOf(
  blob: Uint8Array,
  digest: Digest,
  diffId: Digest | undefined,
  what: string,
  mediaType?: string,
): Layer {
  const found = isGzip(blob) ? 'gzip' : isZstd(blob) ? 'zstd' : 'uncompressed';
  if (mediaType !== undefined && !LAYER_MEDIA_TYPES.includes(mediaType)) {
    const wasm = WASM_LAYER_MEDIA_TYPES.includes(mediaType)
      ? `: a Wasm layer belongs in an OCI Wasm artifact, whose config is ${MediaType.wasmConfig}`
      : '';
    throw new WharfError('IMAGE_FORMAT', `${what}: unsupported layer media type "${mediaType}"${wasm}`);
  }
  if (mediaType !== undefined && layerCompression(mediaType) !== found) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${what}: the manifest says ${mediaType}, but the blob is ${found === 'uncompressed' ? 'not compressed' : found}`,
    );
  }
  if (diffId === undefined)
    throw new WharfError('IMAGE_FORMAT', `${what}: no rootfs.diff_ids entry for it in the config`);
  // An uncompressed blob is its tar: its verified digest must be the diff_id, nothing to unpack.
  if (found === 'uncompressed' && digest !== diffId)
    throw new WharfError(
      'DIGEST_MISMATCH',
      `${what}: uncompressed tar hashes to ${digest}, but the config's diff_id is ${diffId}`,
    );
  const type =
    mediaType ?? (found === 'gzip' ? MediaType.layerGzip : found === 'zstd' ? MediaType.layerZstd : MediaType.layer);
  return { mediaType: type, blob, digest, diffId };
}

/**
 * `layerOf` and its contents at once: the uncompressed tar against its diff_id and every path
 * in it. Imports of files check this way, so a bad tarball is refused where the user dropped it.
 */
export async function checkLayer(
  blob: Uint8Array,
  digest: Digest,
  diffId: Digest | undefined,
  what: string,
  mediaType?: string,
  inflate: AsyncInflate = gunzipNative,
): Promise<Layer> {
  const layer = layerOf(blob, digest, diffId, what, mediaType);
  const tar = await unpackLayer(layer, what, inflate);
  listTar(tar, { name: what }); // throws TAR_FORMAT / PATH_UNSAFE naming the entry
  return layer;
}

interface Candidate {
  descriptor: Descriptor;
  annotations: Record<string, string>;
}

/** Manifest descriptors reachable from an index, nested indexes followed. */
async function manifestsOf(
  files: Files,
  index: ImageIndex,
  archive: string,
  depth: number,
  out: Candidate[],
  inherited: Record<string, string> = {},
): Promise<void> {
  if (!Array.isArray(index.manifests)) throw new WharfError('IMAGE_FORMAT', `${archive}: index has no manifests array`);
  for (const d of index.manifests) {
    if (d.mediaType === MediaType.index || d.mediaType === MediaType.dockerManifestList) {
      if (depth > 4) throw new WharfError('IMAGE_FORMAT', `${archive}: indexes nested too deep`);
      const nested = asObject(
        parseJsonBytes(await verifiedBlob(files, d, archive, 'index'), `${archive}: index ${d.digest}`),
        'index',
      );
      // The name annotations sit on the descriptor that points at the nested index.
      await manifestsOf(files, nested as unknown as ImageIndex, archive, depth + 1, out, {
        ...inherited,
        ...d.annotations,
      });
    } else if (d.mediaType === MediaType.manifest || d.mediaType === MediaType.dockerManifest) {
      if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      out.push({ descriptor: d, annotations: { ...inherited, ...index.annotations, ...d.annotations } });
    }
  }
}

/** The one image to import: the only one, or the Wasm one (platform from the descriptor or its config). */
async function pick(files: Files, candidates: Candidate[], archive: string): Promise<Candidate> {
  if (candidates.length === 0) throw new WharfError('NOT_FOUND', `${archive}: no image manifest in index.json`);
  if (candidates.length === 1) return candidates[0]!;
  const platforms: string[] = [];
  for (const c of candidates) {
    let p = c.descriptor.platform;
    if (!p) {
      // Layouts from tools that omit the descriptor platform: ask the config.
      const m = parseJsonBytes(
        await verifiedBlob(files, c.descriptor, archive, 'manifest'),
        `${archive}: manifest`,
      ) as ImageManifest;
      if (m?.config)
        p = parseJsonBytes(await verifiedBlob(files, m.config, archive, 'config'), `${archive}: config`) as ImageConfig;
    }
    if (p && (isWasmPlatform(p) || isArtifactPlatform(p))) return c;
    platforms.push(p ? `${p.os}/${p.architecture}` : 'unknown');
  }
  throw new WharfError(
    'NOT_FOUND',
    `${archive}: ${candidates.length} images (${platforms.join(', ')}) and none for wasi/wasm`,
  );
}

function refsFrom(annotations: Record<string, string>, repoTags: unknown): string[] {
  const refs = new Set<string>();
  const add = (r: string | undefined) => {
    if (!r) return;
    try {
      refs.add(normalizeRef(r));
    } catch {
      // A bare tag ("latest") or a name we cannot normalize names nothing we can store under.
    }
  };
  add(annotations[CONTAINERD_IMAGE_NAME]);
  const refName = annotations[OCI_REF_NAME];
  if (refName && /[/:]/.test(refName)) add(refName);
  if (Array.isArray(repoTags)) for (const t of repoTags) if (typeof t === 'string') add(t);
  return [...refs];
}

async function importOci(files: Files, archive: string, checks: LayerChecks): Promise<ImportResult> {
  const layout = asObject(
    parseJsonBytes(need(files, 'oci-layout', archive, 'file'), `${archive}: oci-layout`),
    'oci-layout',
  );
  if (typeof layout.imageLayoutVersion !== 'string' || !layout.imageLayoutVersion.startsWith('1.')) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${archive}: oci-layout imageLayoutVersion "${String(layout.imageLayoutVersion)}" is not 1.x`,
    );
  }
  const index = asObject(
    parseJsonBytes(need(files, 'index.json', archive, 'file'), `${archive}: index.json`),
    'index.json',
  );
  const candidates: Candidate[] = [];
  await manifestsOf(files, index as unknown as ImageIndex, archive, 0, candidates);
  const chosen = await pick(files, candidates, archive);
  const manifestBytes = await verifiedBlob(files, chosen.descriptor, archive, 'manifest');
  const manifest = asObject(
    parseJsonBytes(manifestBytes, `${archive}: manifest`),
    'manifest',
  ) as unknown as ImageManifest;
  if (!manifest.config || !Array.isArray(manifest.layers))
    throw new WharfError('IMAGE_FORMAT', `${archive}: manifest lacks config or layers`);
  const configBytes = await verifiedBlob(files, manifest.config, archive, 'config');
  const parts = { manifest, manifestBytes, manifestDigest: chosen.descriptor.digest, configBytes };
  const image = isArtifactManifest(manifest)
    ? await artifactIn(files, archive, checks, parts)
    : await containerIn(files, archive, checks, parts);
  const docker = files.get('manifest.json');
  let repoTags: unknown;
  if (docker) {
    const entries = parseJsonBytes(docker, `${archive}: manifest.json`);
    if (Array.isArray(entries)) {
      const mine = entries.find(
        (e) => (e as DockerEntry)?.Config === `blobs/sha256/${digestHex(image.configDigest)}`,
      ) as DockerEntry | undefined;
      repoTags = mine?.RepoTags;
    }
  }
  return { image, refs: refsFrom(chosen.annotations, repoTags), format: 'oci' };
}

/** What an OCI layout's chosen manifest gives before its config is read. */
interface ManifestParts {
  manifest: ImageManifest;
  manifestBytes: Uint8Array;
  manifestDigest: Digest;
  configBytes: Uint8Array;
}

async function containerIn(
  files: Files,
  archive: string,
  checks: LayerChecks,
  p: ManifestParts,
): Promise<ContainerImage> {
  const config = parseConfig(p.configBytes, `${archive}: config`);
  const layers: Layer[] = [];
  for (const [i, d] of p.manifest.layers.entries()) {
    const what = `layer ${i}`;
    const blob = checks.hashNamed ? await verifiedBlob(files, d, archive, what) : namedBlob(files, d, archive, what);
    layers.push(
      await checks.from(blob, d.digest, config.rootfs.diff_ids[i], `${archive}: layer ${i} (${d.digest})`, d.mediaType),
    );
  }
  if (config.rootfs.diff_ids.length !== layers.length) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${archive}: config has ${config.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`,
    );
  }
  return { ...p, config, configDigest: p.manifest.config.digest, layers };
}

/** An OCI Wasm artifact: its config checked against its one layer, which must be a Wasm module or component. */
async function artifactIn(files: Files, archive: string, checks: LayerChecks, p: ManifestParts): Promise<Image> {
  const config: WasmConfig = parseWasmConfig(p.configBytes, p.manifest, `${archive}: artifact config`);
  const d = p.manifest.layers[0]!;
  const blob = checks.hashNamed
    ? await verifiedBlob(files, d, archive, 'layer 0')
    : namedBlob(files, d, archive, 'layer 0');
  const layer = wasmLayerOf(blob, d.digest, d.mediaType, `${archive}: layer 0 (${d.digest})`);
  return { ...p, config, configDigest: p.manifest.config.digest, layers: [layer] };
}

interface DockerEntry {
  Config?: unknown;
  RepoTags?: unknown;
  Layers?: unknown;
}

const HEX64 = /(?:^|\/)(?:sha256:)?([0-9a-f]{64})(?:\.json)?$/;

async function importDocker(files: Files, archive: string, checks: LayerChecks): Promise<ImportResult> {
  const list = parseJsonBytes(need(files, 'manifest.json', archive, 'file'), `${archive}: manifest.json`);
  if (!Array.isArray(list) || list.length === 0)
    throw new WharfError('IMAGE_FORMAT', `${archive}: manifest.json is not a non-empty array`);
  const entry = asObject(list[0], `${archive}: manifest.json[0]`) as DockerEntry;
  if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) {
    throw new WharfError('IMAGE_FORMAT', `${archive}: manifest.json[0] lacks Config or Layers`);
  }
  const configPath = entry.Config;
  const configBytes = need(files, configPath, archive, 'config');
  const configDigest = await sha256(configBytes);
  const named = HEX64.exec(configPath)?.[1];
  if (named && `sha256:${named}` !== configDigest) {
    throw new WharfError('DIGEST_MISMATCH', `${archive}: config "${configPath}" hashes to ${configDigest}`);
  }
  const config = parseConfig(configBytes, `${archive}: config ${configPath}`);
  if (config.rootfs.diff_ids.length !== entry.Layers.length) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${archive}: config has ${config.rootfs.diff_ids.length} diff_ids for ${entry.Layers.length} layers`,
    );
  }
  const layers: Layer[] = [];
  for (const [i, p] of entry.Layers.entries()) {
    if (typeof p !== 'string')
      throw new WharfError('IMAGE_FORMAT', `${archive}: manifest.json Layers[${i}] is not a path`);
    const blob = need(files, p, archive, `layer ${i}`);
    const blobName = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(p)?.[1];
    const named = blobName === undefined ? undefined : (`sha256:${blobName}` as Digest);
    const digest = named !== undefined && !checks.hashNamed ? named : await sha256(blob);
    if (named !== undefined && named !== digest)
      throw new WharfError('DIGEST_MISMATCH', `${archive}: layer "${p}" hashes to ${digest}`);
    layers.push(await checks.from(blob, digest, config.rootfs.diff_ids[i], `${archive}: layer ${i} (${p})`));
  }
  const image = await assembleImage(config, configBytes, layers);
  return { image, refs: refsFrom({}, entry.RepoTags), format: 'docker' };
}

/** Reads an image tarball (OCI layout or docker archive, optionally gzip'd as a whole). */
export async function importArchive(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const archive = options.name ?? 'archive';
  const files = archiveFiles(bytes, archive, options.inflate ?? gunzip);
  const inflate = options.inflate ?? gunzipNative;
  const level = options.layerChecks ?? 'full';
  const checks: LayerChecks = {
    hashNamed: level !== 'sender',
    from:
      level === 'full'
        ? (blob, digest, diffId, what, mediaType) => checkLayer(blob, digest, diffId, what, mediaType, inflate)
        : async (...a) => layerOf(...a),
  };
  if (files.has('index.json') && files.has('oci-layout')) return importOci(files, archive, checks);
  if (files.has('manifest.json')) return importDocker(files, archive, checks);
  throw new WharfError(
    'IMAGE_FORMAT',
    `${archive}: neither an OCI image layout (oci-layout, index.json) nor a docker archive (manifest.json)`,
  );
}
