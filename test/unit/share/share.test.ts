import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { WharfError } from '../../../src/core/errors.ts';
import { isContextFile, type ContextFile } from '../../../src/core/project.ts';
import {
  crc32,
  decodeBase64url,
  decodeShare,
  encodeBase64url,
  encodeShare,
  MAX_LINK_LENGTH,
  readShareFragment,
  shareUrl,
  type SharedProject,
} from '../../../src/core/share/index.ts';

const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0x00, 0x80]);

function sample(): SharedProject {
  return {
    name: 'héllo wörld ✨',
    dockerfile: 'Dockerfile',
    tag: 'hello:latest',
    buildArgs: { GREETING: 'hi' },
    run: { args: ['a b', 'c'], env: ['K=V'], stdin: 'line 1\nline 2\n' },
    files: [
      {
        path: 'Dockerfile',
        data: 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n',
        mode: 0o644,
      },
      { path: 'hello.wasm', data: wasm, mode: 0o755 },
      { path: 'données/日本語.txt', data: 'unicode 🐳 content', mode: 0o644 },
      { path: 'empty.bin', data: new Uint8Array(0), mode: 0o644 },
      { path: 'empty.txt', data: '', mode: 0o644 },
      { path: 'run.sh', data: '#!/bin/sh\n', mode: 0o750 },
      { path: 'secret.key', data: new Uint8Array([1, 2]), mode: 0o600 },
      { kind: 'dir', path: 'private', mode: 0o700 },
      { kind: 'dir', path: 'empty', mode: 0o755 },
      { kind: 'symlink', path: 'latest.wasm', target: 'hello.wasm' },
      { kind: 'symlink', path: 'dangling', target: '/nonexistent/abs' },
    ],
  };
}

/** The regular file at `path` in a decoded project. */
function fileAt(p: SharedProject, path: string): ContextFile {
  const f = p.files.find((x) => x.path === path);
  if (!f || !isContextFile(f)) throw new Error(`${path} is not a file of the decoded project`);
  return f;
}

function expectShareError(fn: () => unknown, pattern: RegExp, what: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof WharfError))
    throw new Error(`${what} = no WharfError (got ${String(error)}), want SHARE_LINK`);
  expect(error.code, `${what}: code`).toBe('SHARE_LINK');
  expect(error.message, `${what}: message`).toMatch(pattern);
}

describe('share link codec', () => {
  it('round-trips text, binary and unicode-named files, modes, directories and symlinks with run options', () => {
    const p = sample();
    const link = encodeShare(p);
    expect(link.startsWith('2.'), `encodeShare(sample) = ${link.slice(0, 10)}..., want "2." prefix`).toBe(true);
    expect(link, 'link must be URL-fragment safe').toMatch(/^2\.[A-Za-z0-9_-]+$/);
    const back = decodeShare(link);
    expect(back).toEqual(p);
    const bin = fileAt(back, 'hello.wasm').data;
    expect(bin instanceof Uint8Array, 'hello.wasm comes back as bytes').toBe(true);
  });

  it('opens a link written by format 2', () => {
    // Written by encodeShare at format 2; never regenerate it.
    const p = decodeShare(GOLDEN_V2);
    expect(p.files).toEqual([
      { path: 'Dockerfile', data: 'FROM scratch\nCOPY . /app/\n', mode: 0o644 },
      { path: 'app.wasm', data: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), mode: 0o644 },
      { path: 'run.sh', data: 'echo hi\n', mode: 0o755 },
      { kind: 'dir', path: 'empty', mode: 0o700 },
      { kind: 'symlink', path: 'latest.wasm', target: 'app.wasm' },
    ]);
  });

  it('opens a link written by format 1 (links must keep opening in later releases)', () => {
    // Written by encodeShare at format 1; never regenerate it.
    const v1 = GOLDEN_V1;
    const p = decodeShare(v1);
    expect(p.name).toBe('golden');
    expect(p.files.map((f) => f.path)).toEqual(['Dockerfile', 'hello.wasm']);
    expect(fileAt(p, 'hello.wasm').data).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    // Format 1 had no modes: files open with the ones Wharf built them with then.
    expect(p.files.map((f) => (isContextFile(f) ? f.mode : -1))).toEqual([0o644, 0o755]);
    expect(p.run).toEqual({ args: ['x'], env: ['A=1'], stdin: 'in' });
  });

  it('says a link from a newer format needs a newer Wharf', () => {
    expectShareError(
      () => decodeShare('3.' + encodeShare(sample()).slice(2)),
      /newer version of Wharf/,
      'decodeShare("3.…")',
    );
  });

  it('rejects text that is not a share link', () => {
    for (const bad of ['', 'abc', '.AAAA', 'x.AAAA', '01.AAAA']) {
      expectShareError(() => decodeShare(bad), /not a Wharf project link/, `decodeShare(${JSON.stringify(bad)})`);
    }
  });

  it('detects truncation at every position', () => {
    const link = encodeShare(sample());
    for (let cut = 2; cut < link.length; cut++) {
      expectShareError(
        () => decodeShare(link.slice(0, cut)),
        /damaged or truncated/,
        `decodeShare(link cut at ${cut}/${link.length})`,
      );
    }
  });

  it('detects any single altered character', () => {
    const link = encodeShare(sample());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 2; i < link.length; i++) {
      const c = link[i]!;
      const swapped = alphabet[(alphabet.indexOf(c) + 1 + (i % 63)) % 64]!;
      const bad = link.slice(0, i) + swapped + link.slice(i + 1);
      expectShareError(
        () => decodeShare(bad),
        /damaged or truncated/,
        `decodeShare(link with char ${i} ${c}->${swapped})`,
      );
    }
    expectShareError(
      () => decodeShare(link.slice(0, 5) + '%' + link.slice(6)),
      /not base64url/,
      'decodeShare(link with %)',
    );
  });

  it('rejects a well-formed link whose project escapes the context', () => {
    const json = new TextEncoder().encode(
      JSON.stringify({
        n: 'x',
        d: 'Dockerfile',
        t: 'x:latest',
        b: {},
        r: { args: [], env: [], stdin: '' },
        f: [['../etc/passwd', 'x']],
      }),
    );
    const body = new Uint8Array(4 + json.length);
    new DataView(body.buffer).setUint32(0, json.length);
    body.set(json, 4);
    const packed = deflateSync(body);
    const payload = new Uint8Array(8 + packed.length);
    new DataView(payload.buffer).setUint32(0, body.length);
    new DataView(payload.buffer).setUint32(4, crc32(packed));
    payload.set(packed, 8);
    expectShareError(
      () => decodeShare('1.' + encodeBase64url(payload)),
      /bad file path/,
      'decodeShare(link with ../etc/passwd)',
    );
  });

  it('refuses to make a link above the size limit and says so', () => {
    const noise = new Uint8Array(1_200_000);
    let x = 2463534242;
    for (let i = 0; i < noise.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      noise[i] = x & 0xff;
    }
    const big = { ...sample(), files: [...sample().files, { path: 'noise.bin', data: noise, mode: 0o644 }] };
    expectShareError(
      () => encodeShare(big),
      /too large to share as a link.*limit is 1\.00 MB/,
      'encodeShare(1.2 MB of noise)',
    );
    expect(MAX_LINK_LENGTH).toBe(1_000_000);
  });

  it('keeps a compressible project well under the limit', () => {
    const text = 'int main(void) { return 0; }\n'.repeat(20_000);
    const link = encodeShare({
      ...sample(),
      files: [
        { path: 'Dockerfile', data: 'FROM scratch\n', mode: 0o644 },
        { path: 'big.c', data: text, mode: 0o644 },
      ],
    });
    expect(link.length, `encodeShare(580 KB of C).length = ${link.length}, want < 5000`).toBeLessThan(5000);
  });
});

