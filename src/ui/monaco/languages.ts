// Which Monaco language a project file gets, by name; kept apart from setup.ts so the page can
// name a file's language without loading Monaco.

/** Monaco's language id for a project path. */
export function languageFor(path: string): string {
  const name = path.split('/').pop() ?? path;
  if (/^(Dockerfile|Containerfile)(\..*)?$|\.dockerfile$/i.test(name)) return 'dockerfile';
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? 'plaintext';
}

const BY_EXTENSION: Record<string, string> = {
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  rs: 'rust',
  wat: 'wat',
  wast: 'wat',
  json: 'json',
  md: 'markdown',
  markdown: 'markdown',
  sh: 'shell',
  yaml: 'yaml',
  yml: 'yaml',
};

const NAMES: Record<string, string> = {
  dockerfile: 'Dockerfile',
  c: 'C',
  cpp: 'C++',
  rust: 'Rust',
  wat: 'WebAssembly text',
  json: 'JSON',
  markdown: 'Markdown',
  shell: 'Shell',
  yaml: 'YAML',
  plaintext: 'Plain text',
};

/** The language's name as the editor shows it. */
export function languageName(path: string): string {
  return NAMES[languageFor(path)] ?? 'Plain text';
}
