import { FileWriter } from './file-writer.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';
import { RunError } from '../errors.js';

/** A failed write says how far the run got. */
function withCounts(error: unknown, counts: SinkStats): unknown {
  if (!(error instanceof RunError)) return error;
  return new RunError(error.code, `${error.message} (${counts.delivered.toLocaleString('en-US')} events, ${counts.bytes.toLocaleString('en-US')} bytes written before)`, false, { cause: error.cause });
}

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
    try {
      await this.writer!.write(batch.bytes.subarray(0, size));
    } catch (error) {
      throw withCounts(error, this.counts);
    }
    this.counts.delivered += batch.count;
    this.counts.bytes = this.writer!.written;
  }

  async close(): Promise<void> {
    try {
      const trailer = this.trailer?.() ?? null;
      if (trailer !== null) await this.writer?.write(trailer);
      this.counts.bytes = this.writer?.written ?? 0;
      await this.writer?.commit();
    } catch (error) {
      throw withCounts(error, this.counts);
    }
  }

  abort(): Promise<void> {
    this.writer?.discard();
    return Promise.resolve();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
