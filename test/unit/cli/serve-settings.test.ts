// wharf run's server settings: Docker's -p (read as publish.test.ts shows), and runwasi's
// WASMTIME_HTTP_PROXY_SOCKET_ADDR and WASMTIME_HTTP_BACKLOG, taken out of the guest's env.
import { describe, expect, it } from 'vitest';
import { parsePublish } from '../../../src/cli/publish.ts';
import { serverSettings } from '../../../src/cli/serve-http.ts';

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
