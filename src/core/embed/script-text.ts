// A project file written inline in a page, as the body of a `<script type="text/plain">` inside
// `<wharf-embed>`: how the snippet writes it and how the element reads it back, as people (and
// formatters such as Prettier) lay out HTML: indented with the element.

/**
 * Text as the body of a `<script type="text/plain">`: the two sequences that would end or
 * confuse a script element are written `<\/script` and `<\!--`, which `<wharf-embed>` reads back.
 */
export function escapeScriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The whitespace every line that is not blank starts with ('' when there is none, or no such line). */
export function commonIndent(text: string): string {
  let common: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (common === undefined || !indent.startsWith(common)) {
      let n = 0;
      const c = common ?? indent;
      while (n < c.length && n < indent.length && c[n] === indent[n]) n++;
      common = c.slice(0, n);
    }
    if (common === '') return '';
  }
  return common ?? '';
}

/**
 * A file's text as written in a `<script type="text/plain">`: escapeScriptText undone, and the
 * layout of the element dropped: the line break after the opening tag, the indentation before
 * the closing tag when it stands on a line of its own, and the indentation all the file's lines
 * share (a Makefile's tabs after it stay).
 */
export function scriptFileText(body: string): string {
  let text = body.replace(/^\r?\n/, '');
  const last = text.lastIndexOf('\n');
  if (last >= 0 && /^[ \t]*$/.test(text.slice(last + 1))) text = text.slice(0, last + 1);
  const indent = commonIndent(text);
  if (indent)
    text = text
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
  return text.replace(/<\\\/(script)/gi, '</$1').replace(/<\\!--/g, '<!--');
}
