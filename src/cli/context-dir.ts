// Read a build context directory from disk into project files (text stays text, binaries stay
// bytes), and write outputs atomically so a failed command leaves nothing behind.

import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, basename } from 'node:path';
import { WharfError } from '../core/errors.ts';
import type { ProjectFile } from '../core/project.ts';

export function readContextDir(dir: string): ProjectFile[] {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    throw new WharfError('NOT_FOUND', `build context "${dir}" not found`, { cause: e });
  }
  if (!st.isDirectory()) throw new WharfError('USAGE', `build context "${dir}" is not a directory`);
  const files: ProjectFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.isFile())
        files.push({ path: relative(dir, p).split('\\').join('/'), data: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(dir);
  return files;
}

/** Write via a temporary file in the same directory and rename: readers never see half a file. */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
