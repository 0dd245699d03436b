import type { Sym } from '../engine/sym.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { RecordPlace } from '../sinks/types.js';
import type { DroppedEvent, FaultStage } from './fault-stage.js';
import type { FaultMark } from './marks.js';
import type { FaultPlan } from './plan.js';
import { revenueText } from './revenue.js';
import { WindowTimes } from './window-times.js';

/** What the fault stages of a run saw before delivery: the events dropped and the sessions started per window. */
export type FaultTally = Pick<FaultStage, 'dropped' | 'sessionsStarted'>;

/**
 * Counts of one window: events by type, (by event time) the sessions whose first event is in
 * it, and with `answer_key.purchases` the purchases and their revenue (a decimal text).
 */
export interface WindowCounts {
  events: number;
  events_by_type: Record<string, number>;
  sessions_started?: number;
  purchases?: number;
  revenue?: string;
}

/** The answer key's version 2 parts (docs/answer-key.md). */
export interface AnswerKeyParts {
  windows: {
    seconds: number;
    /** Keyed by the window's ISO start. Events delivered intact: not a duplicate's copy, not a bad record. */
    event_time: Record<string, WindowCounts>;
    processing_time: Record<string, WindowCounts>;
  };
  /** Per watermark delay: the intact events a watermark of that delay drops as too late. */
  watermarks: { delay_seconds: number; dropped: number; dropped_by_window: Record<string, number> }[];
  faults: {
    settings: Readonly<Record<string, unknown>>;
    dropped: number;
    duplicated: number;
    bad: number;
    /** `id` is "session:index", the event's index in its session; positions are 0-based record indexes in the output. */
    drops: { id: string; type: string; event_time: string }[];
    /** With a sink that knows them (Kafka), `partitions` and `offsets` beside `positions`; an offset is null when the broker did not say. */
    duplicates: { id: string; type: string; event_time: string; positions: number[]; partitions?: number[]; offsets?: (number | null)[] }[];
    bad_records: { position: number; kind: BadRecordKind; id: string; type: string; event_time: string; partition?: number; offset?: number | null }[];
  };
}

interface Window {
  events: number;
  /** Counts by the event type's slot (see AnswerKeyCollector.slotOf). */
  readonly byType: number[];
  purchases: number;
  /** Whole units of 10^-decimals (revenue.ts). */
  revenue: number;
}

const emptyWindow = (): Window => ({ events: 0, byType: [], purchases: 0, revenue: 0 });

/**
 * Windows by their start. Records come mostly in time order, so the window of the last
 * record is kept at hand: most records cost no map lookup.
 */
class Windows {
  readonly map = new Map<number, Window>();
  private start = NaN;
  private current: Window = emptyWindow();

  /** Counts an event of type `slot` in the window at `start`, and returns that window. */
  add(start: number, slot: number): Window {
    if (start !== this.start) {
      this.start = start;
      let window = this.map.get(start);
      if (window === undefined) this.map.set(start, (window = emptyWindow()));
      this.current = window;
    }
    const window = this.current;
    window.events++;
    window.byType[slot] = (window.byType[slot] ?? 0) + 1;
    return window;
  }
}

/** Collects the answer key's windows, watermarks and faults from the records as they are written. */
export class AnswerKeyCollector {
  private readonly byEventTime = new Windows();
  private readonly byProcessingTime = new Windows();
  /** Event types seen, by slot; and the slot of each by its Sym index (Syms number every interned text, so their indexes are sparse). */
  private readonly types: Sym[] = [];
  private readonly slotOf: number[] = [];
  /** Whether the type of each slot is the purchase (`answer_key.purchases.event`). */
  private readonly purchaseSlot: boolean[] = [];
  /** Per watermark: the largest event time written so far, and what it dropped by window. */
  private readonly marks: { delay: number; max: number; dropped: number; byWindow: Map<number, number> }[];
  private readonly duplicates = new Map<string, AnswerKeyParts['faults']['duplicates'][number]>();
  private readonly bad: AnswerKeyParts['faults']['bad_records'] = [];

  constructor(private readonly plan: FaultPlan) {
    this.marks = plan.watermarksMs.map((delay) => ({ delay, max: -Infinity, dropped: 0, byWindow: new Map() }));
  }

