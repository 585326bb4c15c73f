// Diagnostics as text (`docker build --check` style) and as the WharfError family.

import { WharfAggregateError, WharfError, located } from '../errors.ts';
import type { Diagnostic } from './types.ts';

/** "Dockerfile:7: warning: JSONArgsRecommended: JSON arguments recommended ..." */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.severity}: ${d.rule ? `${d.rule}: ` : ''}${d.message}`;
}

/** One located WharfError ("Dockerfile:7: unknown instruction: FORM ..."). */
export function diagnosticError(d: Diagnostic): WharfError {
  return located(d.code, { file: d.file, line: d.line, col: d.col }, d.rule ? `${d.rule}: ${d.message}` : d.message);
}

/** The errors among `diagnostics` as one throwable error, or undefined when there are none. */
export function diagnosticsError(diagnostics: readonly Diagnostic[]): WharfError | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error').map(diagnosticError);
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : new WharfAggregateError(errors);
}
