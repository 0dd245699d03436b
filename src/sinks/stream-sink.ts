import { WriteStream } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { OutputClosed } from './output-closed.js';
import { OverlappedWriter } from './overlapped-writer.js';
import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from './types.js';

/**
 * Writes batches to a Node writable stream (stdout, a socket) with backpressure. A
 * reader that goes away (EPIPE, ECONNRESET) ends the run quietly; other stream errors
 * fail it.
 */
export class StreamSink implements Sink {
  private readonly counts: SinkStats = { delivered: 0, failed: 0, bytes: 0, retries: 0 };
  private closedByReader = false;
  private failure: Error | null = null;
  /**
   * Whether the stream is done with a chunk once its write callback ran: files and sockets
   * (a terminal, a pipe) have passed it to the system. Any other Writable may pass the
   * very chunk on to a reader that keeps it.
   */
  private readonly handsChunksToSystem: boolean;
  private readonly writer: OverlappedWriter;
  private trailer: SinkOpenContext['trailer'];

  constructor(
    private readonly stream: Writable,
    readonly description: string,
  ) {
    this.handsChunksToSystem = stream instanceof WriteStream || stream instanceof Socket;
    this.writer = new OverlappedWriter(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_DESTROYED') this.closedByReader = true;
      else this.failure = error;
    });
  }

  async open(context: SinkOpenContext): Promise<void> {
    this.trailer = context.trailer;
    if (context.header !== null) {
      await this.writer.write(context.header, this.check);
      this.counts.bytes += context.header.length;
    }
  }

  async write(batch: RecordBatch): Promise<void> {
    const size = batch.count === 0 ? 0 : batch.ends[batch.count - 1];
    await this.writer.write(batch.bytes.subarray(0, size), this.check);
    this.counts.delivered += batch.count;
    this.counts.bytes += size;
  }

  held(): number {
    return this.handsChunksToSystem ? this.writer.unwrittenChunks : Infinity;
  }

  private readonly check = (): void => {
    // A stream that failed is destroyed too: the failure is what to report.
    if (this.failure !== null) throw this.failure;
    if (this.closedByReader || this.stream.destroyed) throw new OutputClosed(this.description);
  };

  async close(): Promise<void> {
    const trailer = this.closedByReader ? null : (this.trailer?.() ?? null);
    if (trailer !== null) {
      await this.writer.write(trailer, this.check);
      this.counts.bytes += trailer.length;
    }
    // stdout is not ended (other output may follow); waiting for an empty write flushes it.
    if (!this.closedByReader && !this.stream.destroyed) await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
    // The last chunk was written after its write returned: its failure shows here.
    this.check();
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
