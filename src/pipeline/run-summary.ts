import type { Shard } from '../engine/shards.js';
import type { Sym } from '../engine/sym.js';
import type { SinkStats } from '../sinks/types.js';
import type { AnswerKeyParts } from '../faults/answer-key.js';
import type { TimelineKeyParts } from '../faults/timeline-key.js';
import type { DriftKeyEntry } from '../faults/drift-key.js';
import { MinuteCounts } from './minute-counts.js';

/** The answer key's version (docs/answer-key.md): 2 added windows, watermarks and faults. */
export const ANSWER_KEY_VERSION = 2;

/** What a run generated: the answer key a pipeline under test compares its results with. */
export interface RunSummary extends Partial<AnswerKeyParts>, TimelineKeyParts {
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
  /**
   * A shard's summary says which shard it is, and the run's start that every shard of the run
   * shares; `clickgen summary merge` adds shards into the whole run's. generate adds the run's
   * end (null without --duration) and the settings that shape what it writes (src/cli/run-settings.ts),
   * which the shards of one run share too.
   */
  shard?: {
    index: number;
    count: number;
    start?: string;
    end?: string | null;
    settings?: Readonly<Record<string, string | boolean | readonly string[]>>;
    /** The header bytes that `bytes` counts once and the single run counts once too (one file or stream); absent where that is not so. */
    header_bytes?: number;
  };
  /** Scenario params taken from the environment (generate adds them): part of what made the data. */
  params_from_environment?: Record<string, string>;
  /** With schema drift: each drifted shape, when it starts and where its first record is. */
  drift?: DriftKeyEntry[];
}

/** Sessions that emitted, and distinct known users among them. */
export interface SessionCounts {
  readonly sessions: number;
  readonly users: number;
}

/**
 * What a worker thread counted of a batch of its records: the counts of the answer key that
 * do not depend on the order records are written in, so the thread that merges the batches
 * adds them up instead of counting each record again.
 */
export interface TallyPart {
  readonly events: number;
  readonly late: number;
  /** Pairs of an event type's Sym index and its count. */
  readonly types: Float64Array;
  /** Pairs of a minute of event time (epoch ms ÷ 60,000) and its count. */
  readonly minutes: Float64Array;
}

/** Counts of events by type, by minute of event time and late, in any order; summed across threads. */
export class Tally {
  events = 0;
  late = 0;
  /**
   * Counts by event type, indexed by the type's Sym index: typed and grown to fit, since a
   * scenario with catalogs interns thousands of texts before its event types (ecommerce's are
   * near 11,860), and a plain array indexed so far out is a dictionary, 150 ns a count.
   */
  private byType = new Float64Array(64);
  /** The Sym indexes counted, in the order first seen. */
  private seen: number[] = [];
  private perMinute = new MinuteCounts();
  /** Events arrive mostly in time order: count the current minute, store it when it changes. */
  private minute = NaN;
  private minuteCount = 0;

  /** Counts one event: its type's Sym index, its event time (epoch ms), whether it arrived late. True for a type not counted before. */
  add(type: number, time: number, late: boolean): boolean {
    this.events++;
    const byType = type < this.byType.length ? this.byType : this.grow(type);
    const first = byType[type]++ === 0;
    if (first) this.seen.push(type);
    const minute = Math.floor(time / 60_000);
    if (minute !== this.minute) {
      this.storeMinute();
      this.minute = minute;
    }
    this.minuteCount++;
    if (late) this.late++;
    return first;
  }

  addPart(part: TallyPart): void {
    this.events += part.events;
    this.late += part.late;
    const { types, minutes } = part;
    for (let i = 0; i < types.length; i += 2) {
      const type = types[i];
      const byType = type < this.byType.length ? this.byType : this.grow(type);
      if (byType[type] === 0) this.seen.push(type);
      byType[type] += types[i + 1];
    }
    for (let i = 0; i < minutes.length; i += 2) this.perMinute.add(minutes[i], minutes[i + 1]);
  }

  /** What was counted since the last take, as a part another thread adds; counting starts again. */
  take(): TallyPart {
    this.storeMinute();
    const part: TallyPart = {
      events: this.events,
      late: this.late,
      types: Float64Array.from(this.seen.flatMap((type) => [type, this.byType[type]])),
      minutes: Float64Array.from(this.perMinute.entries().flat()),
    };
    this.events = 0;
    this.late = 0;
    for (const type of this.seen) this.byType[type] = 0;
    this.seen = [];
    this.perMinute = new MinuteCounts();
    return part;
  }

