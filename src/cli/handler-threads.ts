// The CLI server's handler threads: worker_threads running core's runner (run-worker.ts), each
// with an outgoing-request mailbox whose fetching the thread that starts them does with Node's
// fetch (it owns the event loop the handler threads lack while their guests block).
import { MessageChannel, type Worker } from 'node:worker_threads';
import { openFetchMailbox, type FetchFailure, type FetchFunction, type SpawnedThread } from '../core/runtime/index.ts';
import { startWorker } from './worker-thread.ts';

const entry = new URL('./run-worker.ts', import.meta.url);

export async function spawnHandlerThread(maxBodyBytes: number): Promise<SpawnedThread> {
  const worker: Worker = await startWorker(entry);
  const { port1, port2 } = new MessageChannel();
  const mailbox = openFetchMailbox(
    {
      handlerEnd: port2,
      listen: (f) => {
        port1.on('message', f);
        // The mailbox must not keep the process alive on its own.
        port1.unref();
      },
      close: () => port1.close(),
    },
    { fetch: fetch as unknown as FetchFunction, classify: nodeFetchFailure, maxBodyBytes },
  );
  return {
    thread: {
      post: (m, transfer) => worker.postMessage(m, (transfer ?? []) as never),
      onMessage: (f) => worker.on('message', f),
      onError: (f) => {
        worker.on('error', f);
        worker.on('exit', (code) => f(new Error(`exited with code ${code}`)));
      },
      terminate: () => void worker.terminate(),
    },
    serve: { extra: { fetchMailbox: mailbox.end }, transfer: mailbox.transfer },
    close: () => mailbox.close(),
  };
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

/** What a failed Node fetch (undici) says, by the code of its cause. */
export function nodeFetchFailure(e: unknown): FetchFailure {
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  const detail = cause?.message ?? (e instanceof Error ? e.message : String(e));
  if (code === 'ECONNREFUSED') return { kind: 'refused', detail };
  if (code && DNS.has(code)) return { kind: 'dns', detail, code };
  if (code && RESET.has(code)) return { kind: 'reset', detail };
  if (code && UNREACHABLE.has(code)) return { kind: 'unreachable', detail };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return { kind: 'connect-timeout', detail };
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { kind: 'first-byte-timeout', detail };
  if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'between-bytes-timeout', detail };
  if (code && (/^ERR_TLS|^ERR_SSL|CERT|^DEPTH_ZERO|^UNABLE_TO_VERIFY/.test(code) || /ssl|tls/i.test(detail))) {
    return { kind: 'tls', detail };
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { kind: 'incomplete', detail };
  }
  // A TypeError with no network cause: fetch refused the request as built (a header, the URL).
  if (e instanceof TypeError && !cause) return { kind: 'invalid-request', detail };
  return { kind: 'network', detail };
}
