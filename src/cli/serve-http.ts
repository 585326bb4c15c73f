// `wharf run` of a wasi:http component: an HTTP/1 server as runwasi's wasmtime shim runs one.
// It listens on WASMTIME_HTTP_PROXY_SOCKET_ADDR (default 0.0.0.0:8080) with the backlog
// WASMTIME_HTTP_BACKLOG (default 100), both taken out of the guest's env, or where Docker's
// `-p [IP:]HOSTPORT:CONTAINERPORT` publishes that port; hands each request to a pool of handler
// threads (core's HttpServerPool: a fresh instance per request, REQUEST_ID from 0, a per-request
// limit); logs one line per request on stderr; and serves until Ctrl-C or --timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { WharfError } from '../core/errors.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  EXIT_TIMEOUT,
  ADDR_VAR,
  serverEnv,
  HttpServerPool,
  ServerFront,
  failureResponse,
  formatLogEntry,
  reasonLine,
  type HeaderPair,
  type HttpResponseData,
} from '../core/runtime/index.ts';
import type { Publish } from './publish.ts';
import { spawnHandlerThread } from './handler-threads.ts';

export interface ServeHttpOptions {
  component: Uint8Array;
  /** Names the component in messages (its path). */
  what: string;
  /** The run's environment: the image's Env overlaid by -e. */
  env: string[];
  publish: Publish[];
  timeoutSec?: number;
  requestTimeoutSec?: number;
}

interface Settings {
  listen: Array<{ host: string; port: number }>;
  backlog: number;
  /** The guest's env: the run's, less the server's own settings. */
  env: string[];
}

/** Where to listen and with what backlog, from the env and -p; the env the guest gets. */
export function serverSettings(env: string[], publish: Publish[]): Settings {
  const { addr, backlog, env: guest } = serverEnv(env);
  if (publish.length === 0) return { listen: [addr], backlog, env: guest };
  const listen = publish.map((p) => {
    if (p.containerPort !== addr.port) {
      throw new WharfError(
        'USAGE',
        `-p ${p.spec}: the server listens on port ${addr.port} (${ADDR_VAR}), not ${p.containerPort}`,
      );
    }
    return { host: p.hostIp ?? '0.0.0.0', port: p.hostPort };
  });
  return { listen, backlog, env: guest };
}

/** Serves until SIGINT/SIGTERM or the time limit; the exit code. */
export async function serveHttp(o: ServeHttpOptions): Promise<number> {
  const settings = serverSettings(o.env, o.publish);
  const maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  const err = (text: string): boolean => process.stderr.write(text);
  const pool = await HttpServerPool.start({
    component: o.component,
    what: o.what,
    env: settings.env,
    threads: Math.min(4, Math.max(2, availableParallelism())),
    requestTimeoutMs: o.requestTimeoutSec ? o.requestTimeoutSec * 1000 : DEFAULT_REQUEST_TIMEOUT_MS,
    maxBodyBytes,
    spawn: () => spawnHandlerThread(maxBodyBytes),
    output: (_id, fd, chunk) => (fd === 1 ? process.stdout : process.stderr).write(chunk),
    late: (id, reason) => err(`#${id} ${reason}\n`),
  });
  const servers: Server[] = [];
  const inFlight = new Set<Promise<void>>();
  try {
    for (const at of settings.listen) {
      const front = new ServerFront(pool, {
        scheme: 'http',
        authority: `${at.host}:${at.port}`,
        maxBodyBytes,
        log: (entry) => err(`${formatLogEntry(entry)}\n`),
      });
      const server = createServer((req, res) => {
        const answering = answer(req, res, front, maxBodyBytes).catch(() => {
          res.destroy();
        });
        inFlight.add(answering);
        void answering.finally(() => inFlight.delete(answering));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: at.host, port: at.port, backlog: settings.backlog }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      servers.push(server);
      const a = server.address();
      if (a && typeof a === 'object') {
        err(`Serving HTTP on http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/\n`);
      }
    }
  } catch (e) {
    pool.close();
    for (const s of servers) s.close();
    throw new WharfError('USAGE', `cannot listen: ${(e as Error).message}`, { cause: e });
  }

  const code = await new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => resolve(signal === 'SIGINT' ? 130 : 143);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (o.timeoutSec) {
      setTimeout(() => {
        err(new TextDecoder().decode(reasonLine(`timed out after ${o.timeoutSec} s`)));
        resolve(EXIT_TIMEOUT);
      }, o.timeoutSec * 1000).unref();
    }
  });
  // Requests still open are answered (the pool says the server stopped) before connections close.
  for (const s of servers) s.close();
  pool.close();
  await Promise.all(inFlight);
  for (const s of servers) s.closeAllConnections();
  return code;
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  front: ServerFront,
  maxBodyBytes: number,
): Promise<void> {
  const started = performance.now();
  const body = await readBody(req, maxBodyBytes);
  const { response } = await front.handle(
    {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: pairs(req.rawHeaders),
      body,
      trailers: req.rawTrailers.length > 0 ? pairs(req.rawTrailers) : undefined,
    },
    started,
  );
  send(res, response);
}

/** The whole body, or undefined past the limit (the rest is discarded). */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : new Uint8Array(Buffer.concat(chunks, size))));
    req.on('error', reject);
  });
}

function pairs(raw: string[]): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  return out;
}

function send(res: ServerResponse, r: HttpResponseData): void {
  if (res.destroyed) return;
  try {
    write(res, r);
  } catch (e) {
    // Node refused what the handler answered (a value http would not send): it is the handler's.
    if (!res.headersSent) write(res, failureResponse(500, `the response cannot be sent: ${(e as Error).message}`));
    else res.destroy();
  }
}

function write(res: ServerResponse, r: HttpResponseData): void {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of r.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  res.statusCode = r.status;
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
  if (r.trailers && r.trailers.length > 0 && !grouped.has('content-length')) {
    res.setHeader('trailer', [...new Set(r.trailers.map(([n]) => n))].join(', '));
    res.write(r.body);
    res.addTrailers(r.trailers);
    res.end();
    return;
  }
  res.end(r.body);
}
