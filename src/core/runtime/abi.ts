// Reading and writing preview1's structs in guest memory, at the offsets witx gives them.
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
// (The 0.4.2 shim's Filestat and Subscription classes use wrong offsets; these are ours.)

export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export interface Fdstat {
  filetype: number;
  flags: number;
  rights_base: bigint;
  rights_inheriting: bigint;
}

export type Subscription =
  | { userdata: bigint; tag: 0; clock_id: number; timeout: bigint; precision: bigint; flags: number }
  | { userdata: bigint; tag: 1 | 2; fd: number };

export const SUBSCRIPTION_SIZE = 48;
export const EVENT_SIZE = 32;
export const DIRENT_SIZE = 24;

import type { WasmMemory } from './wasm-api.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Guest memory views, refreshed when memory grows (a grown memory detaches old buffers). */
export class Memory {
  #memory: WasmMemory | null = null;
  #buffer: ArrayBuffer | SharedArrayBuffer | null = null;
  #view!: DataView;
  #u8!: Uint8Array;

  attach(memory: WasmMemory): void {
    this.#memory = memory;
    this.#buffer = null;
  }

  #refresh(): void {
    const buffer = this.#memory!.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#view = new DataView(buffer);
      this.#u8 = new Uint8Array(buffer);
    }
  }

  get view(): DataView {
    this.#refresh();
    return this.#view;
  }

  get u8(): Uint8Array {
    this.#refresh();
    return this.#u8;
  }

  /** A UTF-8 string; null when the bytes are not valid UTF-8 (-> EILSEQ). */
  string(ptr: number, len: number): string | null {
    try {
      return decoder.decode(this.u8.subarray(ptr, ptr + len));
    } catch {
      return null;
    }
  }

  u32(ptr: number, value: number): void {
    this.view.setUint32(ptr, value >>> 0, true);
  }

  u64(ptr: number, value: bigint): void {
    this.view.setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  /** The (ptr, len) pairs of an iovec/ciovec array. */
  iovecs(ptr: number, count: number): Array<[number, number]> {
    const v = this.view;
    const out: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) out.push([v.getUint32(ptr + i * 8, true), v.getUint32(ptr + i * 8 + 4, true)]);
    return out;
  }

  filestat(ptr: number, s: Filestat): void {
    const v = this.view;
    v.setBigUint64(ptr, s.dev, true);
    v.setBigUint64(ptr + 8, s.ino, true);
    v.setUint8(ptr + 16, s.filetype);
    v.setBigUint64(ptr + 24, s.nlink, true);
    v.setBigUint64(ptr + 32, s.size, true);
    v.setBigUint64(ptr + 40, s.atim, true);
    v.setBigUint64(ptr + 48, s.mtim, true);
    v.setBigUint64(ptr + 56, s.ctim, true);
  }

  fdstat(ptr: number, s: Fdstat): void {
    const v = this.view;
    v.setUint8(ptr, s.filetype);
    v.setUint16(ptr + 2, s.flags, true);
    v.setBigUint64(ptr + 8, s.rights_base, true);
    v.setBigUint64(ptr + 16, s.rights_inheriting, true);
  }

  subscription(ptr: number): Subscription {
    const v = this.view;
    const userdata = v.getBigUint64(ptr, true);
    const tag = v.getUint8(ptr + 8);
    if (tag === 0) {
      return {
        userdata,
        tag,
        clock_id: v.getUint32(ptr + 16, true),
        timeout: v.getBigUint64(ptr + 24, true),
        precision: v.getBigUint64(ptr + 32, true),
        flags: v.getUint16(ptr + 40, true),
      };
    }
    return { userdata, tag: tag as 1 | 2, fd: v.getUint32(ptr + 16, true) };
  }

  event(ptr: number, userdata: bigint, error: number, type: number, nbytes = 0n, flags = 0): void {
    const v = this.view;
    this.u8.fill(0, ptr, ptr + EVENT_SIZE);
    v.setBigUint64(ptr, userdata, true);
    v.setUint16(ptr + 8, error, true);
    v.setUint8(ptr + 10, type);
    v.setBigUint64(ptr + 16, nbytes, true);
    v.setUint16(ptr + 24, flags, true);
  }
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