  /**
   * One record of event type `type` written at `position` with event time `time` as written;
   * `badKind` when it was written broken; `revenue`, its revenue in whole units (PurchaseRevenue).
   */
  add(type: Sym, time: number, position: number, processingTime: number, mark: FaultMark | undefined, badKind: BadRecordKind | null, revenue: number): void {
    if (mark !== undefined) {
      const id = `${mark.session}:${mark.index}`;
      if (mark.duplicated) {
        const seen = this.duplicates.get(id);
        if (seen === undefined) this.duplicates.set(id, { id, type: type.text, event_time: iso(time), positions: [position] });
        else seen.positions.push(position);
      }
      if (badKind !== null) {
        this.bad.push({ position, kind: badKind, id, type: type.text, event_time: iso(time) });
        return;
      }
      if (mark.copy) return;
    }
    const windowMs = this.plan.windowMs;
    const window = Math.floor(time / windowMs) * windowMs;
    let slot = this.slotOf[type.index];
    if (slot === undefined) {
      slot = this.slotOf[type.index] = this.types.length;
      this.types.push(type);
      this.purchaseSlot.push(type.text === this.plan.purchases?.event);
    }
    const inEventTime = this.byEventTime.add(window, slot);
    const inProcessingTime = this.byProcessingTime.add(Math.floor(processingTime / windowMs) * windowMs, slot);
    if (this.purchaseSlot[slot]) {
      inEventTime.purchases++;
      inEventTime.revenue += revenue;
      inProcessingTime.purchases++;
      inProcessingTime.revenue += revenue;
    }
    for (const watermark of this.marks) {
      if (time < watermark.max - watermark.delay) {
        watermark.dropped++;
        watermark.byWindow.set(window, (watermark.byWindow.get(window) ?? 0) + 1);
      } else if (time > watermark.max) {
        watermark.max = time;
      }
    }
  }

  /** Adds the Kafka partition and offset of each listed record. */
  private place(places: ReadonlyMap<number, RecordPlace>): void {
    const at = (position: number): RecordPlace => places.get(position) ?? { partition: -1, offset: null };
    for (const duplicate of this.duplicates.values()) {
      duplicate.partitions = duplicate.positions.map((position) => at(position).partition);
      duplicate.offsets = duplicate.positions.map((position) => at(position).offset);
    }
    for (const bad of this.bad) {
      bad.partition = at(bad.position).partition;
      bad.offset = at(bad.position).offset;
    }
  }

  finish(stage: FaultTally, places?: ReadonlyMap<number, RecordPlace>): AnswerKeyParts {
    if (places !== undefined) this.place(places);
    // Type names in order, found once: each window then lists its counts without sorting.
    const order = this.types.map((type, slot) => ({ text: type.text, slot })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const byType = (window: Window | undefined): Record<string, number> => {
      const counts: Record<string, number> = {};
      if (window === undefined) return counts;
      for (const { text, slot } of order) {
        const n = window.byType[slot];
        if (n !== undefined) counts[text] = n;
      }
      return counts;
    };
    const isoOf = new WindowTimes();
    const purchases = this.plan.purchases;
    const windows = ({ map }: Windows, started: Map<number, number> | null): Record<string, WindowCounts> => {
      const starts = [...map.keys()];
      if (started !== null) for (const start of started.keys()) if (!map.has(start)) starts.push(start);
      starts.sort((a, b) => a - b);
      const out: Record<string, WindowCounts> = {};
      for (const start of starts) {
        const window = map.get(start);
        const counts: WindowCounts = { events: window?.events ?? 0, events_by_type: byType(window) };
        if (started !== null) counts.sessions_started = started.get(start) ?? 0;
        if (purchases !== null) {
          counts.purchases = window?.purchases ?? 0;
          if (purchases.revenue !== null) counts.revenue = revenueText(window?.revenue ?? 0, purchases.decimals);
        }
        out[isoOf.format(start)] = counts;
      }
      return out;
    };
    const duplicates = [...this.duplicates.values()];
    return {
      windows: { seconds: this.plan.windowMs / 1000, event_time: windows(this.byEventTime, stage.sessionsStarted), processing_time: windows(this.byProcessingTime, null) },
      watermarks: this.marks.map((w) => ({ delay_seconds: w.delay / 1000, dropped: w.dropped, dropped_by_window: Object.fromEntries([...w.byWindow].sort((a, b) => a[0] - b[0]).map(([start, n]) => [isoOf.format(start), n])) })),
      faults: {
        settings: this.plan.settings,
        dropped: stage.dropped.length,
        duplicated: duplicates.length,
        bad: this.bad.length,
        drops: stage.dropped.map(dropEntry),
        duplicates,
        bad_records: this.bad,
      },
    };
  }
}

function dropEntry(dropped: DroppedEvent): AnswerKeyParts['faults']['drops'][number] {
  return { id: `${dropped.session}:${dropped.index}`, type: dropped.type, event_time: iso(dropped.time) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
