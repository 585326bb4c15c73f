// Image references that name a built-in image. They resolve before any store or registry, as
// DESIGN.md says; the WASI SDK's own image (ghcr.io/webassembly/wasi-sdk, any tag) builds as
// wasi-sdk, with a note for the build log, so Dockerfiles written for buildx build unchanged.
import { WharfError } from '../errors.ts';

export type BuiltinImageName = 'wasi-sdk' | 'python-wasi';

/** Each built-in image's tags; the first is what `latest` means. */
export const BUILTIN_TAGS: Readonly<Record<BuiltinImageName, readonly string[]>> = {
  'wasi-sdk': ['22', 'latest'],
  'python-wasi': ['3.12', 'latest'],
};

export interface BuiltinRef {
  name: BuiltinImageName;
  tag: string;
  /** For the build log, when the reference named another image that this one stands in for. */
  note?: string;
}

const WASI_SDK_UPSTREAM = 'ghcr.io/webassembly/wasi-sdk';

/**
 * The built-in image `ref` names, or undefined when it names none. A built-in name with a tag
 * it does not have is a BUILD_STAGE error listing the tags there are.
 */
export function resolveBuiltinRef(ref: string): BuiltinRef | undefined {
  const { repo, tag, digest } = split(ref);
  if (repo === WASI_SDK_UPSTREAM) {
    return {
      name: 'wasi-sdk',
      tag: 'latest',
      note: `${ref} is built here as the built-in wasi-sdk:${BUILTIN_TAGS['wasi-sdk'][0]} (clang from @yowasp/clang laid out as the WASI SDK, with its Docker image's environment)`,
    };
  }
  if (repo !== 'wasi-sdk' && repo !== 'python-wasi') return undefined;
  const tags = BUILTIN_TAGS[repo];
  if (digest !== undefined || !tags.includes(tag)) {
    throw new WharfError(
      'BUILD_STAGE',
      `${ref}: the built-in image ${repo} has the tags ${tags.join(', ')}${digest !== undefined ? ' (no digests)' : ''}`,
    );
  }
  return { name: repo, tag };
}

function split(ref: string): { repo: string; tag: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const name = at < 0 ? ref : ref.slice(0, at);
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repo: hasTag ? name.slice(0, colon) : name,
    tag: hasTag ? name.slice(colon + 1) : 'latest',
    digest,
  };
}
