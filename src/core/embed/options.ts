// An embed's options: the query string of `/embed?…#<share fragment>`, and the attributes of
// `<wharf-embed>` that mirror it. Parsing collects every problem and keeps the defaults for the
// options it could not read, so a typo in one option never stops the embed.

import { isSafeRelativePath } from '../project.ts';
import { parseRef } from '../oci/ref.ts';

/** Which panes show: the editor above the output, or the output alone. */
export type EmbedView = 'editor,output' | 'output';

export interface EmbedOptions {
  view: EmbedView;
  /** The file the editor shows first (else the first visible file). */
  file?: string;
  /** The reader cannot edit the files. */
  readonly: boolean;
  /** Files the reader does not see (they are still built). */
  hidden: string[];
  /** `auto`: run once the embed is loaded; `click`: when the reader presses Run. */
  run: 'click' | 'auto';
  /** When the runtime starts: `eager` at once, `lazy` once scrolled into view, `click` on Run. */
  load: 'click' | 'lazy' | 'eager';
  theme: 'light' | 'dark' | 'auto';
  /** `auto`: the frame follows its content's height (the host sizes it from `resize` events). */
  height: 'auto' | 'fill';
  /** Given to the program as its stdin, then end of input. */
  stdin?: string;
  /** A prebuilt image to run instead of building: an OCI tarball's URL, or a registry reference. */
  image?: EmbedImage;
}

export type EmbedImage = { kind: 'url'; url: string } | { kind: 'ref'; ref: string };

export const DEFAULT_EMBED_OPTIONS: Readonly<EmbedOptions> = {
  view: 'editor,output',
  readonly: false,
  hidden: [],
  run: 'click',
  load: 'lazy',
  theme: 'auto',
  height: 'fill',
};

/** The option names, in the order a query string lists them; `<wharf-embed>` takes the same attributes. */
export const EMBED_OPTION_NAMES = [
  'view',
  'file',
  'readonly',
  'hidden',
  'run',
  'load',
  'theme',
  'height',
  'stdin',
  'image',
] as const;

export interface ParsedEmbedOptions {
  options: EmbedOptions;
  /** One line per option that could not be read ("run=sometimes: …"); its default is used. */
  problems: string[];
}

/**
 * The options in a query string (`?view=output&run=auto`, the `?` optional). `base` resolves a
 * relative `image=` URL (the embed page's own address).
 */
export function parseEmbedOptions(query: string, base?: string): ParsedEmbedOptions {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const options: EmbedOptions = { ...DEFAULT_EMBED_OPTIONS, hidden: [] };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (seen.has(name)) {
      problems.push(`${name}= is given twice; the first is used`);
      continue;
    }
    seen.add(name);
    const problem = readOption(options, name, value, base);
    if (problem) problems.push(`${name}=${value}: ${problem}`);
  }
  if (options.file !== undefined && options.hidden.includes(options.file))
    problems.push(`file=${options.file}: that file is also hidden=`);
  return { options, problems };
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function expected(allowed: readonly string[]): string {
  return `expected ${allowed.join(' or ')}`;
}

/** Sets one option; returns what is wrong with it, if anything. */
function readOption(o: EmbedOptions, name: string, value: string, base?: string): string | undefined {
  switch (name) {
    case 'view': {
      const panes = value.split(',').map((p) => p.trim());
      if (panes.length === 1 && panes[0] === 'output') o.view = 'output';
      else if (panes.length === 2 && panes.includes('editor') && panes.includes('output')) o.view = 'editor,output';
      else return expected(['output', 'editor,output']);
      return undefined;
    }
    case 'file':
      if (!isSafeRelativePath(value)) return 'not a relative path inside the project';
      o.file = value;
      return undefined;
    case 'readonly': {
      const flag = oneOf(value, ['', '1', 'true', '0', 'false']);
      if (flag === undefined) return 'expected no value, 1, true, 0 or false';
      o.readonly = flag === '' || flag === '1' || flag === 'true';
      return undefined;
    }
    case 'hidden': {
      const paths = value.split(',').filter((p) => p !== '');
      const bad = paths.find((p) => !isSafeRelativePath(p));
      if (bad !== undefined) return `"${bad}" is not a relative path inside the project`;
      o.hidden = paths;
      return undefined;
    }
    case 'run':
    case 'load':
    case 'theme':
    case 'height': {
      const allowed = {
        run: ['click', 'auto'],
        load: ['click', 'lazy', 'eager'],
        theme: ['light', 'dark', 'auto'],
        height: ['auto', 'fill'],
      }[name];
      const v = oneOf(value, allowed);
      if (v === undefined) return expected(allowed);
      (o as unknown as Record<string, string>)[name] = v;
      return undefined;
    }
    case 'stdin':
      o.stdin = value;
      return undefined;
    case 'image': {
      const image = readImage(value, base);
      if (typeof image === 'string') return image;
      o.image = image;
      return undefined;
    }
    default:
      return `unknown option (the options are ${EMBED_OPTION_NAMES.join(', ')})`;
  }
}

/**
 * An `image=` value: a URL when it says so (a scheme, a leading `/` or `.`, or a tarball's file
 * name: `.tar`, `.tar.gz`, `.tgz`), else a registry reference. A problem is returned as a string.
 */
export function readImage(value: string, base?: string): EmbedImage | string {
  const looksLikeUrl =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[/.]/.test(value) || /\.(tar|tar\.gz|tgz)$/i.test(value);
  if (looksLikeUrl) {
    let url: URL;
    try {
      url = new URL(value, base);
    } catch {
      return base ? 'not a URL' : 'not an absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `a ${url.protocol} URL; expected http: or https:`;
    return { kind: 'url', url: url.href };
  }
  try {
    parseRef(value);
  } catch (e) {
    return `neither a tarball URL nor an image reference (${e instanceof Error ? e.message : String(e)})`;
  }
  return { kind: 'ref', ref: value };
}

/** The query string (with its `?`, or '' when every option is its default) that gives `options`. */
export function embedQuery(options: Partial<EmbedOptions>): string {
  const params = new URLSearchParams();
  const d = DEFAULT_EMBED_OPTIONS;
  for (const name of EMBED_OPTION_NAMES) {
    const v = options[name];
    if (v === undefined) continue;
    if (name === 'readonly') {
      if (v) params.set('readonly', '');
    } else if (name === 'hidden') {
      if ((v as string[]).length > 0) params.set('hidden', (v as string[]).join(','));
    } else if (name === 'image') {
      const image = v as EmbedImage;
      params.set('image', image.kind === 'url' ? image.url : image.ref);
    } else if (v !== d[name]) {
      params.set(name, String(v));
    }
  }
  // URLSearchParams writes `readonly=`; a bare `readonly` reads the same and reads better.
  const query = params.toString().replace(/(^|&)readonly=(?=&|$)/, '$1readonly');
  return query ? `?${query}` : '';
}
