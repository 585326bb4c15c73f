import { describe, expect, it } from 'vitest';
import { formatAddr, formatIp, parseIp } from '../../../../src/core/runtime/net/index.ts';

describe('socket addresses', () => {
  it('parses IPv4 and IPv6 (brackets, ::, embedded IPv4) and refuses what is neither', () => {
    expect(parseIp('127.0.0.1')).toEqual({ family: 4, addr: new Uint8Array([127, 0, 0, 1]) });
    expect(parseIp('[::1]')?.addr[15]).toBe(1);
    expect(Array.from(parseIp('2001:db8::8:800:200c:417a')!.addr)).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a,
    ]);
    expect(Array.from(parseIp('::ffff:10.0.0.1')!.addr.subarray(10))).toEqual([0xff, 0xff, 10, 0, 0, 1]);
    for (const bad of ['256.0.0.1', '1.2.3', 'localhost', '1::2::3', '12345::', '', '1:2:3:4:5:6:7:8:9']) {
      expect(parseIp(bad), `parseIp(${JSON.stringify(bad)})`).toBeNull();
    }
  });

  it('prints addresses as ss and URLs write them (RFC 5952)', () => {
    const ip6 = (s: string): string => formatIp(6, parseIp(s)!.addr);
    expect([
      ip6('::'),
      ip6('::1'),
      ip6('2001:db8:0:0:1:0:0:1'),
      ip6('::ffff:1.2.3.4'),
      ip6('1:0:0:2::3'),
      ip6('1:0:0:2:0:0:3:4'),
    ]).toEqual(['::', '::1', '2001:db8::1:0:0:1', '::ffff:1.2.3.4', '1:0:0:2::3', '1::2:0:0:3:4']);
    expect(formatAddr({ family: 6, addr: parseIp('::1')!.addr, port: 8080 })).toBe('[::1]:8080');
    expect(formatAddr({ family: 4, addr: new Uint8Array([0, 0, 0, 0]), port: 80 })).toBe('0.0.0.0:80');
  });
});
