import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Wall-clock time for real-time runs, injected so that the engine never reads the time
 * and tests can tell what a run will see.
 */
export interface Clock {
  /** Now, epoch ms with sub-millisecond precision; never goes backwards. */
  now(): number;
  /** Resolves at `time` (epoch ms), or early when the signal aborts. Never rejects. */
  sleepUntil(time: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The system clock: epoch-aligned at process start and then monotonic, so a wall-clock
 * step (NTP) cannot make a schedule jump or stall.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  async sleepUntil(time: number, signal?: AbortSignal): Promise<void> {
    const wait = time - systemClock.now();
    if (wait <= 0 || signal?.aborted === true) return;
    try {
      await sleep(Math.ceil(wait), undefined, { signal });
    } catch {
      // Aborted: the caller checks its signal.
    }
  },
};

/** The system clock as it will read `ms` milliseconds from now: to make things that long before they are due. */
export function clockAhead(ms: number): Clock {
  return {
    now: () => systemClock.now() + ms,
    sleepUntil: (time, signal) => systemClock.sleepUntil(time - ms, signal),
  };
}