  /** The counts by type, as [Sym index, count] in the order first seen. */
  types(): [number, number][] {
    return this.seen.map((type) => [type, this.byType[type]]);
  }

  /** The counts by minute. */
  minutes(): MinuteCounts {
    this.storeMinute();
    return this.perMinute;
  }

  /** Makes room for counts up to Sym index `type`, keeping those counted. */
  private grow(type: number): Float64Array {
    let length = this.byType.length;
    while (length <= type) length *= 2;
    const grown = new Float64Array(length);
    grown.set(this.byType);
    this.byType = grown;
    return grown;
  }

  private storeMinute(): void {
    if (this.minuteCount > 0) this.perMinute.add(this.minute, this.minuteCount);
    this.minuteCount = 0;
  }
}

export class SummaryCollector {
  private readonly tally = new Tally();
  /** The event types counted, by Sym index. */
  private readonly types: Sym[] = [];
  private written = 0;
  private first = NaN;
  private last = NaN;
  private outOfOrder = 0;

  /** Counts one event written: its type, its event time (epoch ms) and whether it arrived late. */
  add(type: Sym, time: number, late = false): void {
    this.tallyOne(type, time, late);
    this.order(time);
  }

  /** Counts one event's type, minute and lateness; its place in the order goes to `order`. */
  tallyOne(type: Sym, time: number, late: boolean): void {
    if (this.tally.add(type.index, time, late)) this.types[type.index] = type;
  }

  /**
   * Counts the events of `part` (from another thread), whose types are among `types` (by Sym
   * index). Their event times, in the order they are written, go to `order`.
   */
  addTally(part: TallyPart, types: readonly Sym[]): void {
    for (let i = 0; i < part.types.length; i += 2) this.types[part.types[i]] ??= types[part.types[i]];
    this.tally.addPart(part);
  }

  /** The event time of the next event written: the earliest and latest, and how many come after a later one. */
  order(time: number): void {
    this.written++;
    if (this.written === 1) {
      this.first = time;
      this.last = time;
    } else if (time < this.last) {
      this.outOfOrder++;
      if (time < this.first) this.first = time;
    } else {
      this.last = time;
    }
  }

  /** Events written: their times given to `add` or `order`. */
  get count(): number {
    return this.written;
  }

  /** Latest event time so far, epoch ms (NaN before the first). */
  get lastTime(): number {
    return this.last;
  }

  /** The summary; `start` is the run's simulated start (epoch ms), which every shard of one run shares. */
  finish(scenario: string, seed: number, engine: SessionCounts, sink: SinkStats, ended: RunSummary['ended'], start: number, shard?: Shard): RunSummary {
    const perMinute = this.tally.minutes();
    let minutes: Record<string, number> | undefined;
    const byType = this.tally
      .types()
      .map(([index, n]) => [this.types[index], n] as const)
      .sort((a, b) => (a[0].text < b[0].text ? -1 : 1));
    return {
      version: ANSWER_KEY_VERSION,
      scenario,
      seed,
      events: this.tally.events,
      events_by_type: Object.fromEntries(byType.map(([type, n]) => [type.text, n])),
      sessions: engine.sessions,
      distinct_users: engine.users,
      first_event_time: Number.isNaN(this.first) ? null : new Date(this.first).toISOString(),
      last_event_time: Number.isNaN(this.last) ? null : new Date(this.last).toISOString(),
      late_events: this.tally.late,
      out_of_order_events: this.outOfOrder,
      // Built when first read (a summary written to a file): a run of months has hundreds of
      // thousands of minutes, and every shard of it would build them whether asked or not.
      // Made once a run and read by no per-event code, so its dictionary mode costs nothing.
      // eslint-disable-next-line no-restricted-syntax
      get events_per_minute(): Record<string, number> {
        return (minutes ??= Object.fromEntries(perMinute.entries().map(([m, n]) => [new Date(m * 60_000).toISOString(), n])));
      },
      delivered: sink.delivered,
      failed: sink.failed,
      bytes: sink.bytes,
      ended,
      ...(shard === undefined || shard.count === 1 ? {} : { shard: { index: shard.index, count: shard.count, start: new Date(start).toISOString() } }),
    };
  }
}
