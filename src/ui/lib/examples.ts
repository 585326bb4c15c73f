// The examples gallery, served from public/examples: index.json lists each example's files,
// fetched on demand; binaries (by extension) come back as bytes, the rest as text.

import { assumedMode, isBinaryPath, type ProjectFile, type RunOptions } from '../../core/project.ts';
import { WharfError } from '../../core/errors.ts';

export interface ExampleInfo {
  id: string;
  title: string;
  description: string;
  tag: string;
  dockerfile: string;
  open: string;
  files: string[];
  run?: RunOptions;
}

const base = `${import.meta.env.BASE_URL}examples/`;

export async function listExamples(): Promise<ExampleInfo[]> {
  const res = await fetch(`${base}index.json`);
  if (!res.ok) throw new WharfError('NOT_FOUND', `examples/index.json: HTTP ${res.status}`);
  const index = (await res.json()) as { version: number; examples: ExampleInfo[] };
  return index.examples;
}

export async function loadExampleFiles(example: ExampleInfo): Promise<ProjectFile[]> {
  return Promise.all(
    example.files.map(async (path) => {
      const res = await fetch(`${base}${example.id}/${path}`);
      if (!res.ok) throw new WharfError('NOT_FOUND', `examples/${example.id}/${path}: HTTP ${res.status}`);
      // HTTP carries no modes: the modules are 0o755, as the examples' own build writes them.
      const data = isBinaryPath(path) ? new Uint8Array(await res.arrayBuffer()) : await res.text();
      return { path, data, mode: assumedMode(path) };
    }),
  );
}
