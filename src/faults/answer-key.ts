import { BySymIndex, type Sym } from '../engine/sym.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { RecordPlace } from '../sinks/types.js';
import type { DroppedEvent, FaultStage } from './fault-stage.js';
import type { FaultMark } from './marks.js';
import type { FaultPlan } from './plan.js';
import { keyWindows } from './key-windows.js';
import { WindowTable } from './window-table.js';
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

/** Collects the answer key's windows, watermarks and faults from the records as they are written. */
export class AnswerKeyCollector {
  private readonly byEventTime = new WindowTable();
  private readonly byProcessingTime = new WindowTable();
  /** Event types seen, by slot; and the slot of each by its Sym index (Syms number every interned text, so their indexes are sparse). */
  private readonly types: Sym[] = [];
  /** Each type's slot + 1. */
  private readonly slotOf = new BySymIndex();
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
    const index = Math.floor(time / windowMs);
    let slot = this.slotOf.get(type.index) - 1;
    if (slot < 0) {
      slot = this.types.length;
      this.slotOf.set(type.index, slot + 1);
      this.types.push(type);
      this.purchaseSlot.push(type.text === this.plan.purchases?.event);
    }
    const units = this.purchaseSlot[slot] ? revenue : 0;
    this.byEventTime.add(index, slot, units);
    this.byProcessingTime.add(Math.floor(processingTime / windowMs), slot, units);
    const window = index * windowMs;
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
    const types = this.types.map((type, slot) => ({ name: type.text, slot })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const isoOf = new WindowTimes();
    const windows = keyWindows({
      plan: this.plan,
      types,
      purchaseSlot: this.purchaseSlot.indexOf(true),
      eventTime: this.byEventTime,
      processingTime: this.byProcessingTime,
      started: stage.sessionsStarted,
    });
    // A copy whose delay outlasted a live run was never written: its event was delivered once.
    const duplicates = [...this.duplicates.values()].filter((duplicate) => duplicate.positions.length > 1);
    return {
      windows,
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
