import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_OPTIONS, embedQuery, parseEmbedOptions, readImage } from '../../../src/core/embed/index.ts';

const BASE = 'https://wharf.example/embed';

describe('parseEmbedOptions', () => {
  it('gives the defaults for an empty query', () => {
    const { options, problems } = parseEmbedOptions('');
    expect(options, 'parseEmbedOptions("").options').toEqual(DEFAULT_EMBED_OPTIONS);
    expect(problems, 'parseEmbedOptions("").problems').toEqual([]);
  });

  it('reads every option', () => {
    const q =
      '?view=output&file=src/main.c&readonly&hidden=Dockerfile,Makefile&run=auto&load=eager&theme=dark&height=auto' +
      '&stdin=one%0Atwo%0A&image=ghcr.io/acme/hello:1';
    const { options, problems } = parseEmbedOptions(q, BASE);
    expect(problems, `parseEmbedOptions(${q}).problems`).toEqual([]);
    expect(options).toEqual({
      view: 'output',
      file: 'src/main.c',
      readonly: true,
      hidden: ['Dockerfile', 'Makefile'],
      run: 'auto',
      load: 'eager',
      theme: 'dark',
      height: 'auto',
      stdin: 'one\ntwo\n',
      image: { kind: 'ref', ref: 'ghcr.io/acme/hello:1' },
    });
  });

  it('takes view in either order and readonly as a flag or a boolean', () => {
    expect(parseEmbedOptions('view=output,editor').options.view).toBe('editor,output');
    for (const [q, want] of [
      ['readonly', true],
      ['readonly=1', true],
      ['readonly=true', true],
      ['readonly=0', false],
      ['readonly=false', false],
    ] as const) {
      expect(parseEmbedOptions(q).options.readonly, `parseEmbedOptions(${q}).options.readonly`).toBe(want);
    }
  });

  it('collects every problem, keeps the default for each, and reads the rest', () => {
    const { options, problems } = parseEmbedOptions(
      'run=sometimes&view=editor&theme=blue&file=../etc/passwd&hidden=a,/b&heigth=auto&load=eager&load=click&readonly=maybe',
    );
    expect(problems).toEqual([
      'run=sometimes: expected click or auto',
      'view=editor: expected output or editor,output',
      'theme=blue: expected light or dark or auto',
      'file=../etc/passwd: not a relative path inside the project',
      'hidden=a,/b: "/b" is not a relative path inside the project',
      'heigth=auto: unknown option (the options are view, file, readonly, hidden, run, load, theme, height, stdin, image)',
      'load= is given twice; the first is used',
      'readonly=maybe: expected no value, 1, true, 0 or false',
    ]);
    expect(options).toEqual({ ...DEFAULT_EMBED_OPTIONS, load: 'eager' });
  });

  it('says when the file shown first is hidden', () => {
    expect(parseEmbedOptions('file=a.c&hidden=a.c').problems).toEqual(['file=a.c: that file is also hidden=']);
  });
});

describe('readImage', () => {
  it('tells a tarball URL from a registry reference', () => {
    expect(readImage('https://cdn.example/hello.tar')).toEqual({ kind: 'url', url: 'https://cdn.example/hello.tar' });
    expect(readImage('/images/hello.tar.gz', BASE)).toEqual({
      kind: 'url',
      url: 'https://wharf.example/images/hello.tar.gz',
    });
    expect(readImage('hello.tgz', BASE)).toEqual({ kind: 'url', url: 'https://wharf.example/hello.tgz' });
    expect(readImage('localhost:5000/hello:latest')).toEqual({ kind: 'ref', ref: 'localhost:5000/hello:latest' });
    expect(readImage('hello')).toEqual({ kind: 'ref', ref: 'hello' });
  });

  it('refuses what is neither', () => {
    expect(readImage('ftp://example.com/x.tar')).toBe('a ftp: URL; expected http: or https:');
    expect(readImage('./x.tar')).toBe('not an absolute URL');
    expect(readImage('Hello World')).toMatch(/^neither a tarball URL nor an image reference \(image reference/);
  });
});

describe('embedQuery', () => {
  it('writes only what differs from the defaults, and parses back to the same options', () => {
    expect(embedQuery({})).toBe('');
    expect(embedQuery(DEFAULT_EMBED_OPTIONS)).toBe('');
    const options = {
      ...DEFAULT_EMBED_OPTIONS,
      view: 'output' as const,
      readonly: true,
      hidden: ['Dockerfile'],
      run: 'auto' as const,
      height: 'auto' as const,
      stdin: 'a & b\n',
      image: { kind: 'url' as const, url: 'https://cdn.example/x.tar?v=1' },
    };
    const q = embedQuery(options);
    expect(q).toBe(
      '?view=output&readonly&hidden=Dockerfile&run=auto&height=auto&stdin=a+%26+b%0A&image=https%3A%2F%2Fcdn.example%2Fx.tar%3Fv%3D1',
    );
    expect(parseEmbedOptions(q)).toEqual({ options, problems: [] });
  });
});
