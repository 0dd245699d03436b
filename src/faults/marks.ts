import type { Layout } from '../engine/event.js';

/** What the fault stage says of an event it let through changed: carried on its layout to the writer. */
export interface FaultMark {
  readonly session: number;
  readonly index: number;
  /** The event is delivered twice: `copy` is false on the first delivery, true on the second. */
  readonly duplicated: boolean;
  readonly copy: boolean;
  /** The record is written broken. */
  readonly bad: boolean;
}

/**
 * A layout with a fault mark. Encoders key their plans by layout id, so a marked event is
 * written exactly as it would be; the mark survives DeliveryOrder, which keeps layouts.
 */
export interface MarkedLayout extends Layout {
  readonly fault: FaultMark;
}

/** The mark of an event, or undefined for an event the faults left alone. */
export function markOf(layout: Layout): FaultMark | undefined {
  return (layout as Partial<MarkedLayout>).fault;
}

/** Whether the answer key lists a record with this mark by its position: a duplicate or a bad record. */
export function isListedMark(mark: FaultMark | undefined): boolean {
  return mark !== undefined && (mark.duplicated || mark.bad);
}
