// wharf run's server settings: Docker's -p, and runwasi's WASMTIME_HTTP_PROXY_SOCKET_ADDR and
// WASMTIME_HTTP_BACKLOG, taken out of the guest's env.
import { describe, expect, it } from 'vitest';
import { parsePublish } from '../../../src/cli/args.ts';
import { serverSettings } from '../../../src/cli/serve-http.ts';

describe('parsePublish', () => {
  it("reads Docker's forms", () => {
    expect(parsePublish('8081:8080'), '8081:8080').toEqual({ hostPort: 8081, containerPort: 8080, protocol: 'tcp' });
    expect(parsePublish('127.0.0.1:8081:8080'), '127.0.0.1:8081:8080').toEqual({
      hostIp: '127.0.0.1',
      hostPort: 8081,
      containerPort: 8080,
      protocol: 'tcp',
    });
    expect(parsePublish('127.0.0.1::8080'), '127.0.0.1::8080').toMatchObject({ hostIp: '127.0.0.1', hostPort: 0 });
    expect(parsePublish('8080'), '8080').toEqual({ hostPort: 0, containerPort: 8080, protocol: 'tcp' });
    expect(parsePublish('[::1]:9000:8080/tcp'), '[::1]:9000:8080/tcp').toEqual({
      hostIp: '::1',
      hostPort: 9000,
      containerPort: 8080,
      protocol: 'tcp',
    });
    expect(parsePublish('53:53/udp').protocol, '53:53/udp').toBe('udp');
  });

  it('says what is wrong', () => {
    expect(() => parsePublish('8081:80800')).toThrow(
      '-p "8081:80800": container port "80800" is not a port number; expected [IP:][HOSTPORT:]CONTAINERPORT[/tcp|udp]',
    );
    expect(() => parsePublish('a:b:c:d')).toThrow(/too many colons/);
    expect(() => parsePublish('80/sctp')).toThrow(/unknown protocol "sctp"/);
    expect(() => parsePublish('localhost:80:80')).toThrow(/"localhost" is not an IP address/);
  });
});

describe('serverSettings', () => {
  it("runwasi's defaults; its variables leave the guest's env", () => {
    expect(serverSettings(['A=1'], [])).toEqual({
      listen: [{ host: '0.0.0.0', port: 8080 }],
      backlog: 100,
      env: ['A=1'],
    });
    expect(
      serverSettings(['WASMTIME_HTTP_PROXY_SOCKET_ADDR=127.0.0.1:9000', 'A=1', 'WASMTIME_HTTP_BACKLOG=7'], []),
    ).toEqual({ listen: [{ host: '127.0.0.1', port: 9000 }], backlog: 7, env: ['A=1'] });
    expect(serverSettings(['WASMTIME_HTTP_PROXY_SOCKET_ADDR=[::1]:80'], []).listen).toEqual([
      { host: '::1', port: 80 },
    ]);
  });

  it('-p publishes the port the server listens on', () => {
    expect(serverSettings([], [parsePublish('127.0.0.1:9000:8080'), parsePublish('9001:8080')]).listen).toEqual([
      { host: '127.0.0.1', port: 9000 },
      { host: '0.0.0.0', port: 9001 },
    ]);
    expect(serverSettings(['WASMTIME_HTTP_PROXY_SOCKET_ADDR=0.0.0.0:3000'], [parsePublish('80:3000')]).listen).toEqual([
      { host: '0.0.0.0', port: 80 },
    ]);
    expect(() => serverSettings([], [parsePublish('80:3000')])).toThrow(
      '-p 80:3000: the server listens on port 8080 (WASMTIME_HTTP_PROXY_SOCKET_ADDR), not 3000',
    );
    expect(() => serverSettings(['WASMTIME_HTTP_PROXY_SOCKET_ADDR=localhost:80'], [])).toThrow(
      'WASMTIME_HTTP_PROXY_SOCKET_ADDR=localhost:80: expected IP:PORT (0.0.0.0:8080, [::1]:8080)',
    );
    expect(() => serverSettings(['WASMTIME_HTTP_BACKLOG=lots'], [])).toThrow(
      'WASMTIME_HTTP_BACKLOG=lots: expected a number',
    );
  });
});
