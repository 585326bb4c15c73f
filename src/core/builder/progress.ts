// Progress events of a build, and a BuildKit-style plain log made from them (the CLI prints it,
// the UI shows it in "Build log"). Events are plain data so they cross a Worker boundary as is.

/** 'canceled': the step stopped because another step failed (BuildKit's CANCELED). */
export type StepStatus = 'running' | 'done' | 'cached' | 'error' | 'canceled';

export interface StepEvent {
  type: 'step';
  /** Vertex number, as BuildKit's "#N". */
  id: number;
  /** "[build 2/4] COPY src /src", "[internal] load build context", "exporting to image". */
  name: string;
  status: StepStatus;
  /** Dockerfile line of the instruction, when it is one. */
  line?: number;
  /** Elapsed ms (on done/cached/error). */
  durationMs?: number;
  /** Layer or transfer size in bytes. */
  bytes?: number;
  /** Extra detail lines (e.g. "writing layer sha256:..."). */
  detail?: string;
  /** Error message when status is "error". */
  error?: string;
}

export interface ProgressEvent {
  type: 'progress';
  id: number;
  /** Bytes done and total of a long operation (big layers, compression). */
  done: number;
  total: number;
}

export interface WarningEvent {
  type: 'warning';
  message: string;
  line?: number;
}

/** Output of a step's program (RUN), a line at a time, as BuildKit prints it under the step. */
export interface LogEvent {
  type: 'log';
  id: number;
  /** Seconds since the step started. */
  seconds: number;
  /** One line, without its newline. */
  text: string;
  /** Which stream the program wrote it to. */
  fd: 1 | 2;
}

export type BuildEvent = StepEvent | ProgressEvent | WarningEvent | LogEvent;

function progressBytes(n: number): string {
  if (n < 1000) return `${n}B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(2)}kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(2)}MB`;
  return `${(n / 1e9).toFixed(2)}GB`;
}

/** One event as the lines `docker buildx build --progress=plain` would print for it. */
export function formatEvent(e: BuildEvent): string[] {
  switch (e.type) {
    case 'warning':
      return [`WARNING: ${e.line !== undefined ? `Dockerfile:${e.line}: ` : ''}${e.message}`];
    case 'progress':
      return [`#${e.id} ${progressBytes(e.done)} / ${progressBytes(e.total)}`];
    case 'log':
      return [`#${e.id} ${e.seconds.toFixed(3)} ${e.text}`];
    case 'step': {
      const secs = ((e.durationMs ?? 0) / 1000).toFixed(1);
      const size = e.bytes !== undefined ? ` ${progressBytes(e.bytes)}` : '';
      switch (e.status) {
        case 'running':
          return [`#${e.id} ${e.name}`];
        case 'cached':
          return [`#${e.id} CACHED${size}`];
        case 'done':
          return [...(e.detail ? [`#${e.id} ${e.detail}`] : []), `#${e.id} DONE ${secs}s${size}`];
        case 'error':
          return [`#${e.id} ERROR: ${e.error ?? 'failed'}`];
        case 'canceled':
          return [`#${e.id} CANCELED`];
      }
    }
  }
}
