import type { RecordBatch, Schema } from 'apache-arrow';
import { arrow } from './arrow.js';
import { chunkQueue, type ColumnarStream } from './columnar-stream.js';

/**
 * The Arrow IPC streaming format (what `pyarrow.ipc.open_stream`, DuckDB's arrow reader
 * and Polars' `read_ipc_stream` take): the schema message, one record batch message per
 * row group, and the end-of-stream marker.
 *
 * apache-arrow writes a whole stream per table; a stream of one batch is the schema
 * message, the batch message and the 8-byte end marker, so the batch message is what lies
 * between the schema message (the length of an empty stream less its marker) and the
 * marker. That lets a long run write batch after batch without holding them.
 */
export function arrowIpcStream(schema: Schema): ColumnarStream {
  const { Table, tableToIPC } = arrow();
  const empty = tableToIPC(new Table(schema), 'stream');
  const schemaLength = empty.length - END_OF_STREAM;
  const queue = chunkQueue();
  queue.push(empty.slice(0, schemaLength));
  return {
    write(batch: RecordBatch): void {
      const whole = tableToIPC(new Table([batch]), 'stream');
      queue.push(whole.slice(schemaLength, whole.length - END_OF_STREAM));
    },
    end(): void {
      queue.push(empty.slice(schemaLength));
      queue.close();
    },
    chunks: queue.chunks,
    untaken: () => 0,
    made: queue.made,
    // Encoded as written: nothing runs on that could be stopped.
    cancel: () => undefined,
  };
}

/** The end-of-stream marker: continuation 0xFFFFFFFF and a zero metadata length. */
const END_OF_STREAM = 8;
