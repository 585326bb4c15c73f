// The UI's one door into the core (parse, build, run, export, import), see types.ts.
// Core modules land independently; until one exists its methods fail with a clear message.

export type { Diagnostic, BuildResult, RunIO, RunHandle, Engine, MountTree, PushOutcome } from './types.ts';
export { createEngine } from './engine.ts';
