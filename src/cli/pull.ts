// `wharf pull [--creds U:P] [--insecure] REF -o OUT.tar`: an image from its registry, every
// byte verified, written as an image tarball with the registry's own digests.
import { WharfError } from '../core/errors.ts';
import { exportImageParts, normalizeRef, parseRef } from '../core/oci/index.ts';
import { clientFor, pullImage } from '../core/registry/index.ts';
import { has, one, parseArgs, type FlagSpec } from './args.ts';
import { writeFileAtomic } from './context-dir.ts';
import { progressLines, registryAccess } from './registry-access.ts';

const FLAGS: FlagSpec[] = [
  { names: ['--creds'], kind: 'string' },
  { names: ['--insecure'], kind: 'boolean' },
  { names: ['-o', '--output'], kind: 'string' },
  { names: ['-q', '--quiet'], kind: 'boolean' },
];

const USAGE = 'usage: wharf pull [--creds USER:PASS] [--insecure] REF -o OUT.tar';

export async function pullCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length !== 1) throw new WharfError('USAGE', `expected one REF\n${USAGE}`);
    const out = one(args, '--output');
    if (out === undefined) throw new WharfError('USAGE', `-o OUT.tar is required\n${USAGE}`);
    const ref = normalizeRef(args.positionals[0]!);
    const parsed = parseRef(ref);
    const access = registryAccess({ creds: one(args, '--creds'), insecure: has(args, '--insecure') });
    const quiet = has(args, '--quiet');
    const image = await pullImage(clientFor(parsed.domain, access), parsed, {
      ...(quiet ? {} : { onProgress: progressLines('pull') }),
    });
    const { parts, size } = await exportImageParts(image, { ref, compression: 'as-is' });
    writeFileAtomic(out, parts);
    if (!quiet) process.stderr.write(`Digest: ${image.manifestDigest}\nwrote ${out} (${size} bytes)\n`);
    process.stdout.write(`${image.manifestDigest}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`wharf pull: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
