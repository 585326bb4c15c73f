// What a runner worker does with each message (the page's Web Worker, the CLI's worker_thread):
// a `run` request runs a program (serve.ts); a `serve` request makes the worker a wasi:http
// server's handler thread, whose `http-request`s follow one at a time, each handled
// synchronously by a fresh instance (http/session.ts).
import { WharfError, serializeError } from '../errors.ts';
import { mailboxFetcher } from './http/fetch-mailbox.ts';
import { HttpSession } from './http/session.ts';
import { PROTOCOL_VERSION, isHttpRequestMessage, isRunRequest, isServeRequest, type ServeRequest } from './protocol.ts';
import { serveRun, type RunnerPort } from './serve.ts';

/** A runner worker's message handler. */
export function runnerMessages(port: RunnerPort): (message: unknown) => Promise<void> {
  let session: Promise<HttpSession | undefined> | undefined;
  return async (m) => {
    if (isRunRequest(m)) return serveRun(m, port);
    if (isServeRequest(m)) {
      session = openSession(m, port);
      await session;
      return;
    }
    if (isHttpRequestMessage(m)) {
      const s = await session;
      if (!s) throw new WharfError('INTERNAL', 'runner: an http-request before a serve request that succeeded');
      return s.handle(m, port);
    }
    // Anything else is stale or foreign: dropped, as clients drop such replies.
  };
}

async function openSession(req: ServeRequest, port: RunnerPort): Promise<HttpSession | undefined> {
  try {
    if (!port.components) throw new WharfError('INTERNAL', 'this runner has no component loader');
    const progress = (message: string): void =>
      port.post({ v: PROTOCOL_VERSION, type: 'progress', id: req.id, message });
    const fetcher = req.fetchMailbox && mailboxFetcher(req.fetchMailbox);
    const s = await HttpSession.open(req, port.components, { fetcher, progress });
    port.post({ v: PROTOCOL_VERSION, type: 'serving', id: req.id });
    return s;
  } catch (err) {
    port.post({ v: PROTOCOL_VERSION, type: 'error', id: req.id, error: serializeError(err) });
    return undefined;
  }
}
