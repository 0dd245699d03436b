import type { RecordBatch, Sink, SinkOpenContext, SinkStats } from '../sinks/types.js';

export interface WallClock {
  /** Wall-clock now, epoch ms. */
  now(): number;
}

/**
 * Holds each batch until the wall clock reaches the event time of its last record,
 * then passes it on: with one record per batch, records appear when they happen, as a
 * live source writes them. Event times come from the simulation (started at the
 * current time), so waiting is one timer per batch and never drifts: each wait is
 * computed from the clock, not accumulated. An abort stops waiting at once.
 */
export class WallPacer implements Sink {
  readonly description: string;
  readonly keyTemplate?: string;
  readonly keyValue?: (text: string) => string;
  readonly wantsObjects?: boolean;

  constructor(
    private readonly inner: Sink,
    private readonly clock: WallClock,
    private readonly signal?: AbortSignal,
  ) {
    this.description = inner.description;
    if (inner.keyTemplate !== undefined) this.keyTemplate = inner.keyTemplate;
    if (inner.keyValue !== undefined) this.keyValue = inner.keyValue;
    if (inner.wantsObjects !== undefined) this.wantsObjects = inner.wantsObjects;
  }

  open(context: SinkOpenContext): Promise<void> {
    return this.inner.open(context);
  }

  async write(batch: RecordBatch): Promise<void> {
    if (batch.count > 0) await this.waitUntil(batch.times[batch.count - 1]);
    await this.inner.write(batch);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  abort(): Promise<void> {
    return this.inner.abort();
  }

  stats(): SinkStats {
    return this.inner.stats();
  }

  private waitUntil(due: number): Promise<void> {
    const wait = due - this.clock.now();
    if (wait <= 0 || this.signal?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.signal?.addEventListener('abort', done, { once: true });
    });
  }
}
