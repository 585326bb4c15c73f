// The Dockerfile AST: one typed record per instruction, words kept raw (unexpanded) so the
// builder expands them with the stage's ARG/ENV state (see expand.ts).

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Without the location prefix; formatDiagnostic adds it. */
  message: string;
  file: string;
  /** 1-based line and column of the problem. */
  line: number;
  col: number;
  endLine?: number;
  /** BuildKit's check name for lint findings (e.g. "JSONArgsRecommended"). */
  rule?: string;
  /** Documentation of the check. */
  url?: string;
  /** DOCKERFILE_SYNTAX when the text cannot be parsed, DOCKERFILE_SEMANTIC otherwise. */
  code: 'DOCKERFILE_SYNTAX' | 'DOCKERFILE_SEMANTIC';
}

export type EscapeToken = '\\' | '`';

export interface Directive {
  /** Lower-cased name: syntax, escape or check. */
  name: string;
  value: string;
  line: number;
}

export interface CheckOptions {
  /** Rule names from `# check=skip=A,B`. */
  skip: string[];
  /** `skip=all`. */
  skipAll: boolean;
  /** `error=true`: lint findings fail the build (they are reported with severity error). */
  error: boolean;
}

export interface Directives {
  list: Directive[];
  syntax?: string;
  escape: EscapeToken;
  check: CheckOptions;
}

/** A `--name[=value]` flag as written (value undefined for a bare boolean flag). */
export interface Flag {
  name: string;
  value: string | undefined;
  line: number;
  col: number;
}

export interface Heredoc {
  /** The delimiter word, unquoted (EOF). */
  name: string;
  /** The body exactly as in the file, each line with its newline, leading tabs kept. */
  content: string;
  /** `<<-`: leading tabs are stripped from the body and the delimiter line. */
  chomp: boolean;
  /** false when the delimiter was quoted (`<<"EOF"`, `<<'EOF'`): no expansion in the body. */
  expand: boolean;
  /** The file descriptor written before `<<` (`3<<EOF`), 0 when none. */
  fd: number;
  line: number;
}

export type InstructionKind =
  | 'FROM'
  | 'ARG'
  | 'ENV'
  | 'LABEL'
  | 'COPY'
  | 'ADD'
  | 'RUN'
  | 'CMD'
  | 'ENTRYPOINT'
  | 'WORKDIR'
  | 'USER'
  | 'EXPOSE'
  | 'VOLUME'
  | 'STOPSIGNAL'
  | 'HEALTHCHECK'
  | 'SHELL'
  | 'ONBUILD'
  | 'MAINTAINER';

interface Base<K extends InstructionKind> {
  kind: K;
  /** The instruction keyword as written (`from`, `Copy`). */
  keyword: string;
  line: number;
  col: number;
  endLine: number;
  /** The logical line: continuations joined, comments removed, heredoc bodies not included. */
  original: string;
  flags: Flag[];
  heredocs: Heredoc[];
}

/** RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD: exec (JSON) form or shell form (one string). */
export interface CommandLine {
  form: 'exec' | 'shell';
  /** exec: the JSON strings; shell: [the command text] (empty when nothing was written). */
  args: string[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface FromInstruction extends Base<'FROM'> {
  image: string;
  /** Stage name lower-cased (names are case-insensitive), undefined without AS. */
  name?: string;
  /** The stage name as written. */
  nameAsWritten?: string;
  /** The AS keyword as written. */
  asKeyword?: string;
  platform?: string;
}

export interface ArgInstruction extends Base<'ARG'> {
  args: { key: string; value?: string }[];
}

export interface EnvInstruction extends Base<'ENV'> {
  pairs: KeyValue[];
  /** `ENV KEY value` (whitespace separator) rather than KEY=value. */
  legacy: boolean;
}

export interface LabelInstruction extends Base<'LABEL'> {
  pairs: KeyValue[];
  legacy: boolean;
}

/** A file made from a heredoc source (`COPY <<EOF /dest`). */
export interface SourceContent {
  /** The heredoc's name, used as the file name when the destination is a directory. */
  path: string;
  /** The body, with leading tabs already removed for `<<-`. */
  data: string;
  expand: boolean;
}

interface CopyLike<K extends 'COPY' | 'ADD'> extends Base<K> {
  sources: string[];
  contents: SourceContent[];
  dest: string;
  json: boolean;
  chown?: string;
  chmod?: string;
  link: boolean;
  exclude: string[];
  parents: boolean;
}

export interface CopyInstruction extends CopyLike<'COPY'> {
  from?: string;
}

export interface AddInstruction extends CopyLike<'ADD'> {
  keepGitDir: boolean;
  checksum?: string;
}

export interface RunInstruction extends Base<'RUN'> {
  command: CommandLine;
  /** Each --mount as its comma-separated key=value fields (a bare key maps to "true"). */
  mounts: Record<string, string>[];
  network?: string;
  security?: string;
}

export interface CmdInstruction extends Base<'CMD'> {
  command: CommandLine;
}

export interface EntrypointInstruction extends Base<'ENTRYPOINT'> {
  command: CommandLine;
}

export interface WorkdirInstruction extends Base<'WORKDIR'> {
  path: string;
}

export interface UserInstruction extends Base<'USER'> {
  user: string;
}

export interface ExposeInstruction extends Base<'EXPOSE'> {
  ports: string[];
}

export interface VolumeInstruction extends Base<'VOLUME'> {
  volumes: string[];
  json: boolean;
}

export interface StopSignalInstruction extends Base<'STOPSIGNAL'> {
  signal: string;
}

export interface HealthcheckInstruction extends Base<'HEALTHCHECK'> {
  /** NONE disables the base image's check. */
  type: 'NONE' | 'CMD';
  command?: CommandLine;
  /** Durations in nanoseconds as the image config stores them; undefined when not given. */
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

export interface ShellInstruction extends Base<'SHELL'> {
  shell: string[];
}

export interface OnbuildInstruction extends Base<'ONBUILD'> {
  /** The trigger as stored in the image config (`RUN echo hi`). */
  expression: string;
  trigger: Instruction;
}

export interface MaintainerInstruction extends Base<'MAINTAINER'> {
  maintainer: string;
}

export type Instruction =
  | FromInstruction
  | ArgInstruction
  | EnvInstruction
  | LabelInstruction
  | CopyInstruction
  | AddInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | StopSignalInstruction
  | HealthcheckInstruction
  | ShellInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

export interface Stage {
  /** Lower-cased stage name, undefined when the FROM has no AS. */
  name?: string;
  index: number;
  from: FromInstruction;
  /** The stage's instructions after FROM. */
  instructions: Instruction[];
}

export interface ParseResult {
  file: string;
  directives: Directives;
  /** ARGs before the first FROM: usable in FROM lines, and in stages that redeclare them. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
  /** Errors and lint warnings, in line order. */
  diagnostics: Diagnostic[];
  /** true when no diagnostic has severity error. */
  ok: boolean;
}
