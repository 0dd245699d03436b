import type { Sym } from '../engine/sym.js';
import type { BadRecordKind } from '../scenario/schema.js';
import type { DroppedEvent, FaultStage } from './fault-stage.js';
import type { FaultMark } from './marks.js';
import type { FaultPlan } from './plan.js';

/** What the fault stages of a run saw before delivery: the events dropped and the sessions started per window. */
export type FaultTally = Pick<FaultStage, 'dropped' | 'sessionsStarted'>;

/** Counts of one window: events by type, and (by event time) the sessions whose first event is in it. */
export interface WindowCounts {
  events: number;
  events_by_type: Record<string, number>;
  sessions_started?: number;
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
    duplicates: { id: string; type: string; event_time: string; positions: number[] }[];
    bad_records: { position: number; kind: BadRecordKind; id: string; type: string; event_time: string }[];
  };
}

interface Window {
  events: number;
  /** Counts by the event type's slot (see AnswerKeyCollector.slotOf). */
  readonly byType: number[];
}

/**
 * Windows by their start. Records come mostly in time order, so the window of the last
 * record is kept at hand: most records cost no map lookup.
 */
class Windows {
  readonly map = new Map<number, Window>();
  private start = NaN;
  private current: Window = { events: 0, byType: [] };

  add(start: number, slot: number): void {
    if (start !== this.start) {
      this.start = start;
      let window = this.map.get(start);
      if (window === undefined) this.map.set(start, (window = { events: 0, byType: [] }));
      this.current = window;
    }
    const window = this.current;
    window.events++;
    window.byType[slot] = (window.byType[slot] ?? 0) + 1;
  }
}

/** Collects the answer key's windows, watermarks and faults from the records as they are written. */
export class AnswerKeyCollector {
  private readonly byEventTime = new Windows();
  private readonly byProcessingTime = new Windows();
  /** Event types seen, by slot; and the slot of each by its Sym index (Syms number every interned text, so their indexes are sparse). */
  private readonly types: Sym[] = [];
  private readonly slotOf: number[] = [];
  /** Per watermark: the largest event time written so far, and what it dropped by window. */
  private readonly marks: { delay: number; max: number; dropped: number; byWindow: Map<number, number> }[];
  private readonly duplicates = new Map<string, AnswerKeyParts['faults']['duplicates'][number]>();
  private readonly bad: AnswerKeyParts['faults']['bad_records'] = [];

  constructor(private readonly plan: FaultPlan) {
    this.marks = plan.watermarksMs.map((delay) => ({ delay, max: -Infinity, dropped: 0, byWindow: new Map() }));
  }

  /** One record of event type `type` written at `position` with event time `time` as written; `badKind` when it was written broken. */
  add(type: Sym, time: number, position: number, processingTime: number, mark: FaultMark | undefined, badKind: BadRecordKind | null): void {
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
    }
    this.byEventTime.add(window, slot);
    this.byProcessingTime.add(Math.floor(processingTime / windowMs) * windowMs, slot);
    for (const watermark of this.marks) {
      if (time < watermark.max - watermark.delay) {
        watermark.dropped++;
        watermark.byWindow.set(window, (watermark.byWindow.get(window) ?? 0) + 1);
      } else if (time > watermark.max) {
        watermark.max = time;
      }
    }
  }

  finish(stage: FaultTally): AnswerKeyParts {
    const byType = (window: Window | undefined): Record<string, number> =>
      Object.fromEntries(
        (window?.byType ?? [])
          .flatMap((n, slot) => (n === undefined ? [] : [[this.types[slot].text, n] as const]))
          .sort(byKey),
      );
    const windows = ({ map }: Windows, started: Map<number, number> | null): Record<string, WindowCounts> =>
      Object.fromEntries(
        [...new Set([...map.keys(), ...(started?.keys() ?? [])])]
          .sort((a, b) => a - b)
          .map((start) => {
            const window = map.get(start);
            const counts: WindowCounts = { events: window?.events ?? 0, events_by_type: byType(window) };
            if (started !== null) counts.sessions_started = started.get(start) ?? 0;
            return [iso(start), counts];
          }),
      );
    const duplicates = [...this.duplicates.values()];
    return {
      windows: { seconds: this.plan.windowMs / 1000, event_time: windows(this.byEventTime, stage.sessionsStarted), processing_time: windows(this.byProcessingTime, null) },
      watermarks: this.marks.map((w) => ({ delay_seconds: w.delay / 1000, dropped: w.dropped, dropped_by_window: Object.fromEntries([...w.byWindow].sort((a, b) => a[0] - b[0]).map(([start, n]) => [iso(start), n])) })),
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

function byKey(a: readonly [string, number], b: readonly [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
