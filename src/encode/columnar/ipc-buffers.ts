import type { AsyncByteQueue, RecordBatch } from 'apache-arrow';
import { arrow } from './arrow.js';

/** Buffers kept for reuse: enough for the groups in flight between two threads. */
const MAX_SPARES = 3;

/**
 * Record batches as Arrow IPC streams (schema, batch, end marker), written into buffers the
 * reader gives back once it has read them. apache-arrow's `tableToIPC` writes each stream into
 * a new buffer, and filling fresh memory costs a page fault every 4 KB: for a row group of
 * gift-shop that was most of the 0.15 s a million rows spent serialising (docs/benchmarks.md,
 * "Text columns copied in words, row groups in reused buffers and in pieces").
 */
export class IpcBuffers {
  private readonly spares: ArrayBuffer[] = [];

  /** `batch` as a stream of one batch, in a buffer of its own (a spare one when there is one big enough). */
  stream(batch: RecordBatch): Uint8Array {
    const pieces = ipcPieces(batch);
    let size = 0;
    for (const piece of pieces) size += piece.byteLength;
    const out = this.buffer(size);
    let at = 0;
    for (const piece of pieces) {
      out.set(piece, at);
      at += piece.byteLength;
    }
    return out.subarray(0, size);
  }

  /** A buffer whose stream the reader is done with. */
  giveBack(buffer: ArrayBuffer): void {
    if (this.spares.length < MAX_SPARES) this.spares.push(buffer);
  }

  private buffer(size: number): Uint8Array {
    for (let spare = this.spares.pop(); spare !== undefined; spare = this.spares.pop()) {
      if (spare.byteLength >= size) return new Uint8Array(spare);
    }
    // Room for a group a little larger than this one, so that its buffer serves the next ones.
    return new Uint8Array(Math.ceil(size * 1.25));
  }
}

/** The pieces apache-arrow's stream writer produces for `batch`: headers, padding and views of the batch's own buffers. */
function ipcPieces(batch: RecordBatch): Uint8Array[] {
  const { AsyncByteQueue, RecordBatchStreamWriter } = arrow();
  const pieces: Uint8Array[] = [];
  // A queue that keeps the pieces as they are, instead of joining them into a new buffer.
  const sink = Object.assign(new AsyncByteQueue(), { write: (piece: Uint8Array) => void (piece.byteLength > 0 && pieces.push(piece)) }) as AsyncByteQueue;
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink);
  writer.write(batch);
  writer.close();
  return pieces;
}
