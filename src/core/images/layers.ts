// Deterministic layers from lists of entries, and the base layer every built-in image shares:
// /bin/sh and the shell's commands as built-in stubs, and /tmp.
import { layerFromTar, writeTar, type Layer, type TarWriteEntry } from '../oci/index.ts';
import { builtinStub } from '../runtime/index.ts';

export interface LayerPlan {
  /** The history entry's created_by, as `docker history` shows it. */
  createdBy: string;
  entries: TarWriteEntry[];
}

/** The layer for `plan`: a tar with mtime 0 (SOURCE_DATE_EPOCH's default) and its digest. */
export async function planLayer(plan: LayerPlan): Promise<Layer> {
  return layerFromTar(writeTar(plan.entries, { mtime: 0 }));
}

export const dir = (path: string, mode = 0o755): TarWriteEntry => ({ path, type: 'directory', mode });
export const file = (path: string, data: Uint8Array, mode = 0o644): TarWriteEntry => ({
  path,
  type: 'file',
  mode,
  data,
});
export const symlink = (path: string, target: string): TarWriteEntry => ({
  path,
  type: 'symlink',
  mode: 0o777,
  linkname: target,
});

/**
 * /bin/NAME for `sh` and each command, as built-in stubs; /tmp world-writable and sticky;
 * /usr/bin/env where env is one, for `#!/usr/bin/env bash` scripts.
 */
export function baseLayer(commands: readonly string[]): LayerPlan {
  const names = [...new Set(['sh', ...commands])].sort();
  const env = names.includes('env') ? [dir('usr'), dir('usr/bin'), symlink('usr/bin/env', '/bin/env')] : [];
  return {
    createdBy: `/bin/sh and ${names.length - 1} commands: Wharf built-in programs (${names.join(' ')})`,
    entries: [dir('bin'), ...names.map((n) => file(`bin/${n}`, builtinStub(n), 0o755)), dir('tmp', 0o1777), ...env],
  };
}
