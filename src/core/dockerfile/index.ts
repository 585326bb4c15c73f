// The Dockerfile frontend: BuildKit's Dockerfile syntax -> typed AST + diagnostics + lint, and
// word expansion exactly as BuildKit's shell lexer does it. https://docs.docker.com/reference/dockerfile/
// Parsing never throws: every problem is a Diagnostic with file:line:col (1-based).
//
// How the builder uses it:
//   const r = parseDockerfile(text, { file: 'Dockerfile' });
//   if (!r.ok) throw diagnosticsError(r.diagnostics);          // DOCKERFILE_SYNTAX / _SEMANTIC
//   r.globalArgs   ARGs before the first FROM (build args override their defaults)
//   r.stages[i]    { name?, index, from, instructions }; stage names are lower-cased
//   const from = expandInstruction(stage.from, globalLookup, { escape: r.directives.escape });
//   for (const inst of stage.instructions) {
//     const x = expandInstruction(inst, stageLookup, { escape: r.directives.escape });
//     // x.kind narrows to the typed record: COPY -> sources/contents/dest/from/chown/chmod/...
//   }
// Words in the AST are raw (quotes and $VARs as written); expandInstruction expands exactly the
// words BuildKit expands, against the ARG+ENV state before the instruction. COPY --from is
// expanded by the caller with the global ARGs: expandWord(copy.from, globalLookup).
// RUN is parsed fully (flags, mounts, heredocs); refusing to run it is the builder's job.
// Lint findings carry BuildKit's rule name and URL; `# check=skip=...` drops them and
// `# check=error=true` reports them with severity error (so r.ok is false).
// COPY/ADD heredoc sources arrive as `contents` ({ path, data, expand }); expandInstruction
// expands their bodies when the delimiter was unquoted.

export { parseDockerfile, type ParseOptions } from './parse.ts';
export {
  expandInstruction,
  expandWord,
  expandWords,
  expandHeredoc,
  expandableWords,
  type ExpandOptions,
} from './expand.ts';
export { lex, LexError, type Lookup, type LexOptions, type LexResult } from './lex.ts';
export { formatDiagnostic, diagnosticError, diagnosticsError } from './diagnostics.ts';
export { parsePort } from './port.ts';
export { isSignal } from './signal.ts';
export { INSTRUCTIONS } from './instructions.ts';
export { parseGoDuration } from './duration.ts';
export type * from './types.ts';
