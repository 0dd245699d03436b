import type { Clock } from '../clock/clock.js';
import type { SinkStats } from '../sinks/types.js';

/** One stream being served, as /metrics shows it. */
export interface StreamInfo {
  readonly id: number;
  /** The endpoint (`/stream/interactions`) or `tcp`. */
  readonly path: string;
  readonly scenario: string;
  readonly format: string;
  /** Events per second asked for; null when the scenario's own arrivals set the pace. */
  readonly targetRate: number | null;
  /** Wall-clock start, epoch ms: when the stream opened, then when its first events went out. */
  started: number;
  readonly client: string;
  /** Delivered counts so far (read from the stream's sink). */
  stats(): SinkStats;
  /** Stops the stream after its current batch: whole records, then the response ends. */
  stop(): void;
}

export interface StreamTotals {
  events: number;
  bytes: number;
  started: number;
  rejected: number;
}

/**
 * The streams in progress, their cap, and totals over the server's life. Streams report
 * nothing per event: their counters are read when someone asks for metrics.
 */
export class StreamRegistry {
  private readonly active = new Map<number, StreamInfo>();
  private nextId = 1;
  /** Counts of streams that have ended; active streams are added when read. */
  private readonly ended: StreamTotals = { events: 0, bytes: 0, started: 0, rejected: 0 };

  constructor(
    readonly maxStreams: number,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.active.size;
  }

  /** A stream id, or null when the cap is reached (the caller answers 429). */
  admit(): number | null {
    if (this.active.size >= this.maxStreams) {
      this.ended.rejected++;
      return null;
    }
    this.ended.started++;
    return this.nextId++;
  }

  add(stream: StreamInfo): void {
    this.active.set(stream.id, stream);
  }

  remove(id: number): void {
    const stream = this.active.get(id);
    if (stream === undefined) return;
    const stats = stream.stats();
    this.ended.events += stats.delivered;
    this.ended.bytes += stats.bytes;
    this.active.delete(id);
  }

  streams(): StreamInfo[] {
    return [...this.active.values()];
  }

  totals(): StreamTotals {
    const totals = { ...this.ended };
    for (const stream of this.active.values()) {
      const stats = stream.stats();
      totals.events += stats.delivered;
      totals.bytes += stats.bytes;
    }
    return totals;
  }

  /** Events per second delivered since the stream started. */
  achievedRate(stream: StreamInfo): number {
    const seconds = (this.clock.now() - stream.started) / 1000;
    return seconds > 0 ? stream.stats().delivered / seconds : 0;
  }

  /**
   * How far a paced stream is behind its schedule, in seconds of events: a client that
   * reads slower than the rate makes this grow (its events wait, keeping their due times).
   */
  behindSeconds(stream: StreamInfo): number {
    if (stream.targetRate === null) return 0;
    const due = (stream.targetRate * (this.clock.now() - stream.started)) / 1000;
    return Math.max(0, due - stream.stats().delivered) / stream.targetRate;
  }

  stopAll(): void {
    for (const stream of this.active.values()) stream.stop();
  }
}
