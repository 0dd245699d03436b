import type { EventView } from '../../engine/event.js';
import type { Clock } from '../../clock/clock.js';
import type { ReleaseSchedule } from './rate-schedule.js';
import type { TimeShift } from './time-shift.js';

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
  ) {}

  due(event: EventView, receivedAt = event.time): number {
    const due = this.inner.due(event, receivedAt);
    if (Number.isNaN(this.offset)) this.offset = Math.round(this.clock.now() - due);
    this.shift.moveBy(event, this.offset);
    return due + this.offset;
  }

  history(event: EventView): void {
    this.inner.history?.(event);
  }
}
