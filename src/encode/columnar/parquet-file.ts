import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import type { ParquetCompression } from './options.js';
import type { RecordSchema, RecordType } from '../../records/record-type.js';

type ParquetWasm = typeof import('parquet-wasm/node');

let wasm: Promise<ParquetWasm> | undefined;

/** parquet-wasm (Rust's parquet crate in WebAssembly) loads when Parquet is first written. */
function parquetWasm(): Promise<ParquetWasm> {
  return (wasm ??= import('parquet-wasm/node'));
}

/** How some top-level columns are written, unlike the writer's defaults (docs/decisions.md, "Parquet writer"). */
export interface ParquetColumnChoices {
  /** PLAIN, without a dictionary: the timestamps, whose millisecond values barely repeat. */
  readonly plainColumns: readonly string[];
  /**
   * Without min/max statistics: the text columns. Rows are in time order, so every row group
   * spans nearly all of a text column's values and its min and max let a reader skip nothing,
   * while comparing every value for them was a fifth of the writer's time.
   */
  readonly textColumns: readonly string[];
}

export interface ParquetFileOptions extends ParquetColumnChoices {
  readonly rowGroupRows: number;
  readonly compression: ParquetCompression;
}

/** The column choices for a scenario's records. */
export function parquetColumnChoices(records: RecordSchema): ParquetColumnChoices {
  const named = (kind: RecordType['kind']): string[] => records.fields.filter((field) => field.type.kind === kind).map((field) => field.name);
  return { plainColumns: named('timestamp'), textColumns: named('string') };
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
  for (const column of options.textColumns) builder = builder.setColumnStatisticsEnabled(column, pw.EnabledStatistics.None);
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
