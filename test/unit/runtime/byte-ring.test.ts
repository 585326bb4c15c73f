import { describe, expect, it } from 'vitest';
import { ByteRing, OutputBuffer, StdinPump, createByteRing, ringStdin } from '../../../src/core/runtime/index.ts';

const bytes = (n: number, start = 0): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

describe('ByteRing', () => {
  it('carries bytes in order across the wrap-around, taking only what fits', () => {
    const sab = createByteRing(10);
    const w = new ByteRing(sab);
    const r = new ByteRing(sab);
    expect(w.tryWrite(bytes(7)), 'first write').toBe(7);
    expect([...r.tryRead(5)], 'first read').toEqual([0, 1, 2, 3, 4]);
    expect(w.tryWrite(bytes(12, 7)), 'second write takes what fits').toBe(8);
    expect([...r.tryRead()], 'second read wraps').toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(r.available(), 'empty and open').toBe(0);
    w.close();
    expect(r.available(), 'closed and drained').toBe(-1);
  });

  it('readInto copies across the wrap-around into a given buffer; a peek leaves the bytes; reset empties and reopens', () => {
    const sab = createByteRing(8);
    const w = new ByteRing(sab, { notify: false });
    const r = new ByteRing(sab, { notify: false });
    w.tryWrite(bytes(6));
    r.readInto(new Uint8Array(5));
    w.tryWrite(bytes(6, 6));
    const into = new Uint8Array(10);
    expect(r.readInto(into, true), 'peek').toBe(7);
    expect([r.used, r.free], 'used, free after the peek').toEqual([7, 1]);
    expect(r.readInto(into), 'read').toBe(7);
    expect([...into.subarray(0, 7)], 'the bytes, wrapped').toEqual([5, 6, 7, 8, 9, 10, 11]);
    w.close();
    r.reset();
    expect([r.available(), r.closed, r.free], 'after reset').toEqual([0, false, 8]);
  });

  it('as stdin: reads what is there, then end of input', () => {
    const sab = createByteRing(64);
    new ByteRing(sab).tryWrite(new TextEncoder().encode('abc'));
    new ByteRing(sab).close();
    const s = ringStdin(sab);
    expect(new TextDecoder().decode(s.read(100)), 'read').toBe('abc');
    expect(s.read(100).byteLength, 'then EOF').toBe(0);
  });

  it('wait() returns at its timeout when nothing arrives', () => {
    const s = ringStdin(createByteRing(8));
    const t = performance.now();
    s.wait(30);
    const took = performance.now() - t;
    expect(took, `waited ${took} ms`).toBeGreaterThanOrEqual(25);
    expect(s.available()).toBe(0);
  });
});

describe('OutputBuffer', () => {
  it('unbatched: every write goes out at once, copied', () => {
    const got: Uint8Array[] = [];
    const b = new OutputBuffer((c) => got.push(c));
    const data = new Uint8Array([1, 2]);
    b.write(data);
    data[0] = 9;
    expect(
      got.map((c) => [...c]),
      'chunks',
    ).toEqual([[1, 2]]);
  });

  it('batched: small writes are collected until the delay passes or flush', () => {
    let now = 0;
    const got: number[][] = [];
    const b = new OutputBuffer(
      (c) => got.push([...c]),
      16,
      () => now,
    );
    b.write(new Uint8Array([1]));
    b.write(new Uint8Array([2]));
    expect(got, 'nothing before the delay').toEqual([]);
    now = 20;
    b.write(new Uint8Array([3]));
    expect(got, 'one chunk after the delay').toEqual([[1, 2, 3]]);
    b.write(new Uint8Array([4]));
    b.flush();
    expect(got, 'flush').toEqual([[1, 2, 3], [4]]);
  });
});

describe('StdinPump', () => {
  it('queues what does not fit, moves it as the reader frees room, and closes only after the queue', () => {
    const sab = createByteRing(8);
    const pump = new StdinPump(sab);
    const reader = new ByteRing(sab);
    pump.write(bytes(12));
    pump.close();
    expect(pump.pending, 'pending with 12 bytes in an 8-byte ring').toBe(true);
    expect(reader.closed, 'closed before the queue went in').toBe(false);
    const got = [...reader.tryRead()];
    pump.flush();
    expect(pump.pending, 'pending after the reader took 8').toBe(false);
    got.push(...reader.tryRead());
    expect(got, 'bytes in order').toEqual([...bytes(12)]);
    expect(reader.available(), 'end of input after the last byte').toBe(-1);
  });

  it('copies what it queues: the writer may reuse its buffer', () => {
    const sab = createByteRing(4);
    const pump = new StdinPump(sab);
    const buf = bytes(6);
    pump.write(buf);
    buf.fill(0xff);
    const reader = new ByteRing(sab);
    const got = [...reader.tryRead()];
    pump.flush();
    got.push(...reader.tryRead());
    expect(got).toEqual([...bytes(6)]);
  });
});
