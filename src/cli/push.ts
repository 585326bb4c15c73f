// `wharf push [--creds U:P] [--insecure] TARBALL REF`: an image tarball to a registry as it
// is (its layers, compression and digests unchanged), skipping what the registry has.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WharfError } from '../core/errors.ts';
import { importArchive, normalizeRef, parseRef } from '../core/oci/index.ts';
import { clientFor, pushImage } from '../core/registry/index.ts';
import { has, one, parseArgs, type FlagSpec } from './args.ts';
import { nodeInflate, progressLines, registryAccess } from './registry-access.ts';

const FLAGS: FlagSpec[] = [
  { names: ['--creds'], kind: 'string' },
  { names: ['--insecure'], kind: 'boolean' },
  { names: ['-q', '--quiet'], kind: 'boolean' },
];

const USAGE = 'usage: wharf push [--creds USER:PASS] [--insecure] TARBALL REF';

export async function pushCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length !== 2) throw new WharfError('USAGE', `expected TARBALL and REF\n${USAGE}`);
    const [tarball, target] = args.positionals as [string, string];
    const dest = parseRef(normalizeRef(target));
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(tarball));
    } catch (e) {
      throw new WharfError('NOT_FOUND', `${tarball}: cannot read: ${(e as Error).message}`, { cause: e });
    }
    const { image, refs } = await importArchive(bytes, {
      name: basename(tarball),
      inflate: nodeInflate,
      // A push forwards blobs: it hashes each one as it sends it and never unpacks a layer.
      layerChecks: 'sender',
    });
    // The tarball's own names on the same registry may already hold its blobs: mount from there.
    const mountFrom = refs
      .map((r) => parseRef(r))
      .filter((r) => r.domain === dest.domain)
      .map((r) => r.path);
    const access = registryAccess({ creds: one(args, '--creds'), insecure: has(args, '--insecure') });
    const quiet = has(args, '--quiet');
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
