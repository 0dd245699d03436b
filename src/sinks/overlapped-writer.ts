import type { Writable } from 'node:stream';
import { drained } from './drained.js';

/**
 * Gives chunks to a stream with backpressure applied one chunk late: over the high-water
 * mark, the next write waits for the drain, so a chunk is written while the next one is
 * made. Counts the chunks the stream has not written out yet (their write callbacks are
 * due), which is how many of the last batches a sink still holds (Sink.held).
 */
export class OverlappedWriter {
  private unwritten = 0;
  /** Set while the stream is over its high-water mark: the next write waits for it. */
  private draining: Promise<void> | null = null;

  constructor(private readonly stream: Writable) {}

  /** `check` throws when the stream failed or closed: it runs first and after a wait. */
  async write(bytes: Uint8Array, check: () => void): Promise<void> {
    check();
    if (this.draining !== null) {
      await this.draining;
      this.draining = null;
      check();
    }
    this.unwritten++;
    if (!this.stream.write(bytes, this.written)) this.draining = drained(this.stream);
  }

  /** Chunks given to the stream and not yet written out. */
  get unwrittenChunks(): number {
    return this.unwritten;
  }

  private readonly written = (): void => {
    this.unwritten--;
  };
}
