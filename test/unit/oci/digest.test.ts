import { describe, expect, it } from 'vitest';
import { createHasher, isDigest, parseDigest, sha256, sha256Sync, verify } from '../../../src/core/oci/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';
import { text, wasmLike } from './helpers.ts';

// FIPS 180-2 / NIST vectors.
const VECTORS: [string, string][] = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
];

describe('digest', () => {
  for (const [input, hex] of VECTORS) {
    it(`sha256("${input.slice(0, 10)}...") matches the known vector`, async () => {
      const got = await sha256(text(input));
      expect(got, `sha256(${JSON.stringify(input)}) = ${got}, want sha256:${hex}`).toBe(`sha256:${hex}`);
      expect(sha256Sync(text(input))).toBe(`sha256:${hex}`);
    });
  }

  it('the incremental hasher agrees with one-shot hashing across uneven chunks', async () => {
    const data = wasmLike(1_000_003);
    const h = createHasher();
    for (let i = 0; i < data.length; i += 65_537) h.update(data.subarray(i, i + 65_537));
    expect(h.digest()).toBe(await sha256(data));
  });

  it('hashes a view, not its whole buffer', async () => {
    const big = text('xxabcxx');
    expect(await sha256(big.subarray(2, 5))).toBe(`sha256:${VECTORS[1]![1]}`);
  });

  it('verify passes on a match and throws DIGEST_MISMATCH naming the blob otherwise', async () => {
    await verify(`sha256:${VECTORS[1]![1]}`, text('abc'));
    const err = await verify(`sha256:${VECTORS[1]![1]}`, text('abd'), 'layer 0').catch((e: unknown) => e);
    expect(isWharfError(err, 'DIGEST_MISMATCH'), `verify(wrong) threw ${String(err)}`).toBe(true);
    expect((err as Error).message).toMatch(/^layer 0: content hashes to sha256:/);
  });

  it('parses and rejects digest strings', () => {
    const ok = `sha256:${'a'.repeat(64)}`;
    expect(parseDigest(ok)).toBe(ok);
    expect(isDigest(ok)).toBe(true);
    for (const bad of [
      `sha256:${'A'.repeat(64)}`,
      `sha256:${'a'.repeat(63)}`,
      'sha512:' + 'a'.repeat(128),
      'abc',
      42,
    ]) {
      expect(isDigest(bad), `isDigest(${String(bad)})`).toBe(false);
      expect(() => parseDigest(bad, 'index.json manifests[0].digest')).toThrow(/index\.json manifests\[0\]\.digest/);
    }
  });
});

describe('digest of shared memory', () => {
  it('hashes a view of a SharedArrayBuffer like any other bytes', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set(text('abc'));
    expect(await sha256(shared)).toBe(`sha256:${VECTORS[1]![1]}`);
  });
});
