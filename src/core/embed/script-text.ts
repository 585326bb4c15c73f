// A project file written inline in a page, as the body of a `<script type="text/plain">` inside
// `<wharf-embed>`: how the snippet writes it and how the element reads it back.

/**
 * Text as the body of a `<script type="text/plain">`: the two sequences that would end or
 * confuse a script element are written `<\/script` and `<\!--`, which `<wharf-embed>` reads back.
 */
export function escapeScriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * A file's text as written in a `<script type="text/plain">`: escapeScriptText undone, and the
 * layout of the element dropped: the line break after the opening tag, and the indentation
 * before the closing tag when it stands on a line of its own.
 */
export function scriptFileText(body: string): string {
  let text = body.replace(/^\r?\n/, '');
  const last = text.lastIndexOf('\n');
  if (last >= 0 && /^[ \t]*$/.test(text.slice(last + 1))) text = text.slice(0, last + 1);
  return text.replace(/<\\\/(script)/gi, '</$1').replace(/<\\!--/g, '<!--');
}
