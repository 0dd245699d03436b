import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import type { RecordBatch } from 'apache-arrow';

/**
 * A columnar file or stream being written: row groups in, bytes out. Columnar formats
 * are shaped by batches, not by records: a row group is encoded only when it is full, and
 * Parquet ends with a footer that describes every group. So these formats do not fit the
 * per-record `Encoder` contract; the sink gathers rows (see sinks/columnar-part-file.ts)
 * and hands each full group here. The bytes come out in order on `chunks`, as the format's
 * writer produces them (Parquet's runs in WebAssembly, in a thread of its own, and yields them asynchronously).
 */
export interface ColumnarStream {
  /** Encodes one row group. Its buffers may be reused once this returns. */
  write(batch: RecordBatch): void;
  /** No more groups: the stream writes its end (Parquet's footer) and `chunks` finishes. */
  end(): void;
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Batches written that the encoder has not read yet (0 for one that encodes as it is written). */
  untaken(): number;
  /** Chunks put on `chunks` so far. */
  made(): number;
  /** The file is thrown away: stop encoding it, and end `chunks` without its end. */
  cancel(): void;
}

/**
 * A stream of chunks pushed by the writer, read by the sink's pump. A pump that stops reading
 * (its output failed, or the reader of stdout went away) cancels the stream: what the writer
 * pushes after that goes nowhere, instead of failing on a closed stream, and `cancelled` lets
 * the writer stop its own work.
 */
export function chunkQueue(cancelled: () => void = () => undefined): {
  readonly push: (chunk: Uint8Array) => void;
  readonly close: () => void;
  readonly fail: (error: Error) => void;
  readonly chunks: ReadableStream<Uint8Array>;
  /** Chunks pushed so far. */
  readonly made: () => number;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let read = true;
  let made = 0;
  const chunks = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => {
      read = false;
      cancelled();
    },
  });
  return {
    push: (chunk) => {
      made++;
      if (read) controller.enqueue(chunk);
    },
    close: () => {
      if (read) controller.close();
    },
    fail: (error) => {
      if (read) controller.error(error);
    },
    chunks,
    made: () => made,
  };
}
