// Writes an image as an OCI image layout tarball (image-spec image-layout.md) that also carries
// Docker's manifest.json, as `docker save` (moby >= 25) writes it, so skopeo, containerd,
// docker load and crane all accept the one file. Entry order and bytes are deterministic.
// https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md
import { concatBytes } from '../bytes.ts';
import { digestHex } from './digest.ts';
import { convertLayers, type Compression, type Image } from './image.ts';
import { canonicalJsonBytes } from './json.ts';
import { CONTAINERD_IMAGE_NAME, OCI_REF_NAME, buildIndex } from './manifest.ts';
import { familiarRef, normalizeRef, parseRef } from './ref.ts';
import { writeTarParts, type TarWriteEntry } from './tar-writer.ts';
import type { ChunkedGzip, GzipProgress } from './gzip.ts';
import { MediaType, type Descriptor, type Digest } from './types.ts';

export const OCI_LAYOUT = '{"imageLayoutVersion":"1.0.0"}';

export interface ExportOptions {
  /** Image name ("hello", "hello:1", "ghcr.io/me/hello:1"); normalized as Docker does. */
  ref?: string;
  /** Layer compression in the tarball; default gzip. "as-is" keeps the image's own layers (and digests). */
  compression?: Compression | 'as-is';
  /** Chunked gzip to use (the browser's worker pool); default in-thread. */
  gzip?: ChunkedGzip;
  /** Bytes of layer data compressed / total. */
  onProgress?: GzipProgress;
  /** mtime of the tarball's entries (SOURCE_DATE_EPOCH); default 0. */
  mtime?: number;
}

export interface ExportResult {
  /** The tarball. */
  tar: Uint8Array;
  /** The image as exported (its layers compressed as asked: the manifest digest may differ). */
  image: Image;
}

/** docker save's manifest.json entry (fields in its order). */
export interface DockerManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

const blobPath = (d: Digest) => `blobs/sha256/${digestHex(d)}`;

/** What an export writes besides the blobs: the image as exported and its index files. */
export interface ExportedLayout {
  /** The image with its layers compressed as asked: its manifest digest may differ from the stored one's. */
  image: Image;
  /** index.json as written, byte for byte. */
  indexBytes: Uint8Array;
  /** Docker's manifest.json as written. */
  dockerManifestBytes: Uint8Array;
}

/**
 * The one computation of what an export writes: layers compressed, then index.json and
 * manifest.json for `ref`. The tarball and the Images inspector both show this.
 */
export async function exportLayout(source: Image, options: ExportOptions = {}): Promise<ExportedLayout> {
  const image =
    options.compression === 'as-is'
      ? source
      : await convertLayers(source, options.compression ?? 'gzip', {
          gzip: options.gzip,
          onProgress: options.onProgress,
        });
  const annotations: Record<string, string> = {};
  let repoTags: string[] | null = null;
  if (options.ref !== undefined) {
    const full = normalizeRef(options.ref);
    annotations[CONTAINERD_IMAGE_NAME] = full;
    const tag = parseRef(options.ref).tag;
    if (tag !== undefined) {
      annotations[OCI_REF_NAME] = tag;
      repoTags = [familiarRef(options.ref)];
    }
  }
  const descriptor: Descriptor = {
    // An imported image keeps its manifest bytes, which may be Docker's schema 2 (buildx type=docker).
    mediaType: image.manifest.mediaType ?? MediaType.manifest,
    digest: image.manifestDigest,
    size: image.manifestBytes.length,
    platform: { architecture: image.config.architecture, os: image.config.os },
  };
  if (Object.keys(annotations).length) descriptor.annotations = annotations;
  const docker: DockerManifestEntry[] = [
    { Config: blobPath(image.configDigest), RepoTags: repoTags, Layers: image.layers.map((l) => blobPath(l.digest)) },
  ];
  return {
    image,
    indexBytes: canonicalJsonBytes(buildIndex([descriptor])),
    dockerManifestBytes: new TextEncoder().encode(JSON.stringify(docker)),
  };
}

/** The OCI layout tarball of `source` (from `layout` when already computed for the same options). */
export async function exportImage(
  source: Image,
  options: ExportOptions = {},
  layout?: ExportedLayout,
): Promise<ExportResult> {
  const { parts, image } = await exportImageParts(source, options, layout);
  return { tar: concatBytes(parts), image };
}

/** `exportImage`'s tarball as views to write one after another (writev, a Blob): the layers are not copied. */
export async function exportImageParts(
  source: Image,
  options: ExportOptions = {},
  layout?: ExportedLayout,
): Promise<{ parts: Uint8Array[]; size: number; image: Image }> {
  const { image, indexBytes, dockerManifestBytes } = layout ?? (await exportLayout(source, options));
  const encoder = new TextEncoder();
  const entries: TarWriteEntry[] = [
    { path: 'oci-layout', type: 'file', data: encoder.encode(OCI_LAYOUT) },
    { path: 'index.json', type: 'file', data: indexBytes },
    { path: 'manifest.json', type: 'file', data: dockerManifestBytes },
    { path: blobPath(image.manifestDigest), type: 'file', data: image.manifestBytes },
    { path: blobPath(image.configDigest), type: 'file', data: image.configBytes },
  ];
  for (const l of image.layers) entries.push({ path: blobPath(l.digest), type: 'file', data: l.blob });
  const parts = writeTarParts(entries, { mtime: options.mtime ?? 0 });
  return { parts, size: parts.reduce((n, p) => n + p.byteLength, 0), image };
}
