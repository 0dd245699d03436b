import type { RecordBatch, Schema } from 'apache-arrow';
import type { FileBlock } from 'apache-arrow/ipc/metadata/file';
import { arrow, arrowFileMetadata } from './arrow.js';
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
  return ipcMessages(schema, null);
}

/**
 * The Arrow IPC file format (`.arrow`, Feather v2: what `pyarrow.ipc.open_file`,
 * `pandas.read_feather` and Polars' `read_ipc` take): the magic, the same messages as the
 * stream, then a footer that lists where each record batch lies, so a reader can seek to any
 * of them. The footer is apache-arrow's own encoding of those places.
 */
export function arrowIpcFile(schema: Schema): ColumnarStream {
  return ipcMessages(schema, { blocks: [], offset: MAGIC_PADDED.length });
}

/** Where the file format's record batches lie so far, and where the next one starts. */
interface FileLayout {
  readonly blocks: FileBlock[];
  offset: number;
}

function ipcMessages(schema: Schema, file: FileLayout | null): ColumnarStream {
  const { Table, tableToIPC } = arrow();
  const empty = tableToIPC(new Table(schema), 'stream');
  const schemaLength = empty.length - END_OF_STREAM;
  const queue = chunkQueue();
  const push = (bytes: Uint8Array): void => {
    if (file !== null) file.offset += bytes.length;
    queue.push(bytes);
  };
  if (file !== null) queue.push(MAGIC_PADDED);
  push(empty.slice(0, schemaLength));
  return {
    write(batch: RecordBatch): void {
      const whole = tableToIPC(new Table([batch]), 'stream');
      const message = whole.slice(schemaLength, whole.length - END_OF_STREAM);
      if (file !== null) {
        // A message: the continuation marker, its metadata's length, the metadata (padded), the body.
        const metadataLength = 8 + new DataView(message.buffer, message.byteOffset).getInt32(4, true);
        file.blocks.push(new (arrowFileMetadata().FileBlock)(metadataLength, message.length - metadataLength, file.offset));
      }
      push(message);
    },
    end(): void {
      push(empty.slice(schemaLength));
      if (file !== null) {
        const { Footer } = arrowFileMetadata();
        const footer = Footer.encode(new Footer(schema, undefined, file.blocks, []));
        const length = new Uint8Array(4);
        new DataView(length.buffer).setInt32(0, footer.length, true);
        queue.push(footer);
        queue.push(length);
        queue.push(MAGIC);
      }
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
/** The file format's magic, first padded to 8 bytes and last as it is. */
const MAGIC = new TextEncoder().encode('ARROW1');
const MAGIC_PADDED = Uint8Array.of(...MAGIC, 0, 0);