describe('share fragment', () => {
  it('puts the link in #p= and reads it back', () => {
    const url = shareUrl('https://example.test/wharf/?x=1#old', sample());
    expect(url.startsWith('https://example.test/wharf/?x=1#p=2.'), `shareUrl = ${url.slice(0, 40)}`).toBe(true);
    expect(readShareFragment(new URL(url).hash)).toEqual(sample());
    expect(readShareFragment('#something-else')).toBeUndefined();
    expect(readShareFragment('')).toBeUndefined();
  });
});

describe('base64url and crc32', () => {
  it('agrees with Node for every length up to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const want = Buffer.from(bytes).toString('base64url');
      expect(encodeBase64url(bytes), `encodeBase64url(${n} bytes)`).toBe(want);
      expect(decodeBase64url(want), `decodeBase64url(${want})`).toEqual(bytes);
    }
  });

  it('rejects impossible lengths, bad characters and non-zero padding bits', () => {
    expect(decodeBase64url('A')).toBeUndefined();
    expect(decodeBase64url('AA=A')).toBeUndefined();
    expect(decodeBase64url('AB')).toBeUndefined(); // "AB": leftover bits not zero
    expect(decodeBase64url('AQ')).toEqual(new Uint8Array([1]));
  });

  it('computes the standard CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });
});

const GOLDEN_V1 =
  '1.AAAA3GKlZQxVT0sKwjAQrTcJsw4WdxJwIX7AhW0p3ZQki9imH4wpJEGF0jt6JKcbi5uZ9xne8KIo-oxggUE7mFpboFAjOQ7VXbumNxqF8HOZUUH7gNoN2DhRcLhAudYD4_AGSUHb54z3u83MfKj7ORwHXjfo8P_sc55eia-cClUn7CHNStJpY4b1S_kHiYU9JUVeZuklKQgXEC-mACks_uCwaEC3Uk4RohUW-wI';

const GOLDEN_V2 =
  '2.AAABCTiqiGhVkMsOgjAQRfFPyKwbNMgC2WrcGYw7AywqLZRYCmmrxhA-3cSpGB-beZw79y7G87zHAAoSqDvJuAqBAMNt05VnrqtGcgT2IydOP0EyjAQ0NqC6NpBkBQGurtNgLGtcIOBNhSjDSv4Dt4d055tSU1uKXK3T_dEP_Dnt-3mugEThoiCTC1Fwo6YFEv9ifVGBETjwUnS-aF6u1dLJzNG2t3ckUeyIRCKp5ca-o76pRTF62Gf4hSc';
