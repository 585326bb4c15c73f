import { describe, expect, it } from 'vitest';
import {
  EMBED_ALLOW,
  EMBED_SANDBOX,
  elementSnippet,
  commonIndent,
  escapeScriptText,
  iframeSnippet,
  parseEmbedOptions,
  scriptFileText,
} from '../../../src/core/embed/index.ts';
import { readShareFragment, type SharedProject } from '../../../src/core/share/index.ts';

const BASE = 'https://wharf.example/';

function project(over: Partial<SharedProject> = {}): SharedProject {
  return {
    name: 'hello "world"',
    dockerfile: 'Dockerfile',
    tag: 'hello:latest',
    buildArgs: {},
    run: { args: [], env: [], stdin: '' },
    files: [
      { path: 'Dockerfile', data: 'FROM wasi-sdk\nCOPY hello.c .\n', mode: 0o644 },
      {
        path: 'hello.c',
        data: '#include <stdio.h>\n// </script> and <!-- in a comment\nint main(void) { puts("<b>&"); }',
        mode: 0o644,
      },
      { path: 'run.sh', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
    ],
    ...over,
  };
}

/** The attributes and inline files of a `<wharf-embed>` snippet, read as the element reads them. */
function readElement(html: string): { attrs: Record<string, string>; files: Record<string, [string, string?]> } {
  const open = /<wharf-embed([^>]*)>/.exec(html)![1]!;
  const attrs = Object.fromEntries(
    [...open.matchAll(/ ([a-z-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, unescape(m[2] ?? '')]),
  );
  const files: Record<string, [string, string?]> = {};
  for (const m of html.matchAll(
    /<script type="text\/plain" data-path="([^"]*)"(?: data-mode="([0-7]+)")?>([\s\S]*?)<\/script>/g,
  ))
    files[unescape(m[1]!)] = [scriptFileText(m[3]!), m[2]];
  return { attrs, files };
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('iframeSnippet', () => {
  it('frames /embed with the options in the query and the project in the fragment, sandboxed', () => {
    const p = project();
    const html = iframeSnippet(BASE, p, { view: 'output', run: 'auto' });
    const src = unescape(/src="([^"]*)"/.exec(html)![1]!);
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe('https://wharf.example/embed');
    expect(parseEmbedOptions(url.search).options).toMatchObject({ view: 'output', run: 'auto' });
    expect(readShareFragment(url.hash)).toEqual(p);
    expect(html).toContain(`sandbox="${EMBED_SANDBOX}"`);
    expect(html).toContain(`allow="${EMBED_ALLOW}"`);
    expect(html).toContain('title="Wharf: hello &quot;world&quot;"');
  });
});

describe('elementSnippet', () => {
  it('writes text files inline, each as the element reads it back', () => {
    const p = project({ run: { args: [], env: [], stdin: 'a\nb\n' } });
    const html = elementSnippet(BASE, p, { readonly: true, run: 'auto' });
    expect(html.startsWith('<script src="https://wharf.example/embed.js" defer></script>\n')).toBe(true);
    const { attrs, files } = readElement(html);
    expect(attrs).toEqual({ readonly: '', run: 'auto', stdin: 'a\nb\n', name: 'hello "world"' });
    expect(files).toEqual({
      Dockerfile: ['FROM wasi-sdk\nCOPY hello.c .\n', undefined],
      'hello.c': [(p.files[1] as { data: string }).data, undefined],
      'run.sh': ['#!/bin/sh\necho hi\n', '755'],
    });
    // The one `</script>` inside a file is escaped: each file's script ends where it should.
    expect(html.match(/<\/script>/g)).toHaveLength(4);
  });

  it('names a Dockerfile at another path', () => {
    const p = project({ dockerfile: 'build.Dockerfile' });
    p.files[0] = { ...p.files[0]!, path: 'build.Dockerfile' } as SharedProject['files'][number];
    expect(readElement(elementSnippet(BASE, p)).attrs.dockerfile).toBe('build.Dockerfile');
  });

  it('carries what inline text cannot as the share fragment', () => {
    for (const p of [
      project({
        files: [...project().files, { path: 'app.wasm', data: new Uint8Array([0, 97, 115, 109]), mode: 0o755 }],
      }),
      project({ run: { args: ['--verbose'], env: [], stdin: '' } }),
      project({ buildArgs: { X: '1' } }),
      project({ files: [...project().files, { kind: 'dir', path: 'out', mode: 0o700 }] }),
      project({
        files: [...project().files, { path: 'indented.txt', data: '  every line\n  indented\n', mode: 0o644 }],
      }),
    ]) {
      const { attrs, files } = readElement(elementSnippet(BASE, p));
      expect(files).toEqual({});
      expect(readShareFragment(`#p=${attrs.fragment}`)).toEqual(p);
    }
  });
});

describe('script text', () => {
  it('round-trips any text through a script element body', () => {
    for (const text of ['', 'x', 'a\nb\n', '</SCRIPT>', '<!--<script>', 'a\n  indented\n\tline\n', 'no newline']) {
      expect(scriptFileText(`\n${escapeScriptText(text)}`), JSON.stringify(text)).toBe(text);
    }
  });

  it('drops the layout of hand-written and formatted HTML', () => {
    expect(scriptFileText('\n  int x;\n  int y;\n  ')).toBe('int x;\nint y;\n');
    expect(scriptFileText('\n    int main() {\n\n      return 0;\n    }\n  ')).toBe('int main() {\n\n  return 0;\n}\n');
    expect(scriptFileText('\n    all: app\n    app:\n    \tcc -o app app.c\n')).toBe(
      'all: app\napp:\n\tcc -o app app.c\n',
    );
    expect(scriptFileText('\r\nx\r\n')).toBe('x\r\n');
  });

  it('knows the indentation every line shares', () => {
    expect(commonIndent('  a\n\n    b\n  c')).toBe('  ');
    expect(commonIndent('\ta\n\tb')).toBe('\t');
    expect(commonIndent('a\n  b')).toBe('');
    expect(commonIndent('')).toBe('');
  });
});
