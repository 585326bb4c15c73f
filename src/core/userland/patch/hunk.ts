// One hunk as patch holds it whatever format it came in (pch.c): a context diff's shape.
// Index 0 is the "*** first,last" line, then the old lines (' ' context, '-' deleted, '!'
// changed), then at ptrnLines + 1 the "--- first,last" line, then the new lines (' ', '+',
// '!'); after the last, a '^' stopper. A line keeps its newline, or lacks it when the file's
// last line has none ("\ No newline at end of file").

export type Marker = '*' | '=' | ' ' | '-' | '+' | '!' | '\n' | '\t' | '^';

export class Hunk {
  /** Where the old lines start, and how many there are (p_first, p_ptrn_lines). */
  first = 0;
  ptrnLines = 0;
  /** Where the new lines start, and how many there are (p_newfirst, p_repl_lines). */
  newFirst = 0;
  replLines = 0;
  /** The index of the last line (p_end). */
  end = -1;
  /** Context lines before the first change and after the last. */
  prefixContext = 0;
  suffixContext = 0;
  /** The patch's line number where the hunk's lines start, for messages. */
  beginning = 0;
  /** What diff -p put after the hunk's header (" int main (void)"), or null. */
  cFunction: string | null = null;
  lines: string[] = [];
  markers: Marker[] = [];

  /** Sets line `i`. */
  set(i: number, marker: Marker, text: string): void {
    this.markers[i] = marker;
    this.lines[i] = text;
  }

  marker(i: number): Marker | undefined {
    return this.markers[i];
  }

  /** The line's bytes (pfetch). */
  line(i: number): string {
    return this.lines[i] ?? '';
  }

  /** Ends the hunk with the stopper apply and the reject writer run into. */
  stop(): void {
    this.markers[this.end + 1] = '^';
    this.markers.length = this.end + 2;
    this.lines.length = this.end + 1;
  }

  /** The old and new sides exchanged, as -R and the reversed-patch check want (pch_swap). */
  swap(): void {
    [this.first, this.newFirst] = [this.newFirst, this.first];
    const lines = this.lines;
    const markers = this.markers;
    const newLines: string[] = [];
    const newMarkers: Marker[] = [];
    let i = this.ptrnLines + 1;
    let blankLine = false;
    if (markers[i] === '\n') {
      // A blank line after the "---" line belongs to neither side: keep it in between.
      blankLine = true;
      i++;
    }
    let n = 0;
    for (; i <= this.end; i++, n++) {
      newLines[n] = lines[i]!;
      newMarkers[n] = markers[i] === '+' ? '-' : markers[i]!;
    }
    if (blankLine) {
      i = this.ptrnLines + 1;
      newLines[n] = lines[i]!;
      newMarkers[n] = markers[i]!;
      n++;
    }
    newMarkers[0] = '*';
    newLines[0] = newLines[0]!.replace(/-/g, '*');
    markers[0] = '=';
    lines[0] = lines[0]!.replace(/\*/g, '-');
    for (i = 0; n <= this.end; i++, n++) {
      newLines[n] = lines[i]!;
      newMarkers[n] = markers[i] === '-' ? '+' : markers[i]!;
    }
    this.lines = newLines;
    this.markers = newMarkers;
    [this.ptrnLines, this.replLines] = [this.replLines, this.ptrnLines];
    this.markers[this.end + 1] = '^';
  }

  /** Marks changes as `format` writes them: '-'/'+' for unified, '!' pairs for context. */
  normalize(format: 'unified' | 'context'): void {
    const m = this.markers;
    let old = 1;
    let nu = this.ptrnLines + 1;
    while (m[nu] === '=' || m[nu] === '\n') nu++;
    if (format === 'unified') {
      for (; old <= this.ptrnLines; old++) if (m[old] === '!') m[old] = '-';
      for (; nu <= this.end; nu++) if (m[nu] === '!') m[nu] = '+';
      return;
    }
    while (old <= this.ptrnLines) {
      if (m[old] === '-') {
        if (nu <= this.end && m[nu] === '+') {
          do m[old++] = '!';
          while (old <= this.ptrnLines && m[old] === '-');
          do m[nu++] = '!';
          while (nu <= this.end && m[nu] === '+');
        } else {
          do old++;
          while (old <= this.ptrnLines && m[old] === '-');
        }
      } else if (nu <= this.end && m[nu] === '+') {
        do nu++;
        while (nu <= this.end && m[nu] === '+');
      } else {
        old++;
        nu++;
      }
    }
  }
}
