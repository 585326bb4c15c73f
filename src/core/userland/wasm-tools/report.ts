// wasm-tools's error output. main.rs prints `error: MESSAGE` and, when the error has causes,
// `Caused by:` with each numbered (`    0: cause`). The library build answers with strings: an
// anyhow chain in its Debug form ("msg\n\nCaused by:\n    0: a\n    1: b"), and for WAT the
// Debug form of wat's error, from which the file-named rendering wast gives is rebuilt.
/** An error as main.rs prints it: its message, then its causes. */
export interface Report {
  message: string;
  causes: string[];
}

export function renderReport(r: Report): string {
  let out = `error: ${r.message}\n`;
  if (r.causes.length === 0) return out;
  out += '\nCaused by:\n';
  r.causes.forEach((c, i) => {
    out += `${String(i).padStart(5)}: ${c.replace(/\n/g, '\n       ')}\n`;
  });
  return out;
}

/** An anyhow error's Debug text back into its message and causes. */
export function fromDebugChain(text: string): Report {
  const at = text.indexOf('\n\nCaused by:\n');
  if (at < 0) return { message: text, causes: [] };
  const message = text.slice(0, at);
  const lines = text.slice(at + '\n\nCaused by:\n'.length).split('\n');
  const numbered = /^ {4}\s*\d+: /.test(lines[0] ?? '');
  if (!numbered)
    return {
      message,
      causes: [
        lines
          .map((l) => l.replace(/^ {4}/, ''))
          .join('\n')
          .trimEnd(),
      ],
    };
  const causes: string[] = [];
  for (const line of lines) {
    const m = /^ {4}\s*\d+: (.*)$/.exec(line);
    if (m) causes.push(m[1]!);
    else if (causes.length > 0 && line !== '') causes[causes.length - 1] += `\n${line.replace(/^ {7}/, '')}`;
  }
  return { message, causes };
}

/**
 * wat's error as `parse_file` gives it, from its Debug form: wast's message with the file, line
 * and column, the line's text and a caret. Undefined when `debug` is not that form.
 */
export function watError(debug: string, file: string): string | undefined {
  const span = /span: Span \{ offset: (\d+) \}/.exec(debug);
  const kind = /kind: (Custom|Lex)\((.*)\) \} \}\) \}$/s.exec(debug);
  if (!span || !kind) return undefined;
  const message = kind[1] === 'Custom' ? rustString(kind[2]!) : lexMessage(kind[2]!);
  if (message === undefined) return undefined;
  const text = /text: Some\(Text \{ line: (\d+), col: (\d+), snippet: ("(?:[^"\\]|\\.)*") \}\)/.exec(debug);
  if (!text) return `${message} at byte offset ${span[1]}`;
  const line = Number(text[1]) + 1;
  const col = Number(text[2]) + 1;
  const snippet = rustString(text[3]!);
  if (snippet === undefined) return undefined;
  if (col > 500) return `${message} at ${file}:${line}:${col}`;
  return `${message}\n     --> ${file}:${line}:${col}\n      |\n ${String(line).padStart(4)} | ${snippet}\n      | ${'^'.padStart(col)}`;
}

/** A Rust string literal as Debug prints it ("a\"b\u{7f}"), decoded; undefined when not one. */
export function rustString(literal: string): string | undefined {
  if (!literal.startsWith('"') || !literal.endsWith('"')) return undefined;
  return unescape(literal.slice(1, -1));
}

function unescape(body: string): string {
  return body.replace(/\\(u\{([0-9a-f]+)\}|.)/g, (_, e: string, hex?: string) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[e] ?? e;
  });
}

/** wast's LexError, from its Debug form to the words its Display gives. */
function lexMessage(debug: string): string | undefined {
  const ch = (lit: string): string | undefined => {
    const m = /^'((?:[^'\\]|\\.|\\u\{[0-9a-f]+\})+)'$/.exec(lit);
    return m ? escapeChar(unescape(m[1]!)) : undefined;
  };
  const one = /^(\w+)\((.*)\)$/.exec(debug);
  if (one) {
    const c = ch(one[2]!);
    switch (one[1]) {
      case 'Unexpected':
        return c && `unexpected character '${c}'`;
      case 'InvalidStringElement':
        return c && `invalid character in string '${c}'`;
      case 'InvalidStringEscape':
        return c && `invalid string escape '${c}'`;
      case 'InvalidHexDigit':
        return c && `invalid hex digit '${c}'`;
      case 'InvalidDigit':
        return c && `invalid decimal digit '${c}'`;
      case 'InvalidUnicodeValue':
        return `invalid unicode scalar value 0x${Number(one[2]).toString(16)}`;
      case 'ConfusingUnicode':
        return `likely-confusing unicode character found ${one[2]}`;
      case 'InvalidUtf8Id':
        return 'malformed UTF-8 encoding of string-based id';
    }
    return undefined;
  }
  const expected = /^Expected \{ wanted: ('.*'), found: ('.*') \}$/.exec(debug);
  if (expected) return `expected '${ch(expected[1]!)}' but found '${ch(expected[2]!)}'`;
  return {
    DanglingBlockComment: 'unterminated block comment',
    UnexpectedEof: 'unexpected end-of-file',
    NumberTooBig: 'number is too big to parse',
    LoneUnderscore: 'bare underscore in numeric literal',
    EmptyId: 'empty identifier',
    EmptyAnnotation: 'empty annotation id',
  }[debug];
}

/** wast's escape_char. */
function escapeChar(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  if (c === '\\') return '\\\\';
  if (c === "'") return "\\'";
  const code = c.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return c;
  return `\\u{${code.toString(16)}}`;
}
