import type { Shard } from '../engine/shards.js';
import type { Sym } from '../engine/sym.js';
import type { SinkStats } from '../sinks/types.js';
import type { AnswerKeyParts } from '../faults/answer-key.js';
import type { DriftKeyEntry } from '../faults/drift-key.js';

/** The answer key's version (docs/answer-key.md): 2 added windows, watermarks and faults. */
export const ANSWER_KEY_VERSION = 2;

/** What a run generated: the answer key a pipeline under test compares its results with. */
export interface RunSummary extends Partial<AnswerKeyParts> {
  /** The answer key's version: what fields it has (docs/answer-key.md). */
  version: number;
  scenario: string;
  seed: number;
  events: number;
  events_by_type: Record<string, number>;
  sessions: number;
  distinct_users: number;
  /** Earliest and latest event time (with late delivery, not the first and last written). */
  first_event_time: string | null;
  last_event_time: string | null;
  /** Events that arrived late (the scenario's `delivery`), and events written after one with a later event time. */
  late_events: number;
  out_of_order_events: number;
  /** Events per minute of event time, keyed by the minute's ISO start. */
  events_per_minute: Record<string, number>;
  delivered: number;
  failed: number;
  bytes: number;
  /** Why the run ended: complete, stopped by a signal, or the reader closed the output. */
  ended: 'complete' | 'signal' | 'output-closed';
  /** A shard's summary says which shard it is; `clickgen summary merge` adds shards into the whole run's. */
  shard?: { index: number; count: number };
  /** With schema drift: each drifted shape, when it starts and where its first record is. */
  drift?: DriftKeyEntry[];
}

/** Sessions that emitted, and distinct known users among them. */
export interface SessionCounts {
  readonly sessions: number;
  readonly users: number;
}

export class SummaryCollector {
  private events = 0;
  /** Counts by event type, indexed by the type's Sym index. */
  private readonly byType: number[] = [];
  private readonly types: Sym[] = [];
  private readonly perMinute = new Map<number, number>();
  /** Events arrive mostly in time order: count the current minute, store it when it changes. */
  private minute = NaN;
  private minuteCount = 0;
  private first = NaN;
  private last = NaN;
  private late = 0;
  private outOfOrder = 0;

  /** Counts one event written: its type, its event time (epoch ms) and whether it arrived late. */
  add(type: Sym, time: number, late = false): void {
    this.events++;
    const seen = this.byType[type.index];
    if (seen === undefined) {
      this.byType[type.index] = 1;
      this.types.push(type);
    } else {
      this.byType[type.index] = seen + 1;
    }
    const minute = Math.floor(time / 60_000);
    if (minute !== this.minute) {
      this.storeMinute();
      this.minute = minute;
    }
    this.minuteCount++;
    if (late) this.late++;
    if (this.events === 1) {
      this.first = time;
      this.last = time;
    } else if (time < this.last) {
      this.outOfOrder++;
      if (time < this.first) this.first = time;
    } else {
      this.last = time;
    }
  }

  get count(): number {
    return this.events;
  }

  /** Latest event time so far, epoch ms (NaN before the first). */
  get lastTime(): number {
    return this.last;
  }

  private storeMinute(): void {
    if (this.minuteCount > 0) this.perMinute.set(this.minute, (this.perMinute.get(this.minute) ?? 0) + this.minuteCount);
    this.minuteCount = 0;
  }

  finish(scenario: string, seed: number, engine: SessionCounts, sink: SinkStats, ended: RunSummary['ended'], shard?: Shard): RunSummary {
    this.storeMinute();
    const perMinute = this.perMinute;
    let minutes: Record<string, number> | undefined;
    const byType = this.types.map((t) => [t, this.byType[t.index]] as const).sort((a, b) => (a[0].text < b[0].text ? -1 : 1));
    return {
      version: ANSWER_KEY_VERSION,
      scenario,
      seed,
      events: this.events,
      events_by_type: Object.fromEntries(byType.map(([type, n]) => [type.text, n])),
      sessions: engine.sessions,
      distinct_users: engine.users,
      first_event_time: Number.isNaN(this.first) ? null : new Date(this.first).toISOString(),
      last_event_time: Number.isNaN(this.last) ? null : new Date(this.last).toISOString(),
      late_events: this.late,
      out_of_order_events: this.outOfOrder,
      // Built when first read (a summary written to a file): a run of months has hundreds of
      // thousands of minutes, and every shard of it would build them whether asked or not.
      get events_per_minute(): Record<string, number> {
        return (minutes ??= Object.fromEntries([...perMinute].sort((a, b) => a[0] - b[0]).map(([m, n]) => [new Date(m * 60_000).toISOString(), n])));
      },
      delivered: sink.delivered,
      failed: sink.failed,
      bytes: sink.bytes,
      ended,
      ...(shard === undefined || shard.count === 1 ? {} : { shard: { index: shard.index, count: shard.count } }),
    };
  }
}
