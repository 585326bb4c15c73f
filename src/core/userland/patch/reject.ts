// The hunks that did not apply, as patch writes them to FILE.rej (patch.c abort_hunk): in the
// patch's own format, unified or context (a normal diff's in context format), or as
// --reject-format says; their line numbers moved by how far earlier hunks shifted the file.
import type { Hunk } from './hunk.ts';
import { INDEX, type Pch } from './pch.ts';
import type { Session } from './session.ts';

function unifiedRange(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  if (count === 1) return `${start}`;
  return `${start},${count}`;
}

function headerLine(p: Pch, tag: string, side: boolean): string {
  const i = side ? 1 : 0;
  return `${tag} ${p.names[i] ?? '/dev/null'}${p.timestr[i] ?? ''}\n`;
}

function mangled(s: Session, h: Hunk, old: number, nu: number): never {
  s.fatal(`Out-of-sync patch, lines ${h.beginning + old},${h.beginning + nu} -- mangled text or line numbers, maybe?`);
}

/** A unified reject: the hunk as -/+/space lines under an "@@" line. */
function unified(s: Session, p: Pch, header: boolean, outOffset: number): string {
  const h = p.hunk;
  let out = '';
  if (header) {
    if (p.names[INDEX]) out += `Index: ${p.names[INDEX]}\n`;
    out += headerLine(p, '---', s.reverse);
    out += headerLine(p, '+++', !s.reverse);
  }
  const lastLine = h.ptrnLines;
  out += `@@ -${unifiedRange(h.first + outOffset, lastLine)} +${unifiedRange(h.newFirst + outOffset, h.replLines)} @@${h.cFunction ?? ''}\n`;
  let old = 1;
  let nu = lastLine + 1;
  while (h.marker(nu) === '=' || h.marker(nu) === '\n') nu++;
  if (p.diffType !== 'unified') h.normalize('unified');
  for (; ; old++, nu++) {
    for (; h.marker(old) === '-'; old++) out += `-${h.line(old)}`;
    for (; h.marker(nu) === '+'; nu++) out += `+${h.line(nu)}`;
    if (old > lastLine) break;
    if (h.marker(nu) !== h.marker(old)) mangled(s, h, old, nu);
    out += ` ${h.line(old)}`;
  }
  if (h.marker(nu) !== '^') mangled(s, h, old, nu);
  return out;
}

/** A context reject: "***************", then the old and new sides. */
function context(s: Session, p: Pch, header: boolean, outOffset: number): string {
  const h = p.hunk;
  const oldFirst = h.first + outOffset;
  const newFirst = h.newFirst + outOffset;
  const oldLast = oldFirst + h.ptrnLines - 1;
  const newLast = newFirst + h.replLines - 1;
  const newStyle = p.diffType === 'new-context' || p.diffType === 'unified' || p.diffType === 'git-binary';
  const stars = newStyle ? ' ****' : '';
  const minuses = newStyle ? ' ----' : ' -----';
  if (p.diffType === 'unified') h.normalize('context');
  let out = '';
  if (header) {
    if (p.names[INDEX]) out += `Index: ${p.names[INDEX]}\n`;
    out += headerLine(p, '***', s.reverse);
    out += headerLine(p, '---', !s.reverse);
  }
  out += `***************${h.cFunction ?? ''}\n`;
  const range = (first: number, last: number): string =>
    last < first ? '0' : last === first ? `${first}` : `${first},${last}`;
  for (let i = 0; i <= h.end; i++) {
    const m = h.marker(i);
    switch (m) {
      case '*':
        out += `*** ${range(oldFirst, oldLast)}${stars}\n`;
        break;
      case '=':
        out += `--- ${range(newFirst, newLast)}${minuses}\n`;
        break;
      case ' ':
      case '-':
      case '+':
      case '!':
        out += `${m} ${h.line(i)}`;
        break;
      case '\n':
        out += h.line(i);
        break;
      default:
        s.fatal('fatal internal error in abort_hunk_context');
    }
  }
  return out;
}

/** The current hunk as a reject, with the file's header when it is the file's first. */
export function rejectText(s: Session, p: Pch, header: boolean, outOffset: number): string {
  const format = s.o.rejectFormat ?? (p.diffType === 'unified' ? 'unified' : 'context');
  return format === 'unified' ? unified(s, p, header, outOffset) : context(s, p, header, outOffset);
}
