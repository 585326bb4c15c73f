// The run protocol's guards: a request runs a compiled module or a component's bytes (exactly
// one), replies of this version only, progress included.
import { describe, expect, it } from 'vitest';
import { dirNode } from '../../../src/core/rootfs/index.ts';
import { PROTOCOL_VERSION, isRunRequest, isWorkerReply, wasm } from '../../../src/core/runtime/index.ts';

const module = new wasm.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
const base = { v: PROTOCOL_VERSION, type: 'run', id: 1, args: ['a.wasm'], env: [], root: dirNode(), tty: false };

describe('run protocol', () => {
  it('a request carries a module or a component, exactly one', () => {
    expect(isRunRequest({ ...base, module }), 'module').toBe(true);
    expect(isRunRequest({ ...base, component: new Uint8Array(8) }), 'component').toBe(true);
    expect(isRunRequest({ ...base, module, component: new Uint8Array(8) }), 'both').toBe(false);
    expect(isRunRequest(base), 'neither').toBe(false);
    expect(isRunRequest({ ...base, component: [0, 97] }), 'component not bytes').toBe(false);
    expect(isRunRequest({ ...base, module, v: 2 }), 'version 2').toBe(false);
  });

  it('replies: progress has a message', () => {
    expect(isWorkerReply({ v: PROTOCOL_VERSION, type: 'progress', id: 1, message: '' }), 'progress').toBe(true);
    expect(isWorkerReply({ v: PROTOCOL_VERSION, type: 'progress', id: 1 }), 'progress without message').toBe(false);
  });
});
