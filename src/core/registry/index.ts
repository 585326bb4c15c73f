// The OCI distribution client over an injected fetch: pull, push and token auth, in the page,
// a Worker, Node tests and the CLI alike.
// Spec: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md · auth:
// https://distribution.github.io/distribution/spec/auth/token/
export type {
  BlobKind,
  Credentials,
  CredentialsLookup,
  RegistryBody,
  RegistryFetch,
  RegistryRequestInit,
  RegistryResponse,
  RegistryStreamReader,
  StreamHasher,
  TransferEvent,
  TransferProgress,
} from './types.ts';
export { RegistryClient, type ClientOptions } from './client.ts';
export { endpointOf, isLoopback, refText } from './endpoint.ts';
export { parseChallenges, type Challenge } from './challenge.ts';
export { pullImage, MANIFEST_ACCEPT, type PullOptions } from './pull.ts';
export { pushImage, CHUNK_SIZE, type PushableImage, type PushOptions, type PushResult } from './push.ts';
export {
  pullToStore,
  registryPuller,
  clientFor,
  isBuiltInName,
  type RegistryAccess,
  type StorePullOptions,
  type StorePullResult,
} from './store-pull.ts';
export { dockerConfigCredentials, parseCreds } from './docker-config.ts';
export { corsConfig, corsHeaders } from './cors.ts';
