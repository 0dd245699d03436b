import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import type { ParquetCompression } from './options.js';

type ParquetWasm = typeof import('parquet-wasm/node');

let wasm: Promise<ParquetWasm> | undefined;

/** parquet-wasm (Rust's parquet crate in WebAssembly) loads when Parquet is first written. */
function parquetWasm(): Promise<ParquetWasm> {
  return (wasm ??= import('parquet-wasm/node'));
}

export interface ParquetFileOptions {
  readonly rowGroupRows: number;
  readonly compression: ParquetCompression;
  /**
   * Top-level columns written PLAIN, without a dictionary: the timestamp columns, whose
   * millisecond values barely repeat (docs/decisions.md, "Parquet: timestamps without a
   * dictionary").
   */
  readonly plainColumns: readonly string[];
}

/** A Parquet file fed row groups as Arrow IPC streams (one record batch each); its bytes come out on `chunks`. */
export interface ParquetFromIpc {
  /** Encodes one row group, given as an Arrow IPC stream of one record batch. */
  write(ipc: Uint8Array): void;
  /** No more groups: the footer is written and `chunks` ends. */
  end(): void;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * A Parquet file written row group by row group: each group goes to parquet-wasm's
 * streaming writer as an Arrow record batch (read from the Arrow IPC it comes in), which
 * yields the group's bytes and, at the end, the footer. The writer's name is fixed (no
 * version), so files are byte-identical from run to run and release to release of the
 * same model. Runs in the Parquet thread (pipeline/columnar/parquet-thread.ts).
 */
export async function parquetFromIpc(options: ParquetFileOptions): Promise<ParquetFromIpc> {
  const pw = await parquetWasm();
  const codec = { zstd: pw.Compression.ZSTD, snappy: pw.Compression.SNAPPY, none: pw.Compression.UNCOMPRESSED }[options.compression];
  let builder = new pw.WriterPropertiesBuilder().setCompression(codec).setMaxRowGroupSize(options.rowGroupRows)
    // Column-chunk statistics (min, max, nulls) let readers skip row groups; page-level ones cost about 15% more time.
    .setStatisticsEnabled(pw.EnabledStatistics.Chunk)
    .setCreatedBy('clickgen');
  for (const column of options.plainColumns) builder = builder.setColumnDictionaryEnabled(column, false);
  const properties = builder.build();
  let controller!: ReadableStreamDefaultController<unknown>;
  const input = new ReadableStream({ start: (c) => void (controller = c) }, { highWaterMark: 0 });
  // The writer reads the first group (for its schema) before it answers: do not wait for it here.
  const output = pw.transformParquetStream(input as unknown as globalThis.ReadableStream, properties) as unknown as Promise<ReadableStream<Uint8Array>>;
  return {
    write(ipc: Uint8Array): void {
      const table = pw.Table.fromIPCStream(ipc);
      controller.enqueue(table.recordBatch(0));
      table.free();
    },
    end(): void {
      controller.close();
    },
    chunks: chunksOf(output),
  };
}

async function* chunksOf(stream: Promise<ReadableStream<Uint8Array>>): AsyncIterable<Uint8Array> {
  yield* await stream;
}
