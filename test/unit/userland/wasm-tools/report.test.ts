// wasm-tools's error output rebuilt from what the library build answers: wat's Debug form (the
// strings below are what jco-transpile 0.15.0's library returned for these inputs) rendered as
// wast's Display renders a file's error, and anyhow chains printed as main.rs prints them.
import { describe, expect, it } from 'vitest';
import { fromDebugChain, renderReport, watError } from '../../../../src/core/userland/wasm-tools/report.ts';

describe('watError', () => {
  const cases: Array<[debug: string, want: string]> = [
    [
      'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 0, col: 0, snippet: "hello" }), file: None, span: Span { offset: 0 }, kind: Custom("expected `(`") } }) }',
      'expected `(`\n     --> app.wat:1:1\n      |\n    1 | hello\n      | ^',
    ],
    [
      'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 3, col: 4, snippet: "    i32.foo))" }), file: None, span: Span { offset: 49 }, kind: Custom("unknown operator or unexpected token") } }) }',
      'unknown operator or unexpected token\n     --> app.wat:4:5\n      |\n    4 |     i32.foo))\n      |     ^',
    ],
    [
      'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 1, col: 22, snippet: "  (func $f (export \\"a\\\\q\\"))" }), file: None, span: Span { offset: 30 }, kind: Lex(InvalidStringEscape(\'q\')) } }) }',
      'invalid string escape \'q\'\n     --> app.wat:2:23\n      |\n    2 |   (func $f (export "a\\q"))\n      |                       ^',
    ],
    [
      'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 0, col: 8, snippet: "(module (; never closed" }), file: None, span: Span { offset: 8 }, kind: Lex(DanglingBlockComment) } }) }',
      'unterminated block comment\n     --> app.wat:1:9\n      |\n    1 | (module (; never closed\n      |         ^',
    ],
    [
      'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 0, col: 8, snippet: "(module é)" }), file: None, span: Span { offset: 8 }, kind: Lex(Unexpected(\'é\')) } }) }',
      "unexpected character '\\u{e9}'\n     --> app.wat:1:9\n      |\n    1 | (module é)\n      |         ^",
    ],
  ];
  it("renders wat's Debug form as wast's Display does for a file", () => {
    for (const [debug, want] of cases) expect(watError(debug, 'app.wat'), `watError(${debug})`).toBe(want);
  });

  it('gives undefined for anything else', () => {
    expect(watError('expected `(`', 'app.wat'), 'watError(plain text)').toBeUndefined();
  });
});

describe('fromDebugChain and renderReport', () => {
  it("reads anyhow's Debug form: one cause unnumbered, several numbered", () => {
    expect(fromDebugChain('unexpected end-of-file (at offset 0xa)'), 'no causes').toEqual({
      message: 'unexpected end-of-file (at offset 0xa)',
      causes: [],
    });
    expect(
      fromDebugChain('failed to validate component output\n\nCaused by:\n    type mismatch (at offset 0x22)'),
      'one cause',
    ).toEqual({ message: 'failed to validate component output', causes: ['type mismatch (at offset 0x22)'] });
    expect(
      fromDebugChain(
        'failed to decode world from module\n\nCaused by:\n    0: module was not valid\n    1: failed to resolve import `env::f`\n    2: module requires an import interface named `env`',
      ),
      'three causes',
    ).toEqual({
      message: 'failed to decode world from module',
      causes: [
        'module was not valid',
        'failed to resolve import `env::f`',
        'module requires an import interface named `env`',
      ],
    });
  });

  it("prints as main.rs's print_error: `error: `, then every cause numbered", () => {
    expect(renderReport({ message: 'failed to read from `a.wat`', causes: [] }), 'no causes').toBe(
      'error: failed to read from `a.wat`\n',
    );
    expect(
      renderReport({
        message: 'failed to read from `a.wat`',
        causes: ['No such file or directory (os error 2)'],
      }),
      'one cause',
    ).toBe('error: failed to read from `a.wat`\n\nCaused by:\n    0: No such file or directory (os error 2)\n');
    expect(renderReport({ message: 'a', causes: ['b\nc', 'd'] }), 'a cause of two lines').toBe(
      'error: a\n\nCaused by:\n    0: b\n       c\n    1: d\n',
    );
  });
});
