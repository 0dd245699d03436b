import { ColumnarPartFile, type ColumnarFiles } from './columnar-part-file.js';
import type { StreamSink } from '../../sinks/stream-sink.js';
import type { RecordBatch, Sink, SinkStats } from '../../sinks/types.js';

/**
 * Parquet or Arrow to stdout: one file's bytes, group by group, through a StreamSink (so a
 * reader that goes away ends the run quietly). `clickgen generate --format arrow | duckdb`
 * reads it as it comes.
 */
export class ColumnarStreamSink implements Sink {
  readonly description: string;
  readonly wantsRows = true;
  private file: ColumnarPartFile | null = null;
  private delivered = 0;

  constructor(
    private readonly inner: StreamSink,
    private readonly options: ColumnarFiles,
  ) {
    this.description = inner.description;
  }

  async open(): Promise<void> {
    await this.inner.open({ header: null, format: this.options.format });
    const inner = this.inner;
    const output = {
      write: (bytes: Uint8Array) => inner.write({ bytes, ends: Uint32Array.of(bytes.length), count: 1, times: Float64Array.of(0), keys: undefined, objects: undefined }),
      commit: () => inner.close(),
      discard: () => undefined,
      removeCreatedDirectories: () => undefined,
    };
    this.file = ColumnarPartFile.start(output, this.options);
  }

  async write(batch: RecordBatch): Promise<void> {
    for (let i = 0; i < batch.count; i++) this.file!.add(batch, i);
    await this.file!.flush();
    this.delivered += batch.count;
  }

  async close(): Promise<void> {
    await this.file?.commit();
  }

  abort(): Promise<void> {
    return this.inner.abort();
  }

  stats(): SinkStats {
    return { ...this.inner.stats(), delivered: this.delivered };
  }
}
