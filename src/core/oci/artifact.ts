// OCI Wasm artifacts, as runwasi's shims run them and `wkg oci push` / runwasi's oci-tar-builder
// `--as-artifact` write them (the oci-wasm crate): a manifest whose config is
// `application/vnd.wasm.config.v0+json` (architecture wasm, os wasip1 or wasip2) and whose one
// layer, `application/wasm`, is the .wasm itself. The same Image interface carries one; what a
// run of it sees is the container config `runConfig` gives: no filesystem, Cmd the module's name.
// https://tag-runtime.cncf.io/wgs/wasm/deliverables/wasm-oci-artifact/
import { WharfError } from '../errors.ts';
import { isDigest, sha256 } from './digest.ts';
import type { ContainerImage, Image, Layer, WasmArtifact } from './image.ts';
import { canonicalJsonBytes, parseJsonBytes } from './json.ts';
import { parseRef } from './ref.ts';
import { componentInterfaces, describeNotWasm, wasmKind } from './wasm-binary.ts';
import {
  MediaType,
  WASM_ARTIFACT_OS,
  type ContainerConfig,
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
  type Platform,
  type WasmConfig,
} from './types.ts';

/** The layer media types an artifact's .wasm may have (runwasi's shims accept both). */
export const WASM_LAYER_MEDIA_TYPES: readonly string[] = [MediaType.wasmLayer, MediaType.wasmComponentLayer];
/** The file name OCI tools give a layer's blob (wkg sets it on the .wasm it pushes). */
export const OCI_TITLE = 'org.opencontainers.image.title';

/** True when the manifest's config is an OCI Wasm artifact's. */
export function isArtifactManifest(manifest: Pick<ImageManifest, 'config'>): boolean {
  return manifest.config?.mediaType === MediaType.wasmConfig;
}

export function isWasmArtifact(image: Image): image is WasmArtifact {
  return isArtifactManifest(image.manifest);
}

/** An artifact's platform (wasip1/wasm, wasip2/wasm), as an index or a config names it. */
export function isArtifactPlatform(p: Pick<Platform, 'os' | 'architecture'>): boolean {
  return p.architecture === 'wasm' && (WASM_ARTIFACT_OS as readonly string[]).includes(p.os);
}

/** The image as a container image (a filesystem and a config to run from); IMAGE_FORMAT for an artifact. */
export function containerImage(image: Image, what: string): ContainerImage {
  if (isWasmArtifact(image)) {
    throw new WharfError(
      'IMAGE_FORMAT',
      `${what} is an OCI Wasm artifact (${MediaType.wasmConfig}): a single .wasm with no filesystem`,
    );
  }
  return image;
}

/** What is wrong with an artifact manifest's layers: exactly one, of a Wasm media type. */
export function artifactLayerProblems(layers: readonly Pick<Descriptor, 'mediaType'>[]): string[] {
  if (layers.length !== 1)
    return [`an OCI Wasm artifact has exactly one layer (the .wasm), this one has ${layers.length}`];
  const type = layers[0]!.mediaType;
  return WASM_LAYER_MEDIA_TYPES.includes(type)
    ? []
    : [`layer 0: media type "${type}" is not a Wasm layer (${WASM_LAYER_MEDIA_TYPES.join(' or ')})`];
}

/** What is wrong with a parsed Wasm config, given the manifest's layers. */
export function wasmConfigProblems(value: unknown, layers: readonly Pick<Descriptor, 'digest'>[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['not a JSON object'];
  const c = value as Record<string, unknown>;
  const problems: string[] = [];
  if (c.architecture !== 'wasm')
    problems.push(
      c.architecture === undefined
        ? 'architecture is missing (an OCI Wasm artifact says "wasm")'
        : `architecture "${String(c.architecture)}" is not "wasm"`,
    );
  if (!(WASM_ARTIFACT_OS as readonly unknown[]).includes(c.os))
    problems.push(
      `os ${c.os === undefined ? 'is missing' : `"${String(c.os)}" is not`} ${WASM_ARTIFACT_OS.map((o) => `"${o}"`).join(' or ')}`,
    );
  if (c.created !== undefined && (typeof c.created !== 'string' || Number.isNaN(Date.parse(c.created))))
    problems.push(`created "${String(c.created)}" is not an RFC 3339 time`);
  if (c.layerDigests !== undefined) {
    const ids = c.layerDigests;
    if (!Array.isArray(ids) || !ids.every(isDigest)) problems.push('layerDigests is not a list of sha256 digests');
    else if (ids.length !== layers.length || ids.some((d, i) => d !== layers[i]!.digest))
      problems.push(
        `layerDigests [${ids.join(', ')}] do not match the manifest's layers [${layers.map((l) => l.digest).join(', ')}]`,
      );
  }
  if (c.component !== undefined && c.component !== null) {
    const comp = c.component as Partial<Record<'exports' | 'imports', unknown>>;
    const names = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'string');
    if (typeof comp !== 'object' || !names(comp.exports) || !names(comp.imports))
      problems.push('component is not { exports: string[], imports: string[] }');
  }
  return problems;
}

