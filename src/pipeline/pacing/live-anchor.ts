import type { EventView } from '../../engine/event.js';
import type { Clock } from '../../clock/clock.js';
import type { ReleaseSchedule } from './rate-schedule.js';
import type { TimeShift } from './time-shift.js';

/** The start of a run split into parts, and when it is on the wall clock (known once every part is ready). */
export interface SharedAnchor {
  readonly start: number;
  wall(): number;
}

/** How far the times of every part of a run anchored at `anchor` move, ms: a whole number. */
export function sharedOffset(anchor: SharedAnchor): number {
  return Math.round(anchor.wall() - anchor.start);
}

/**
 * A live run starts "now", but getting ready (simulating history, waiting for a socket
 * reader) takes a moment; anchoring at the first event, instead of at the moment the
 * run was asked for, keeps that moment from coming out as a burst of overdue events.
 * Every due time and stamp moves by the same whole number of milliseconds.
 */
export class LiveAnchor implements ReleaseSchedule {
  /** Milliseconds added to the schedule's times; fixed at the first event. */
  offset = NaN;

  constructor(
    private readonly inner: ReleaseSchedule,
    private readonly clock: Clock,
    private readonly shift: TimeShift,
    /** Anchors the run's start instead (parts of one run share it): the start and when it is on the wall clock. */
    private readonly shared?: SharedAnchor,
  ) {}

  due(event: EventView, receivedAt = event.time): number {
    const due = this.inner.due(event, receivedAt);
    if (Number.isNaN(this.offset)) this.offset = this.shared === undefined ? Math.round(this.clock.now() - due) : sharedOffset(this.shared);
    this.shift.moveBy(event, this.offset);
    return due + this.offset;
  }

  history(event: EventView): void {
    this.inner.history?.(event);
  }
}
