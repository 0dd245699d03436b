import { FileWriter } from './file-writer.js';
import type { StreamSink } from './stream-sink.js';
import type { RecordBatch, Sink } from './types.js';

/**
 * One file of a split or rolling output, as the sink that routes records sees it. Line
 * formats append the record's bytes; columnar formats gather rows into row groups. The
 * file is written under a temporary name and renamed into place by `commit`.
 */
export interface PartFile {
  /** Bytes of the records added so far, before compression: what `--roll 256MB` measures. */
  readonly size: number;
  /** Bytes written to the file so far (headers, footers and encoded groups included): what the run's summary counts. */
  readonly written: number;
  /** Adds record `index` of `batch`, which spans [start, end) of its bytes. */
  add(batch: RecordBatch, index: number, start: number, end: number): void;
  /** Writes out what was added since the last flush (the batch's buffers are reused after it). */
  flush(): Promise<void>;
  /** Flushes, completes and renames the file into place. */
  commit(): Promise<void>;
  /** Removes the partial file, leaving the directories it made. */
  discard(): void;
  /** Removes the directories made for the file while they are empty. */
  removeCreatedDirectories(): void;
}

export type PartFileFactory = (path: string) => Promise<PartFile>;

/**
 * A columnar format's files (Parquet, Arrow), made outside the sinks (pipeline/columnar/):
 * files are opened by `partFiles` and fed each record's row; stdout is wrapped by `stdoutSink`.
 */
export interface ColumnarOutput {
  readonly format: string;
  readonly partFiles: PartFileFactory;
  stdoutSink(stdout: StreamSink): Sink;
}

/** Opens line-format files: the header (CSV) first, then the records' bytes as they are. */
export function linePartFiles(header: Uint8Array | null): PartFileFactory {
  return async (path) => {
    const writer = await FileWriter.open(path);
    const file = new LinePartFile(writer);
    if (header !== null) await writer.write(header);
    return file;
  };
}

class LinePartFile implements PartFile {
  size = 0;
  private chunks: Uint8Array[] = [];

  constructor(private readonly writer: FileWriter) {}

  get written(): number {
    return this.writer.written;
  }

  add(batch: RecordBatch, _index: number, start: number, end: number): void {
    this.chunks.push(batch.bytes.subarray(start, end));
    this.size += end - start;
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    await this.writer.write(bytes);
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.writer.commit();
  }

  discard(): void {
    this.writer.discard();
  }

  removeCreatedDirectories(): void {
    this.writer.removeCreatedDirectories();
  }
}
