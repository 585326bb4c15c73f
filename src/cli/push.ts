// `wharf push [--creds U:P] [--insecure] [--as-artifact] [--annotation K=V]... SOURCE REF`:
// an image tarball to a registry as it is (its layers, compression and digests unchanged),
// skipping what the registry has; a .wasm as an OCI Wasm artifact, as `wkg oci push` writes
// one; with --as-artifact, a tarball's entrypoint module as an artifact, as runwasi's
// oci-tar-builder --as-artifact writes one.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { imageAsArtifact } from '../core/builder/index.ts';
import { WharfError } from '../core/errors.ts';
import {
  createArtifact,
  importArchive,
  isWasmArtifact,
  normalizeRef,
  parseRef,
  rfc3339,
  wasmKind,
  type Image,
} from '../core/oci/index.ts';
import { clientFor, pushImage } from '../core/registry/index.ts';
import { has, many, one, parseArgs, type FlagSpec } from './args.ts';
import { nodeInflate, progressLines, registryAccess } from './registry-access.ts';

const FLAGS: FlagSpec[] = [
  { names: ['--creds'], kind: 'string' },
  { names: ['--insecure'], kind: 'boolean' },
  { names: ['--as-artifact'], kind: 'boolean' },
  { names: ['--annotation'], kind: 'list' },
  { names: ['-q', '--quiet'], kind: 'boolean' },
];

const USAGE =
  'usage: wharf push [--creds USER:PASS] [--insecure] [--as-artifact] [--annotation KEY=VALUE]... SOURCE REF\n' +
  '  SOURCE: an image tarball, or a .wasm module or component (pushed as an OCI Wasm artifact)';

interface Source {
  image: Image;
  /** Repositories of the destination's registry that may hold its blobs. */
  mountFrom: string[];
}

export async function pushCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length !== 2) throw new WharfError('USAGE', `expected SOURCE and REF\n${USAGE}`);
    const [file, target] = args.positionals as [string, string];
    const dest = parseRef(normalizeRef(target));
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new WharfError('NOT_FOUND', `${file}: cannot read: ${(e as Error).message}`, { cause: e });
    }
    const quiet = has(args, '--quiet');
    const { image, mountFrom } = await source(file, bytes, dest.domain, {
      asArtifact: has(args, '--as-artifact'),
      annotations: annotations(many(args, '--annotation')),
      note: quiet ? () => {} : (line) => process.stderr.write(`wharf push: ${line}\n`),
    });
    const access = registryAccess({ creds: one(args, '--creds'), insecure: has(args, '--insecure') });
    const result = await pushImage(clientFor(dest.domain, access), image, dest, {
      mountFrom,
      ...(quiet ? {} : { onProgress: progressLines('push', mountFrom[0]) }),
    });
    if (!quiet)
      process.stderr.write(
        `${dest.tag ?? dest.digest}: digest: ${result.digest} size: ${image.manifestBytes.length}\n`,
      );
    process.stdout.write(`${result.digest}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`wharf push: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** `--annotation KEY=VALUE`s as manifest annotations (undefined when none). */
function annotations(list: string[]): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new WharfError('USAGE', `--annotation "${kv}": expected KEY=VALUE`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

async function source(
  file: string,
  bytes: Uint8Array,
  registry: string,
  o: { asArtifact: boolean; annotations: Record<string, string> | undefined; note: (line: string) => void },
): Promise<Source> {
  const name = basename(file);
  if (wasmKind(bytes) !== undefined || /\.wasm$/i.test(name)) {
    // As wkg oci push: the layer titled with the file name; created at SOURCE_DATE_EPOCH, so
    // the same file pushes to the same digest.
    const epoch = process.env.SOURCE_DATE_EPOCH;
    const created = rfc3339(epoch === undefined || epoch === '' ? 0 : Number(epoch));
    const image = await createArtifact(bytes, {
      title: name,
      created,
      ...(o.annotations ? { annotations: o.annotations } : {}),
    });
    return { image, mountFrom: [] };
  }
  const { image, refs } = await importArchive(bytes, {
    name,
    inflate: nodeInflate,
    // A push forwards blobs: it hashes each one as it sends it and never unpacks a layer. Made
    // into an artifact, the image is unpacked to find its module, and its layers checked there.
    layerChecks: o.asArtifact ? 'digest' : 'sender',
  });
  const made = o.asArtifact && !isWasmArtifact(image);
  if (o.annotations && !made)
    throw new WharfError(
      'USAGE',
      `--annotation: ${name} is pushed as it is (its manifest digest unchanged); annotations go on an artifact Wharf makes (from a .wasm, or an image with --as-artifact)`,
    );
  if (made) {
    const a = await imageAsArtifact(image, {
      inflate: nodeInflate,
      ...(o.annotations ? { annotations: o.annotations } : {}),
    });
    if (a.leftBehind.length > 0)
      o.note(`the artifact carries ${a.module} alone; left behind: ${a.leftBehind.join('; ')}`);
    return { image: a.artifact, mountFrom: [] };
  }
  // The tarball's own names on the same registry may already hold its blobs: mount from there.
  const mountFrom = refs
    .map((r) => parseRef(r))
    .filter((r) => r.domain === registry)
    .map((r) => r.path);
  return { image, mountFrom };
}
