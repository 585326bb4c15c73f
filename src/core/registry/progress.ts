// Per-blob progress for a pull or push: one event when a blob is listed, when its state
// changes, and while bytes move at most about once per percent, so a Worker does not post a
// message for every network chunk.
import type { Digest } from '../oci/types.ts';
import type { BlobKind, TransferEvent, TransferProgress } from './types.ts';

export function progressReporter(sink: TransferProgress | undefined) {
  const blobs = new Map<Digest, TransferEvent>();
  const emit = (e: TransferEvent): void => sink?.({ ...e });
  return {
    add(digest: Digest, kind: BlobKind, size: number, status: TransferEvent['status']): void {
      if (blobs.has(digest)) return;
      const e: TransferEvent = { digest, kind, size, done: status === 'done' ? size : 0, status };
      blobs.set(digest, e);
      emit(e);
    },
    set(digest: Digest, done: number, status: TransferEvent['status']): void {
      const e = blobs.get(digest);
      if (!e) return;
      const step = Math.max(e.size / 100, 256 << 10);
      const moved = status === 'transferring' && e.status === 'transferring' && done < e.size;
      if (moved && done - e.done < step) return;
      e.done = done;
      e.status = status;
      emit(e);
    },
  };
}
