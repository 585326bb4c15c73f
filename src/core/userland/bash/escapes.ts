// ${x@E}: a value's backslash escapes read as $'…' reads them.
import { ANSI_C_ESCAPES, unescape } from '../lib/index.ts';

export function ansiText(s: string): string {
  return unescape(s, ANSI_C_ESCAPES).text;
}
