import { wallNow } from './line-recorder.js';

/**
 * Notes when this process did not run for a while: a timer that should fire every 5 ms
 * and fired late. On a shared machine a process is sometimes descheduled for tens of
 * milliseconds; a timing assertion about a window that contains such a stall tests the
 * machine, not the code, so timing tests set those windows aside (and say how many).
 */
export class StallMonitor {
  readonly stalls: { from: number; to: number }[] = [];
  private last = wallNow();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly thresholdMs = 25) {
    this.timer = setInterval(() => {
      const now = wallNow();
      if (now - this.last > this.thresholdMs) this.stalls.push({ from: this.last, to: now });
      this.last = now;
    }, 5);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Whether the process stalled between `from` and `to` (epoch ms). */
  stalledWithin(from: number, to: number): boolean {
    return this.stalls.some((stall) => stall.to > from && stall.from < to);
  }
}
