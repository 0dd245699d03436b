import { FileWriter } from './file-writer.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

/** All records into one file. */
export class FileSink implements Sink {
  readonly description: string;
  private writer: FileWriter | null = null;
  private trailer: SinkOpenContext['trailer'];
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };

  /** `inPlace`: written under its final name as it goes, for a live run that readers follow (`tail -f`). */
  constructor(
    private readonly path: string,
    private readonly inPlace = false,
  ) {
    this.description = `file ${path}`;
  }

  async open(context: SinkOpenContext): Promise<void> {
    this.writer = await FileWriter.open(this.path, this.inPlace);
    this.trailer = context.trailer;
    if (context.header !== null) await this.writer.write(context.header);
    this.counts.bytes = this.writer.written;
  }

  held(): number {
    return this.writer?.held() ?? 0;
  }

  async write(batch: RecordBatch): Promise<void> {
    const size = batch.count === 0 ? 0 : batch.ends[batch.count - 1];
    // A failure says how far the run got: deliver() adds these counts to its message.
    await this.writer!.write(batch.bytes.subarray(0, size));
    this.counts.delivered += batch.count;
    this.counts.bytes = this.writer!.written;
  }

  async close(): Promise<void> {
    const trailer = this.trailer?.() ?? null;
    if (trailer !== null) await this.writer?.write(trailer);
    this.counts.bytes = this.writer?.written ?? 0;
    await this.writer?.commit();
  }

  abort(): Promise<void> {
    this.writer?.discard();
    return Promise.resolve();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
