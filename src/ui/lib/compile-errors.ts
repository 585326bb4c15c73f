// Where a failed RUN's program says the problem is: the first `file:line:col: error: message`
// a compiler printed (clang, gcc, rustc's short form) or Python's `File "x.py", line N`, mapped
// back to a project file, so the editor can mark the source line instead of only the RUN line.

export interface SourceError {
  file: string;
  line: number;
  col?: number;
  message: string;
}

/** The program's own text of a build log line (`#7 0.412 hello.c:3:5: error: ...`). */
function programText(line: string): string {
  return line.replace(/^#\d+ \d+\.\d{3} /, '');
}

const CLANG = /^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$/;
const PYTHON = /^\s*File "(.+?)", line (\d+)/;

/** The first source error in `log` that names one of `paths` (project files), if any. */
export function firstSourceError(log: readonly string[], paths: readonly string[]): SourceError | undefined {
  for (let i = 0; i < log.length; i++) {
    const text = programText(log[i]!);
    const c = CLANG.exec(text);
    if (c) {
      const file = projectPath(c[1]!, paths);
      if (file) return { file, line: Number(c[2]), col: c[3] ? Number(c[3]) : undefined, message: text };
      continue;
    }
    const p = PYTHON.exec(text);
    if (p) {
      const file = projectPath(p[1]!, paths);
      // Python's message is on the last line of its traceback.
      const last = log
        .slice(i + 1)
        .map(programText)
        .find((l) => /^\w*(Error|Exception)\b/.test(l));
      if (file) return { file, line: Number(p[2]), message: last ?? text };
    }
  }
  return undefined;
}

/**
 * The project file a path in the image names: the same path below the root, or the one file
 * whose path the image path ends with (COPY put it under a WORKDIR).
 */
function projectPath(path: string, paths: readonly string[]): string | undefined {
  const rel = path.replace(/^\.?\//, '').replace(/^\/+/, '');
  if (paths.includes(rel)) return rel;
  const matches = paths.filter((p) => rel.endsWith(`/${p}`) || p.endsWith(`/${rel}`) || p === rel);
  if (matches.length === 1) return matches[0];
  const base = rel.split('/').pop()!;
  const byName = paths.filter((p) => p.split('/').pop() === base);
  return byName.length === 1 ? byName[0] : undefined;
}
