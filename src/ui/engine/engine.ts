// The Engine over the core modules and the IndexedDB store.

import { WharfError } from '../../core/errors.ts';
import type { IdbStore } from '../../store/index.ts';
import type { Engine } from './types.ts';

function missing(what: string): never {
  throw new WharfError('INTERNAL', `${what} is not available in this build of Wharf yet`);
}

export function createEngine(_store: IdbStore): Engine {
  return {
    available: { parse: false, build: false, run: false, export: false, import: false },
    parse: async () => [],
    build: async () => missing('the image builder'),
    run: async () => missing('the WASI runtime'),
    exportImage: async () => missing('image export'),
    importImage: async () => missing('image import'),
    isImageTarball: async () => false,
    readTar: async () => missing('the tar reader'),
  };
}
