// The UI's one door into the core and its Workers (parse, build, run, export, import, pull, push), see
// types.ts; createEngine wires it to the IndexedDB store.

export type { Marker, BuiltImage, RunIO, RunHandle, Engine, MountTree, PushOutcome, Serving } from './types.ts';
export { createEngine } from './engine.ts';