/**
 * An artifact's config blob parsed and checked against its manifest's layers (exactly one, a
 * Wasm layer, the one layerDigests names). Every problem is in the one IMAGE_FORMAT error.
 */
export function parseWasmConfig(bytes: Uint8Array, manifest: Pick<ImageManifest, 'layers'>, what: string): WasmConfig {
  const value = parseJsonBytes(bytes, what);
  const problems = [...artifactLayerProblems(manifest.layers), ...wasmConfigProblems(value, manifest.layers)];
  if (problems.length > 0) throw new WharfError('IMAGE_FORMAT', `${what}: ${problems.join('; ')}`);
  return value as WasmConfig;
}

/** The artifact's layer from its verified blob: a Wasm module or component, as its media type says. */
export function wasmLayerOf(blob: Uint8Array, digest: Descriptor['digest'], mediaType: string, what: string): Layer {
  if (!WASM_LAYER_MEDIA_TYPES.includes(mediaType))
    throw new WharfError('IMAGE_FORMAT', `${what}: media type "${mediaType}" is not a Wasm layer`);
  if (wasmKind(blob) === undefined)
    throw new WharfError('IMAGE_FORMAT', `${what}: the ${mediaType} layer is ${describeNotWasm(blob)}`);
  return { mediaType, blob, digest, diffId: digest };
}

export interface ArtifactOptions {
  /** The layer's file name (org.opencontainers.image.title), which a run gives as argv[0]. */
  title?: string;
  /** RFC 3339; default the epoch, so the same .wasm gives the same digests. */
  created?: string;
  author?: string;
  /** Manifest annotations (wkg's --annotation). */
  annotations?: Record<string, string>;
}

/**
 * A .wasm as an OCI Wasm artifact, as the oci-wasm crate writes one (`wkg oci push`,
 * oci-tar-builder `--as-artifact`): os wasip1 for a module, wasip2 and the component's imports
 * and exports for a component; the layer titled with its file name, as wkg titles it.
 */
export async function createArtifact(wasm: Uint8Array, options: ArtifactOptions = {}): Promise<WasmArtifact> {
  const what = options.title ?? 'the .wasm';
  const kind = wasmKind(wasm);
  if (kind === undefined) throw new WharfError('WASM_INVALID', `${what}: ${describeNotWasm(wasm)}`);
  const digest = await sha256(wasm);
  const config: WasmConfig = {
    created: options.created ?? '1970-01-01T00:00:00Z',
    author: options.author ?? null,
    architecture: 'wasm',
    os: kind === 'component' ? 'wasip2' : 'wasip1',
    layerDigests: [digest],
    component: kind === 'component' ? componentInterfaces(wasm, what) : null,
  };
  const configBytes = canonicalJsonBytes(config);
  const configDigest = await sha256(configBytes);
  const layer: Descriptor = { mediaType: MediaType.wasmLayer, digest, size: wasm.byteLength };
  if (options.title !== undefined) layer.annotations = { [OCI_TITLE]: options.title };
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: { mediaType: MediaType.wasmConfig, digest: configDigest, size: configBytes.byteLength },
    layers: [layer],
  };
  if (options.annotations && Object.keys(options.annotations).length > 0) manifest.annotations = options.annotations;
  const manifestBytes = canonicalJsonBytes(manifest);
  return {
    manifest,
    manifestBytes,
    manifestDigest: await sha256(manifestBytes),
    config,
    configBytes,
    configDigest,
    layers: [{ mediaType: MediaType.wasmLayer, blob: wasm, digest, diffId: digest }],
  };
}

/**
 * argv[0] of an artifact's run when none is given: its layer's title (the file name wkg pushed),
 * else the file `wkg oci pull` would write it to (`<repository, / as _>.wasm`), else
 * "module.wasm".
 */
export function moduleName(manifest: Pick<ImageManifest, 'layers'>, ref?: string): string {
  const title = manifest.layers[0]?.annotations?.[OCI_TITLE];
  if (title && !title.includes('/') && title !== '.' && title !== '..') return title;
  if (ref !== undefined) {
    try {
      return `${parseRef(ref).path.replace(/\//g, '_')}.wasm`;
    } catch {
      // not a reference: the fallback below
    }
  }
  return 'module.wasm';
}

/**
 * The container config a run of the image plans from. An artifact has none: runwasi's shims
 * take its argv verbatim from the container spec (`ctr run IMG ID app.wasm ARGS`, a pod's
 * `command`), so it runs as an image whose Cmd is its module's name and nothing else: run
 * arguments replace that Cmd whole, as they replace any image's Cmd.
 */
export function runConfig(image: Pick<Image, 'manifest' | 'config'>, ref?: string): ContainerConfig | undefined {
  if (isArtifactManifest(image.manifest)) return { Cmd: [moduleName(image.manifest, ref)] };
  // Not an artifact's manifest: the config is an image config (importers check the pair).
  return (image.config as ImageConfig).config;
}

/**
 * The .wasm an artifact runs (its one layer, as runwasi's shims take it, whatever argv[0]
 * says); undefined for a container image, whose module is the file argv[0] names in its rootfs.
 */
export function artifactModule(image: Image): Uint8Array | undefined {
  return isWasmArtifact(image) ? image.layers[0]?.blob : undefined;
}
