import { WriteStream } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { drained } from './drained.js';
import { OutputClosed } from './output-closed.js';
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
  /** Chunks given to the stream and not yet written out (their write callbacks are due). */
  private unwritten = 0;
  /** Set while the stream is over its high-water mark: the next write waits for it. */
  private draining: Promise<void> | null = null;

  constructor(
    private readonly stream: Writable,
    readonly description: string,
  ) {
    this.handsChunksToSystem = stream instanceof WriteStream || stream instanceof Socket;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_DESTROYED') this.closedByReader = true;
      else this.failure = error;
    });
  }

  async open(context: SinkOpenContext): Promise<void> {
    if (context.header !== null) await this.send(context.header);
  }

  async write(batch: RecordBatch): Promise<void> {
    const size = batch.count === 0 ? 0 : batch.ends[batch.count - 1];
    await this.send(batch.bytes.subarray(0, size));
    this.counts.delivered += batch.count;
    this.counts.bytes += size;
  }

  held(): number {
    return this.handsChunksToSystem ? this.unwritten : Infinity;
  }

  /**
   * Gives the stream a chunk. Backpressure is applied one chunk late: over the high-water
   * mark, the next send waits for the drain, so this chunk is written while the next one
   * is made.
   */
  private async send(bytes: Uint8Array): Promise<void> {
    this.check();
    if (this.draining !== null) {
      await this.draining;
      this.draining = null;
      this.check();
    }
    this.unwritten++;
    if (!this.stream.write(bytes, this.written)) this.draining = drained(this.stream);
  }

  private readonly written = (): void => {
    this.unwritten--;
  };

  private check(): void {
    if (this.closedByReader || this.stream.destroyed) throw new OutputClosed(this.description);
    if (this.failure !== null) throw this.failure;
  }

  async close(): Promise<void> {
    // stdout is not ended (other output may follow); waiting for an empty write flushes it.
    if (!this.closedByReader && !this.stream.destroyed) await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
    // The last chunk was written after its send returned: its failure shows here.
    this.check();
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }

  stats(): SinkStats {
    return { ...this.counts };
  }
}
