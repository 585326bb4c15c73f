// The run protocol's guards: a request runs a compiled module or a component's bytes (exactly
// one), replies of this version only, progress included; a server's serve and http-request
// messages and their replies.
import { describe, expect, it } from 'vitest';
import { dirNode } from '../../../src/core/rootfs/index.ts';
import {
  PROTOCOL_VERSION,
  isHttpRequestMessage,
  isRunRequest,
  isServeRequest,
  isWorkerReply,
  wasm,
} from '../../../src/core/runtime/index.ts';

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

  it('a server: serve, then http-requests as plain data; outcomes back', () => {
    const v = PROTOCOL_VERSION;
    const serve = { v, type: 'serve', id: 1, component: new Uint8Array(8), what: 'a.wasm', env: ['A=1'] };
    expect(isServeRequest(serve), 'serve').toBe(true);
    const fetchMailbox = { port: {}, replies: new SharedArrayBuffer(16), doorbell: new SharedArrayBuffer(4) };
    expect(isServeRequest({ ...serve, fetchMailbox }), 'serve with a mailbox').toBe(true);
    expect(
      isServeRequest({ ...serve, fetchMailbox: { ...fetchMailbox, replies: new ArrayBuffer(16) } }),
      'a mailbox whose ring is not shared',
    ).toBe(false);
    expect(isServeRequest({ ...serve, env: [1] }), 'serve, env not strings').toBe(false);
    expect(isServeRequest({ ...serve, component: undefined }), 'serve without component').toBe(false);
    const request = {
      method: 'POST',
      pathWithQuery: '/a?b',
      scheme: 'http',
      authority: 'localhost:8080',
      headers: [['content-type', 'text/plain']],
      body: new Uint8Array(3),
    };
    const message = { v, type: 'http-request', id: 2, requestId: 0, request };
    expect(isHttpRequestMessage(message), 'http-request').toBe(true);
    expect(isHttpRequestMessage({ ...message, request: { ...request, scheme: 'ftp' } }), 'scheme ftp').toBe(false);
    expect(
      isHttpRequestMessage({ ...message, request: { ...request, headers: [['a']] } }),
      'a header pair of one',
    ).toBe(false);
    expect(isHttpRequestMessage({ ...message, request: { ...request, body: 'abc' } }), 'body a string').toBe(false);
    const response = { status: 200, headers: [], body: new Uint8Array(0) };
    expect(isWorkerReply({ v, type: 'serving', id: 1 }), 'serving').toBe(true);
    expect(
      isWorkerReply({ v, type: 'http-response', id: 2, outcome: { kind: 'response', response } }),
      'response',
    ).toBe(true);
    expect(
      isWorkerReply({ v, type: 'http-response', id: 2, outcome: { kind: 'failure', status: 504, reason: 'slow' } }),
      'failure 504',
    ).toBe(true);
    expect(
      isWorkerReply({ v, type: 'http-response', id: 2, outcome: { kind: 'failure', status: 404, reason: 'x' } }),
      'failure 404',
    ).toBe(false);
    const failed = { kind: 'response', response, fetchFailures: ['GET http://x/: connection-refused'] };
    expect(isWorkerReply({ v, type: 'http-response', id: 2, outcome: failed }), 'fetch failures').toBe(true);
    expect(
      isWorkerReply({ v, type: 'http-response', id: 2, outcome: { ...failed, fetchFailures: [1] } }),
      'fetch failures not strings',
    ).toBe(false);
    expect(isWorkerReply({ v, type: 'http-done', id: 2 }), 'done').toBe(true);
    expect(isWorkerReply({ v, type: 'http-done', id: 2, late: 5 }), 'done, late not a string').toBe(false);
  });
});
