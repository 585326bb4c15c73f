// Parser directives (`# syntax=`, `# escape=`, `# check=`) as BuildKit reads them: only in the
// comment lines at the very top, keys case-insensitive, each at most once.
// https://docs.docker.com/reference/dockerfile/#parser-directives

import type { Report } from './lines.ts';
import type { CheckOptions, Directive, Directives, EscapeToken } from './types.ts';

const directiveRe = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/u;
const validDirectives = new Set(['syntax', 'escape', 'check']);

export class DirectiveParser {
  done = false;
  readonly list: Directive[] = [];
  escape: EscapeToken = '\\';

  constructor(private readonly report: Report) {}

  /** Looks at a physical line while directives are still allowed (before anything else). */
  parse(text: string, line: number): void {
    if (this.done) return;
    if (!text.startsWith('#')) {
      this.done = true;
      return;
    }
    const m = directiveRe.exec(text.slice(1).replace(/^\s+/u, ''));
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || !validDirectives.has(key)) {
      this.done = true;
      return;
    }
    if (this.list.some((d) => d.name === key)) {
      this.report({
        severity: 'error',
        code: 'DOCKERFILE_SYNTAX',
        line,
        col: 1,
        message: `only one ${key} parser directive can be used`,
      });
      return;
    }
    const value = m[2]!;
    this.list.push({ name: key, value, line });
    if (key === 'escape') {
      if (value === '\\' || value === '`') this.escape = value;
      else
        this.report({
          severity: 'error',
          code: 'DOCKERFILE_SYNTAX',
          line,
          col: 1,
          message: `invalid escape token '${value}' does not match \` or \\`,
        });
    }
  }
}

/** `# check=skip=A,B;error=true`, as BuildKit's linter.ParseLintOptions reads it. */
export function parseCheck(value: string): CheckOptions | string {
  const out: CheckOptions = { skip: [], skipAll: false, error: false };
  const s = value.trim();
  if (s === '') return out;
  const semi = s.indexOf(';');
  const parts = semi < 0 ? [s] : [s.slice(0, semi), s.slice(semi + 1)];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) return `invalid check option "${p}"`;
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'skip') {
      if (v === 'all') out.skipAll = true;
      else out.skip = v.split(',').map((r) => r.trim());
    } else if (k === 'error') {
      const b = parseBool(v);
      if (b === undefined) return `failed to parse check option "${p}": invalid syntax`;
      out.error = b;
    } else {
      return `invalid check option "${k}"`;
    }
  }
  return out;
}

/** Go's strconv.ParseBool. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

export function directivesFrom(dp: DirectiveParser, report: Report): Directives {
  const out: Directives = { list: dp.list, escape: dp.escape, check: { skip: [], skipAll: false, error: false } };
  for (const d of dp.list) {
    if (d.name === 'syntax') out.syntax = d.value;
    if (d.name === 'check') {
      const c = parseCheck(d.value);
      if (typeof c === 'string')
        report({ severity: 'error', code: 'DOCKERFILE_SYNTAX', line: d.line, col: 1, message: c });
      else out.check = c;
    }
  }
  return out;
}
