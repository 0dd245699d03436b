import type { Clock } from './clock.js';

/**
 * Lets events through when they are due. Waking once per event would cost a timer per
 * event; the gate wakes at most once per tick instead and then lets through everything
 * due by then, so the wake-ups per second stay bounded at any rate while an event is
 * never held more than a tick (plus the timer's own lateness) past its due time.
 */
export class ReleaseGate {
  /** Everything due up to this time may go without asking the clock again. */
  private releasedUntil = -Infinity;
  private lastWake = -Infinity;

  constructor(
    private readonly clock: Clock,
    /** Shortest time between two wake-ups, ms. */
    private readonly tickMs: number,
  ) {}

  /** Whether an event due at `due` (epoch ms) may go now. */
  isDue(due: number): boolean {
    if (due <= this.releasedUntil) return true;
    this.releasedUntil = this.clock.now();
    return due <= this.releasedUntil;
  }

  /** Waits until `due`, or a little later to keep to the tick; returns early on abort. */
  async waitFor(due: number, signal?: AbortSignal): Promise<void> {
    const until = Math.max(due, this.lastWake + this.tickMs);
    // A timer can fire a little early (the event loop's cached time lags): sleep again then.
    while (this.clock.now() < until && signal?.aborted !== true) await this.clock.sleepUntil(until, signal);
    this.lastWake = this.releasedUntil = this.clock.now();
  }
}
