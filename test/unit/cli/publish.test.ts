// Docker's `-p` as `wharf run` reads it: the forms Docker accepts for TCP, and a usage error
// that quotes the value for everything else.
import { describe, expect, it } from 'vitest';
import { parsePublish } from '../../../src/cli/publish.ts';
import { isWharfError } from '../../../src/core/errors.ts';

describe('parsePublish', () => {
  const ok: Array<[string, object]> = [
    ['8080', { hostPort: 0, containerPort: 8080 }],
    ['9000:8080', { hostPort: 9000, containerPort: 8080 }],
    [':8080', { hostPort: 0, containerPort: 8080 }],
    ['0:8080/tcp', { hostPort: 0, containerPort: 8080 }],
    ['127.0.0.1:9000:8080', { hostIp: '127.0.0.1', hostPort: 9000, containerPort: 8080 }],
    ['127.0.0.1::8080', { hostIp: '127.0.0.1', hostPort: 0, containerPort: 8080 }],
    ['[::1]:9000:8080', { hostIp: '::1', hostPort: 9000, containerPort: 8080 }],
    ['[::]::80/tcp', { hostIp: '::', hostPort: 0, containerPort: 80 }],
  ];
  for (const [spec, want] of ok) {
    it(`parsePublish(${JSON.stringify(spec)})`, () => {
      expect(parsePublish(spec), `parsePublish(${spec})`).toEqual({ ...want, spec });
    });
  }

  const bad: Array<[string, string]> = [
    ['8080/udp', 'udp is not supported, only tcp'],
    ['8080/xyz', 'unknown protocol "xyz"'],
    ['1:2:3:4', 'too many colons'],
    ['[::1]:8080', 'too many colons'],
    ['host:9000:8080', '"host" is not an IP address'],
    ['9000:0', 'bad container port "0"'],
    ['70000:8080', 'bad host port "70000"'],
    ['http', 'bad container port "http"'],
  ];
  for (const [spec, why] of bad) {
    it(`parsePublish(${JSON.stringify(spec)}) is a usage error`, () => {
      let got: unknown;
      try {
        parsePublish(spec);
      } catch (e) {
        got = e;
      }
      expect(isWharfError(got) && got.code, `parsePublish(${spec}) error code`).toBe('USAGE');
      expect((got as Error).message, `parsePublish(${spec}) message`).toBe(
        `-p "${spec}": ${why} (expected [IP:][HOSTPORT:]CONTAINERPORT)`,
      );
    });
  }
});
