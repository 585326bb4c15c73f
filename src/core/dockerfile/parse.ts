// parseDockerfile: text -> directives, global ARGs, stages, and every diagnostic (errors and
// lint warnings), as BuildKit's parser.Parse + instructions.Parse + its checks produce them.

import { lintDockerfile } from './lint.ts';
import { scan } from './lines.ts';
import { parseInstruction } from './instructions.ts';
import type { ArgInstruction, Diagnostic, ParseResult, Stage } from './types.ts';

export interface ParseOptions {
  /** The file name used in diagnostics ("Dockerfile" by default). */
  file?: string;
}

export function parseDockerfile(text: string, opts: ParseOptions = {}): ParseResult {
  const file = opts.file ?? 'Dockerfile';
  const diagnostics: Diagnostic[] = [];
  const report = (d: Omit<Diagnostic, 'file'>): void => {
    diagnostics.push({ file, ...d });
  };
  const { directives, lines } = scan(text, report);
  const globalArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  const seenNames = new Map<string, number>();
  for (const line of lines) {
    const inst = parseInstruction(line.text, 0, { line, escape: directives.escape, report });
    if (!inst) continue;
    if (inst.kind === 'FROM') {
      if (inst.name !== undefined) {
        const previous = seenNames.get(inst.name);
        if (previous !== undefined) {
          report({
            severity: 'error',
            code: 'DOCKERFILE_SEMANTIC',
            rule: 'DuplicateStageName',
            url: 'https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/',
            line: inst.line,
            col: inst.col,
            message: `Duplicate stage name "${inst.name}", stage names should be unique`,
          });
        } else {
          seenNames.set(inst.name, stages.length);
        }
      }
      stages.push({
        name: inst.name,
        index: stages.length,
        from: inst,
        instructions: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage) {
      stage.instructions.push(inst);
    } else if (inst.kind === 'ARG') {
      globalArgs.push(inst);
    } else {
      report({
        severity: 'error',
        code: 'DOCKERFILE_SEMANTIC',
        line: inst.line,
        col: inst.col,
        message: `no build stage in current context: ${inst.keyword.toUpperCase()} before the first FROM`,
      });
    }
  }
  for (const line of lines) {
    for (const empty of line.emptyContinuations) {
      report({
        severity: 'warning',
        code: 'DOCKERFILE_SYNTAX',
        rule: 'NoEmptyContinuation',
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
        line: empty,
        col: 1,
        message: 'Empty continuation line',
      });
    }
  }
  const partial: ParseResult = { file, directives, globalArgs, stages, diagnostics, ok: true };
  for (const w of lintDockerfile(partial, lines)) diagnostics.push(w);
  const check = directives.check;
  const kept = diagnostics.filter(
    (d) => !d.rule || d.severity === 'error' || !(check.skipAll || check.skip.includes(d.rule)),
  );
  // `# check=error=true`: findings fail the build, so they are reported as errors.
  const final = kept.map((d) =>
    check.error && d.rule && d.severity === 'warning' ? { ...d, severity: 'error' as const } : d,
  );
  final.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ...partial, diagnostics: final, ok: final.every((d) => d.severity !== 'error') };
}
