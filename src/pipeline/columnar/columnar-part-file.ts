import { extname } from 'node:path';
import { arrowIpcFile, arrowIpcStream } from '../../encode/columnar/arrow-ipc.js';
import type { ColumnarStream } from '../../encode/columnar/columnar-stream.js';
import { parquetColumnChoices } from '../../encode/columnar/parquet-file.js';
import { parquetInThread } from './parquet-thread.js';
import type { ColumnarOptions } from '../../encode/columnar/options.js';
import { RecordColumns } from '../../encode/columnar/record-columns.js';
import type { Row } from '../../encode/columnar/row.js';
import type { OutputSchema } from '../../engine/event.js';
import type { RecordSchema } from '../../records/record-type.js';
import { FileWriter } from '../../sinks/file-writer.js';
import type { PartFile, PartFileFactory } from '../../sinks/part-file.js';
import type { RecordBatch } from '../../sinks/types.js';

/**
 * Parquet rows are handed to the Parquet thread in pieces of this many: the writer encodes a
 * row group as its pieces come, so the last group's encoding after the last event, and the
 * thread's wait for the first group, are a piece's instead of a group's (docs/benchmarks.md,
 * "Text columns copied in words, row groups in reused buffers and in pieces").
 */
const PARQUET_PIECE_ROWS = 25_000;
/** How often a wait for room looks at the encoder's reads, ms. */
const WAIT_MS = 2;

/** Where a columnar file's bytes go: a file (renamed into place on commit) or stdout. */
export interface ByteOutput {
  write(bytes: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  discard(): void;
  removeCreatedDirectories(): void;
}

export interface ColumnarFiles extends ColumnarOptions {
  readonly records: RecordSchema;
  readonly output: OutputSchema;
}

/**
 * Opens Parquet or Arrow files for a split or rolling output. An Arrow file named `.arrow`
 * is written in the IPC file format, which readers of `.arrow` files open; any other name
 * (`.arrows`) gets the stream format, as stdout does.
 */
export function columnarPartFiles(options: ColumnarFiles): PartFileFactory {
  return async (path) => ColumnarPartFile.start(await FileWriter.open(path), options, extname(path).toLowerCase() === '.arrow');
}

/**
 * One Parquet or Arrow file: the records' rows gathered into a row group of
 * `rowGroupRows`, each full group encoded and written while the next fills. Its size
 * for `--roll` is the rows' Arrow size before encoding and compression, counted per row,
 * so where a file rolls does not depend on how fast the encoder ran.
 */
export class ColumnarPartFile implements PartFile {
  private sealed = 0;
  /** Row groups handed to the encoder so far, whole or in pieces. */
  private groups = 0;
  /** Rows handed to the encoder since the last row group's end. */
  private groupRows = 0;
  private readonly pump: Promise<void>;
  private failure: Error | null = null;
  /** Chunks of the encoder's written out so far. */
  private pulled = 0;
  private wake: (() => void) | null = null;
  written = 0;

  private constructor(
    private readonly out: ByteOutput,
    private readonly columns: RecordColumns,
    private readonly stream: ColumnarStream,
    private readonly rowGroupRows: number,
    /** Rows handed to the encoder at a time: a whole row group, or (Parquet) a piece of one. */
    private readonly pieceRows: number,
  ) {
    this.pump = this.drain();
  }

  /** `arrowFile`: Arrow in the IPC file format rather than the stream format. */
  static start(out: ByteOutput, options: ColumnarFiles, arrowFile = false): ColumnarPartFile {
    const columns = new RecordColumns(options.records, options.output);
    if (options.format === 'arrow') {
      const stream = arrowFile ? arrowIpcFile(columns.schema) : arrowIpcStream(columns.schema);
      return new ColumnarPartFile(out, columns, stream, options.rowGroupRows, options.rowGroupRows);
    }
    // Parquet's writer makes its row groups of rowGroupRows from batches of any size.
    const stream = parquetInThread({ ...options, ...parquetColumnChoices(options.records) });
    return new ColumnarPartFile(out, columns, stream, options.rowGroupRows, Math.min(options.rowGroupRows, PARQUET_PIECE_ROWS));
  }

  get size(): number {
    return this.sealed + this.columns.bytes;
  }

  add(batch: RecordBatch, index: number): void {
    this.columns.append(batch.rows![index] as Row);
    if (this.columns.rows === this.pieceRows) this.seal();
  }

  private seal(): void {
    this.sealed += this.columns.bytes;
    this.groupRows += this.columns.rows;
    this.stream.write(this.columns.batch());
    // A piece that completes a row group sends it on its way out.
    if (this.groupRows >= this.rowGroupRows) {
      this.groupRows -= this.rowGroupRows;
      this.groups++;
    }
  }

  /**
   * Waits while more than two groups' pieces wait for the encoder, or more than two of its
   * chunks wait to be written out, so that rows and bytes do not pile up in memory. Each
   * count goes down by itself (the encoder reads, the output writes): chunks are not groups,
   * as Parquet's encoder may put several small groups in one chunk, and waiting for a chunk
   * per group never ended.
   */
  async flush(): Promise<void> {
    const pieces = 2 * Math.ceil(this.rowGroupRows / this.pieceRows);
    while (this.failure === null && (this.stream.untaken() > pieces || this.stream.made() - this.pulled > 2)) {
      // Woken by a chunk written out; the encoder's reads are seen within a few ms.
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, WAIT_MS);
      });
    }
    if (this.failure !== null) throw this.failure;
  }

  async commit(): Promise<void> {
    // A file without a row (no event, or an empty window) still gets one group of none: Parquet's
    // writer learns the schema from its first group, and a reader then sees the columns and 0 rows.
    if (this.columns.rows > 0 || (this.groups === 0 && this.groupRows === 0)) this.seal();
    if (this.groupRows > 0) this.groups++;
    this.stream.end();
    await this.pump;
    if (this.failure !== null) throw this.failure;
    await this.out.commit();
  }

  discard(): void {
    // Parquet's thread holds the process open while a file of it is being written.
    this.stream.cancel();
    this.out.discard();
  }

  removeCreatedDirectories(): void {
    this.out.removeCreatedDirectories();
  }

  private async drain(): Promise<void> {
    try {
      for await (const chunk of this.stream.chunks) {
        await this.out.write(chunk);
        this.written += chunk.length;
        this.pulled++;
        this.wake?.();
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.wake?.();
    }
  }
}

