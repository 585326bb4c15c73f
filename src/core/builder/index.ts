// The builder: Dockerfile + build context -> a reproducible wasi/wasm OCI image in a Store, with
// BuildKit's semantics (stages, COPY rules, .dockerignore, ARG scoping, cache, progress); and an
// image's module as an OCI Wasm artifact, as runwasi's oci-tar-builder --as-artifact packs one.
// https://docs.docker.com/reference/dockerfile/ · https://github.com/moby/buildkit

export { build, type BaseImages, type BuildOptions, type BuildResult } from './build.ts';
export {
  formatEvent,
  type BuildEvent,
  type ProgressEvent,
  type StepEvent,
  type StepStatus,
  type WarningEvent,
} from './progress.ts';
export { LayerMemo } from './layer-memo.ts';
export { imageAsArtifact, type ImageArtifact, type ImageArtifactOptions } from './artifact.ts';
export { PatternMatcher, parseDockerignore } from './pattern-matcher.ts';
